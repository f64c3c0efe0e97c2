import { join } from 'node:path';
import { lastJson } from '../lib/child-output.js';
import { PgAdmin } from '../lib/pg-admin.js';
import { uniqueName } from '../lib/services.js';

export const PG_APPLY_MIGRATIONS = 200;

/** One side: a child script that applies the migrations to a database created for this run alone. */
function subject(ws, admin, label, script) {
  return {
    label,
    // Created before the timed process and dropped after its verification, both outside the timing.
    command: async () => {
      const database = await admin.createDatabase(uniqueName('infer_bench_apply'));
      return { argv: [ws.node, join(ws.childrenDir, script), database, String(PG_APPLY_MIGRATIONS)], cwd: ws.root, env: ws.env, context: database };
    },
    async verify(run, database) {
      const reported = lastJson(run.stdout).applied;
      if (reported !== PG_APPLY_MIGRATIONS) return `reported ${reported} applied, expected ${PG_APPLY_MIGRATIONS}`;
      return admin.expect(database, { ledgerRows: PG_APPLY_MIGRATIONS, benchTables: PG_APPLY_MIGRATIONS, benchIndexes: PG_APPLY_MIGRATIONS });
    },
    cleanup: (database) => admin.dropDatabase(database),
  };
}

/** The engine applying 200 migrations to a new PostgreSQL database, against pg by hand. */
export function pgApplyMeasure(ws) {
  return PgAdmin.setUp(async (admin) => ({
    id: 'pg-apply',
    title: `apply ${PG_APPLY_MIGRATIONS} migrations to a new PostgreSQL database (Migrator + PostgresMigrationDriver)`,
    floorTitle: 'pg by hand on one connection: advisory lock for the run, same ledger, per migration BEGIN, ledger check, `up`, ledger insert, COMMIT',
    target: 1.05,
    a: subject(ws, admin, 'engine', 'pg-apply-engine.js'),
    b: subject(ws, admin, 'raw pg', 'pg-apply-raw.js'),
    teardown: () => admin.close(),
  }));
}
