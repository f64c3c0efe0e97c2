import { join } from 'node:path';
import { applySubject, sqliteTargets } from '../lib/apply-subject.js';
import { PEER_SEMANTICS, knexEnv, knexLatestArgv, peerName, umzugArgv } from '../lib/peer-tools.js';
import { LEDGERS } from '../lib/shapes.js';
import { writeKnexProject, writeUmzugMigrations } from '../setup/peer-projects.js';

export const APPLY_COUNTS = [50, 200, 1000];

/** Ours / the floor, by N (issue 17: 1.10 at 1000). */
const TARGETS = { 50: 1.15, 200: 1.15, 1000: 1.1 };

/** Ours / knex at 1000 migrations (issue 17: 2.5× faster). No target against knex below, nor against umzug. */
const KNEX_TARGETS = { 1000: 0.4 };

/**
 * The engine applying N migrations to a new SQLite file (one measure per N, ids `apply:<N>`),
 * against better-sqlite3 by hand, with knex and umzug in the same rotation.
 */
export function applyMeasures(ws) {
  const targets = sqliteTargets(ws);
  return APPLY_COUNTS.map((count) => {
    const side = (label, tag, options) =>
      applySubject(ws, targets, { label, name: `apply-${count}-${tag}`, count, ...options });
    const knexProject = writeKnexProject(ws, { dialect: 'sqlite', count });
    const umzugMigrations = writeUmzugMigrations(ws, { count });
    return {
      id: `apply:${count}`,
      title: `apply ${count} migrations to a new SQLite file (Migrator + SqliteMigrationDriver)`,
      floorTitle: 'better-sqlite3 by hand, same transactions and ledger',
      target: TARGETS[count],
      a: side('engine', 'engine', {
        argv: (path) => [ws.node, join(ws.childrenDir, 'apply-engine.js'), path, String(count)],
      }),
      b: side('raw better-sqlite3', 'raw', {
        argv: (path) => [ws.node, join(ws.childrenDir, 'apply-raw.js'), path, String(count)],
      }),
      peers: [
        {
          ...side('knex', 'knex', {
            argv: () => knexLatestArgv(ws, knexProject),
            env: (path) => knexEnv(ws, path),
            ledger: LEDGERS.knex,
          }),
          title:
            `${peerName(ws, 'knex')} \`knex.migrate.latest()\` in a script (better-sqlite3, one JS file ` +
            'per migration)',
          semantics: PEER_SEMANTICS.knexSqlite,
          target: KNEX_TARGETS[count],
        },
        {
          ...side('umzug', 'umzug', {
            argv: (path) => umzugArgv(ws, 'up', umzugMigrations, path),
            ledger: LEDGERS.umzug,
          }),
          title:
            `${peerName(ws, 'umzug')} \`up()\` in a script (better-sqlite3, \`*.up.sql\` files, storage ` +
            'in a table)',
          semantics: PEER_SEMANTICS.umzug,
        },
      ],
    };
  });
}
