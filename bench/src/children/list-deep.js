// list-deep, one side: a page of 50 from a large store through the backend, timed per call.
// Usage: node list-deep.js <sqlite|postgres> <target JSON> <after id, or "" for the first page>
import { LIST_DEEP_CALLS, LIST_DEEP_LIMIT, LIST_DEEP_WARMUP } from '../lib/list-deep.js';
import { backendPostgresConfig } from '../lib/services.js';

const OPEN = {
  sqlite: async ({ path }) =>
    (await import('@infer/backend-sqlite')).SqliteBackend.open({ config: { path }, migrate: false }),
  postgres: async ({ database }) =>
    (await import('@infer/backend-postgres')).PostgresBackend.open({
      config: backendPostgresConfig(database),
      migrate: false,
    }),
};

const [type, target, after] = process.argv.slice(2);
const backend = await OPEN[type](JSON.parse(target));
const options = after ? { limit: LIST_DEEP_LIMIT, after } : { limit: LIST_DEEP_LIMIT };
let page = [];
for (let i = 0; i < LIST_DEEP_WARMUP; i++) page = await backend.list(options);
const started = process.hrtime.bigint();
for (let i = 0; i < LIST_DEEP_CALLS; i++) page = await backend.list(options);
const ms = Number(process.hrtime.bigint() - started) / 1e6 / LIST_DEEP_CALLS;
await backend.close();
process.stdout.write(`${JSON.stringify({ ms, listed: page.length, first: page[0]?.id, last: page.at(-1)?.id })}\n`);
