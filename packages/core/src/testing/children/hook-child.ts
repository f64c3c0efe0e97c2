// Loads a backend's plugin hook the way the CLI does at start-up, in a process of its own, and
// prints what it registered and whether the database driver has been loaded by then.
// argv[2]: the hook file; argv[3]: the driver's module path, as a regular expression ('' for none).
import { createRequire } from 'node:module';
import type { BackendDescriptor } from '../../contract/descriptor.js';
import { registeredBy } from './registered-by.js';

const [hookFile, driverSource] = process.argv.slice(2) as [string, string];
const registered = await registeredBy<BackendDescriptor>(hookFile);
const driver = driverSource === '' ? undefined : new RegExp(driverSource);
const loaded = Object.keys(createRequire(import.meta.url).cache);
console.log(
  JSON.stringify({
    registered: registered.map(({ type, displayName, migrations }) => ({
      type,
      displayName,
      migrations: Array.isArray(migrations) ? migrations.length : migrations,
    })),
    driverLoaded: driver !== undefined && loaded.some((path) => driver.test(path)),
  }),
);
