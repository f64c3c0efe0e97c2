// storage-ops, the floor: the backend's driver by hand (stores/<type>.js), same statements, same loop.
// Usage: node storage-ops-raw.js <type> <target JSON> <conversation id>
import { runOps } from '../lib/ops-loop.js';

const [type, target, id] = process.argv.slice(2);
const { openStore } = await import(`./stores/${type}.js`);
const store = await openStore(JSON.parse(target));
process.stdout.write(`${JSON.stringify(await runOps(store, id))}\n`);
