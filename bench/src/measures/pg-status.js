import { join } from 'node:path';
import { postgresMigrations } from '@infer/backend-postgres';
import { assertSeeded } from '../lib/ledger.js';
import { PgAdmin } from '../lib/pg-admin.js';
import { backendPostgresConfig, uniqueName } from '../lib/services.js';
import { inferArgv, runInfer, writeConfig } from '../setup/cli.js';

/**
 * `infer migrate --status` on a PostgreSQL database with the backend's migrations applied once
 * before measuring, against a node script that reads the ledger with pg and prints it.
 */
export function pgStatusMeasure(ws) {
  // A HOME of its own: the CLI as installed, without the plugin cli-status links into ws.home.
  return PgAdmin.setUp((admin) => statusMeasure({ ...ws, env: ws.isolatedEnv('pg-status') }, admin));
}

async function statusMeasure(ws, admin) {
  const database = await admin.createDatabase(uniqueName('infer_bench_status'));
  const config = writeConfig(join(ws.root, 'pg-status.yaml'), 'postgres', backendPostgresConfig(database));
  runInfer(ws, ['migrate', '--config', config], 'infer migrate (setup)');
  const expected = { ledgerRows: postgresMigrations.length };
  assertSeeded(await admin.expect(database, expected));
  const versions = postgresMigrations.map((m) => m.version);

  const listed = (stdout, pattern) => versions.filter((version) => pattern(version).test(stdout));
  return {
    id: 'pg-status',
    title: `\`infer migrate --status\` on PostgreSQL, ${versions.length} migrations applied, none pending`,
    floorTitle:
      'node + pg: connect, `SELECT version, description, applied_at FROM schema_migrations ORDER BY version`, print',
    target: 1.2,
    a: {
      label: 'infer migrate --status (postgres)',
      command: () => ({
        argv: [...inferArgv(ws), 'migrate', '--status', '--config', config],
        cwd: ws.root,
        env: ws.env,
      }),
      async verify(run) {
        const applied = listed(run.stdout, (v) => new RegExp(`Version ${v}: .*\\(Applied\\)`));
        if (applied.length !== versions.length)
          return (
            `status lists ${applied.length} applied migrations, expected ${versions.length}: ` +
            `${run.stdout.slice(0, 300)}`
          );
        if (/Pending/.test(run.stdout)) return 'status reports a pending migration';
        return admin.expect(database, expected);
      },
    },
    b: {
      label: 'raw pg ledger read',
      command: () => ({
        argv: [ws.node, join(ws.childrenDir, 'pg-status-raw.js'), database],
        cwd: ws.root,
        env: ws.env,
      }),
      verify: (run) => {
        const printed = listed(run.stdout, (v) => new RegExp(`^  ${v}: .*\\(applied `, 'm'));
        return printed.length === versions.length
          ? undefined
          : `printed ${printed.length} ledger rows, expected ${versions.length}`;
      },
    },
    teardown: () => admin.close(),
  };
}
