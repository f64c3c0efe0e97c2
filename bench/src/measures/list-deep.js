import { join } from 'node:path';
import { PostgresBackend } from '@infer/backend-postgres';
import { lastJson } from '../lib/child-output.js';
import {
  LIST_DEEP_CALLS,
  LIST_DEEP_CONVERSATIONS,
  LIST_DEEP_LIMIT,
  LIST_DEEP_WARMUP,
  deepId,
  seedPostgres,
  seedSqlite,
} from '../lib/list-deep.js';
import { PgAdmin } from '../lib/pg-admin.js';
import { backendPostgresConfig, uniqueName } from '../lib/services.js';

/** The bound the issue sets on each page, first and last. */
const MAX_MEDIAN_MS = 5;

const TIMING =
  `in-process: ${LIST_DEEP_CALLS} calls of list({ limit: ${LIST_DEEP_LIMIT} }) after ${LIST_DEEP_WARMUP} untimed ` +
  "ones, the child's own process.hrtime (ms per call)";

/** One side: the page whose first conversation is at position `from` (after the one before it). */
function side(ws, type, target, label, from) {
  const after = from === 0 ? '' : deepId(from - 1);
  const argv = [ws.node, join(ws.childrenDir, 'list-deep.js'), type, JSON.stringify(target), after];
  return {
    label,
    command: () => ({ argv, cwd: ws.root, env: ws.env }),
    verify(run) {
      const { listed, first, last } = lastJson(run.stdout);
      const expected = [LIST_DEEP_LIMIT, deepId(from), deepId(from + LIST_DEEP_LIMIT - 1)];
      return [listed, first, last].join() === expected.join()
        ? undefined
        : `listed ${listed} from ${first} to ${last}, expected ${expected.join(', ')}`;
    },
    elapsed: (run) => lastJson(run.stdout).ms,
  };
}

/** The last page, read with `after` (keyset pagination), against the first page of the same store. */
function measure(ws, type, name, target, teardown) {
  return {
    id: `list-deep:${type}`,
    title:
      `\`list({ limit: ${LIST_DEEP_LIMIT}, after })\`: the last page of a ${name} store of ` +
      `${LIST_DEEP_CONVERSATIONS.toLocaleString('en-US')} conversations (every 10 updated at one instant)`,
    floorTitle: `its first page, \`list({ limit: ${LIST_DEEP_LIMIT} })\``,
    target: 1.5,
    maxMedianMs: MAX_MEDIAN_MS,
    timing: TIMING,
    a: side(ws, type, target, 'last page, after', LIST_DEEP_CONVERSATIONS - LIST_DEEP_LIMIT),
    b: side(ws, type, target, 'first page', 0),
    teardown,
  };
}

/**
 * A page deep in a store of 1,000,000 conversations costs what the first does: both read through the
 * listing index. SQLite (seeded by hand, one transaction) and PostgreSQL (generate_series, in a
 * throw-away database), each migrated by its backend first; seeding is outside every timing.
 */
export async function listDeepMeasures(ws) {
  const path = join(ws.root, 'list-deep.db');
  await seedSqlite(path);
  const sqlite = measure(ws, 'sqlite', 'SQLite', { path }, async () => {});
  const postgres = await PgAdmin.setUp(async (admin) => {
    const database = await admin.createDatabase(uniqueName('infer_bench_list_deep'));
    await (await PostgresBackend.open({ config: backendPostgresConfig(database) })).close();
    await admin.withDatabase(database, seedPostgres);
    return measure(ws, 'postgres', 'PostgreSQL', { database }, () => admin.close());
  });
  return [sqlite, postgres];
}
