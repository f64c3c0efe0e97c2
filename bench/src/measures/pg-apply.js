import { join } from 'node:path';
import { applySubject, postgresTargets } from '../lib/apply-subject.js';
import { PEER_SEMANTICS, knexEnv, knexLatestArgv, peerName, pgMigrateUpArgv } from '../lib/peer-tools.js';
import { PgAdmin } from '../lib/pg-admin.js';
import { LEDGERS } from '../lib/shapes.js';
import { writeKnexProject, writePgMigrateMigrations } from '../setup/peer-projects.js';

export const PG_APPLY_MIGRATIONS = 200;

/**
 * The engine applying 200 migrations to a new PostgreSQL database, against pg by hand, with knex
 * and node-pg-migrate in the same rotation; ours must be faster than both.
 */
export function pgApplyMeasure(ws) {
  const count = PG_APPLY_MIGRATIONS;
  return PgAdmin.setUp(async (admin) => {
    const side = (label, options) =>
      applySubject(ws, postgresTargets(admin), { label, name: label, count, ...options });
    const knexProject = writeKnexProject(ws, { dialect: 'postgres', count });
    const pgMigrations = writePgMigrateMigrations(ws, { count });
    return {
      id: 'pg-apply',
      title: `apply ${count} migrations to a new PostgreSQL database (Migrator + PostgresMigrationDriver)`,
      floorTitle:
        'pg by hand on one connection: advisory lock for the run, same ledger, per migration BEGIN, ledger ' +
        'check, `up`, ledger insert, COMMIT',
      target: 1.05,
      a: side('engine', {
        argv: (database) => [ws.node, join(ws.childrenDir, 'pg-apply-engine.js'), database, String(count)],
      }),
      b: side('raw pg', {
        argv: (database) => [ws.node, join(ws.childrenDir, 'pg-apply-raw.js'), database, String(count)],
      }),
      peers: [
        {
          ...side('knex', {
            argv: () => knexLatestArgv(ws, knexProject),
            env: (database) => knexEnv(ws, database),
            ledger: LEDGERS.knex,
          }),
          title: `${peerName(ws, 'knex')} \`knex.migrate.latest()\` in a script (pg, one JS file per migration)`,
          semantics: PEER_SEMANTICS.knexPostgres,
          target: 1,
        },
        {
          ...side('node-pg-migrate', {
            argv: (database) => pgMigrateUpArgv(ws, pgMigrations, database),
            ledger: LEDGERS.nodePgMigrate,
          }),
          title: `${peerName(ws, 'node-pg-migrate')} \`runner()\` in a script (one SQL file per migration)`,
          semantics: PEER_SEMANTICS.nodePgMigrate,
          target: 1,
        },
      ],
      teardown: () => admin.close(),
    };
  });
}
