import { join } from 'node:path';
import { ThrowawayPgBouncer } from '@infer/test-servers/postgres';
import { applySubject, postgresTargets } from '../lib/apply-subject.js';
import { PgAdmin } from '../lib/pg-admin.js';
import { POSTGRES } from '../lib/services.js';
import { PG_APPLY_MIGRATIONS } from './pg-apply.js';

/**
 * The engine applying 200 migrations to a new PostgreSQL database through a PgBouncer of the
 * harness's own (transaction pooling, in front of the same server), `lock_mode` left at `auto`,
 * against pg by hand through the same PgBouncer. The databases are made, checked and dropped
 * directly on the server; only the timed processes go through PgBouncer.
 */
export function pgApplyPgbouncerMeasure(ws) {
  const count = PG_APPLY_MIGRATIONS;
  return PgAdmin.setUp(async (admin) => {
    const pgbouncer = await ThrowawayPgBouncer.start({ server: POSTGRES, poolMode: 'transaction' });
    // The children read where the server is from the environment (lib/services.js).
    const env = () => ({ ...ws.env, BENCH_POSTGRES_HOST: pgbouncer.host, BENCH_POSTGRES_PORT: String(pgbouncer.port) });
    const side = (label, child) =>
      applySubject(ws, postgresTargets(admin), {
        label,
        name: label,
        count,
        env,
        argv: (database) => [ws.node, join(ws.childrenDir, child), database, String(count)],
      });
    return {
      id: 'pg-apply-pgbouncer',
      title:
        `apply ${count} migrations through PgBouncer in transaction pooling (Migrator + ` +
        'PostgresMigrationDriver, lock_mode auto)',
      floorTitle:
        'pg by hand on one connection through the same PgBouncer: per migration BEGIN, pg_advisory_xact_lock, ' +
        'ledger check, `up`, ledger insert, COMMIT',
      target: 1.1,
      a: side('engine', 'pg-apply-engine.js'),
      b: side('raw pg', 'pg-apply-pgbouncer-raw.js'),
      teardown: async () => {
        await pgbouncer.stop();
        await admin.close();
      },
    };
  });
}
