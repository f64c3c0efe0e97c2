import { join } from 'node:path';
import { postgresMigrations } from '@infer/backend-postgres';
import { assertSeeded } from '../lib/ledger.js';
import { PgAdmin } from '../lib/pg-admin.js';
import { backendPostgresConfig, uniqueName } from '../lib/services.js';
import { floorLedgerSubject, rawStatusPeer } from '../lib/status-subjects.js';
import { inferArgv, runInfer, writeConfig } from '../setup/cli.js';
import { floorArgv } from '../setup/floor.js';

/**
 * `infer migrate --status` on a PostgreSQL database with the backend's migrations applied once
 * before measuring, against the default bare oclif CLI's `ledger` command, which reads the ledger with
 * pg and prints it; with the same read in a node script in the same rotation.
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
  const holds = () => admin.expect(database, expected);
  assertSeeded(await holds());
  const versions = postgresMigrations.map((m) => m.version);
  const ledger = { database, count: versions.length, holds };
  const b = floorLedgerSubject(ws, floorArgv(ws, 'default'), ledger);

  return {
    id: 'pg-status',
    title: `\`infer migrate --status\` on PostgreSQL, ${versions.length} migrations applied, none pending`,
    floorTitle: b.title,
    target: 1,
    a: {
      label: 'infer migrate --status (postgres)',
      command: () => ({
        argv: [...inferArgv(ws), 'migrate', '--status', '--config', config],
        cwd: ws.root,
        env: ws.env,
      }),
      async verify(run) {
        const applied = versions.filter((v) => new RegExp(`Version ${v}: .*\\(Applied\\)`).test(run.stdout));
        if (applied.length !== versions.length)
          return (
            `status lists ${applied.length} applied migrations, expected ${versions.length}: ` +
            `${run.stdout.slice(0, 300)}`
          );
        if (/Pending/.test(run.stdout)) return 'status reports a pending migration';
        return holds();
      },
    },
    b,
    peers: [
      rawStatusPeer(ws, {
        ...ledger,
        argv: [ws.node, join(ws.childrenDir, 'pg-status-raw.js'), database],
        title:
          'node + pg in a script: connect, `SELECT version, description, applied_at FROM schema_migrations`, print',
      }),
    ],
    teardown: () => admin.close(),
  };
}
