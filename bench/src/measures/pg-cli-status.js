import { join } from 'node:path';
import {
  knexEnv,
  knexLatestArgv,
  knexStatusArgv,
  peerName,
  pgMigrateDryRunArgv,
  pgMigrateEnv,
  pgMigrateUpArgv,
} from '../lib/peer-tools.js';
import { assertSeeded } from '../lib/ledger.js';
import { PgAdmin } from '../lib/pg-admin.js';
import { backendPostgresConfig, uniqueName } from '../lib/services.js';
import { LEDGERS } from '../lib/shapes.js';
import {
  floorLedgerSubject,
  floorNoopSubject,
  inferStatusSubject,
  knexStatusPeer,
  pgMigrateDryRunPeer,
  rawStatusPeer,
} from '../lib/status-subjects.js';
import { inferArgv, mustRun, runInfer, writeConfig } from '../setup/cli.js';
import { floorArgv } from '../setup/floor.js';
import { writeKnexProject, writePgMigrateMigrations } from '../setup/peer-projects.js';
import { benchPluginName, benchType, linkBenchPlugin } from '../setup/plugin.js';
import { STATUS_MIGRATIONS } from './cli-status.js';

/**
 * cli-status on PostgreSQL: `infer migrate --status` with 200 migrations applied (the bench-postgres
 * plugin), against the default bare oclif CLI with the same plugins, whose `ledger` command reads the
 * ledger with pg; with its `noop`, the tuned bare oclif CLI's `ledger`, the raw ledger read,
 * `knex migrate:status` and `node-pg-migrate up --dry-run` in the same rotation, each on a database
 * its own tool migrated.
 */
export function pgCliStatusMeasure(ws) {
  return PgAdmin.setUp((admin) => statusMeasure(ws, admin));
}

async function statusMeasure(ws, admin) {
  const count = STATUS_MIGRATIONS;
  const expected = { ledgerRows: count, benchTables: count, benchIndexes: count };
  /**
   * A database of its own for each tool, migrated by it (`migrate(database)`), and a check that it still holds the
   * migrations.
   */
  const migrated = async (ledger, migrate) => {
    const database = await admin.createDatabase(uniqueName('infer_bench_status'));
    migrate(database);
    const holds = () => admin.expect(database, expected, ledger);
    assertSeeded(await holds());
    return { database, holds };
  };

  const linked = linkBenchPlugin(ws, { name: 'plugin-pg-cli-status', count, backend: 'postgres' });
  const config = join(ws.root, 'pg-cli-status.yaml');
  const ours = await migrated(LEDGERS.infer, (database) => {
    writeConfig(config, benchType('postgres'), backendPostgresConfig(database));
    runInfer(linked, ['migrate', '--config', config], 'infer migrate (setup)');
  });
  const knexProject = writeKnexProject(ws, { dialect: 'postgres', count });
  const knex = await migrated(LEDGERS.knex, (database) =>
    mustRun(ws, knexLatestArgv(ws, knexProject), 'knex migrate.latest (setup)', knexEnv(ws, database)),
  );
  const pgMigrations = writePgMigrateMigrations(ws, { count });
  const pgMigrate = await migrated(LEDGERS.nodePgMigrate, (database) =>
    mustRun(ws, pgMigrateUpArgv(ws, pgMigrations, database), 'node-pg-migrate runner (setup)'),
  );

  const floor = floorArgv(linked, 'default', benchPluginName('postgres'));
  const ledger = { database: ours.database, count, holds: ours.holds };
  const b = floorLedgerSubject(linked, floor, ledger);
  return {
    id: 'pg-cli-status',
    title: `\`infer migrate --status\` on PostgreSQL, ${count} migrations applied`,
    floorTitle: b.title,
    target: 1,
    a: inferStatusSubject(linked, {
      argv: [...inferArgv(linked), 'migrate', '--status', '--config', config],
      count,
      holds: ours.holds,
    }),
    b,
    peers: [
      floorNoopSubject(linked, floor),
      floorLedgerSubject(linked, floorArgv(linked, 'tuned', benchPluginName('postgres')), { ...ledger, kind: 'tuned' }),
      rawStatusPeer(ws, {
        argv: [ws.node, join(ws.childrenDir, 'pg-status-raw.js'), ours.database],
        count,
        holds: ours.holds,
        title: 'pg by hand: connect, read `schema_migrations`, print it',
      }),
      knexStatusPeer(ws, {
        argv: knexStatusArgv(ws, knexProject),
        env: knexEnv(ws, knex.database),
        count,
        holds: knex.holds,
        title: `${peerName(ws, 'knex')} CLI \`knex migrate:status\` (pg)`,
      }),
      pgMigrateDryRunPeer(ws, {
        argv: pgMigrateDryRunArgv(ws, pgMigrations),
        env: pgMigrateEnv(ws, pgMigrate.database),
        holds: pgMigrate.holds,
        title: `${peerName(ws, 'node-pg-migrate')} CLI \`node-pg-migrate up --dry-run\``,
      }),
    ],
    teardown: () => admin.close(),
  };
}
