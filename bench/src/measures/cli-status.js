import { join } from 'node:path';
import { assertSeeded, expectDatabase } from '../lib/ledger.js';
import { knexEnv, knexLatestArgv, knexStatusArgv, peerName, umzugArgv } from '../lib/peer-tools.js';
import { LEDGERS } from '../lib/shapes.js';
import {
  floorNoopSubject,
  inferStatusSubject,
  knexStatusPeer,
  rawStatusPeer,
  umzugPendingPeer,
} from '../lib/status-subjects.js';
import { inferArgv, mustRun, runInfer, writeConfig } from '../setup/cli.js';
import { floorArgv } from '../setup/floor.js';
import { writeKnexProject, writeUmzugMigrations } from '../setup/peer-projects.js';
import { benchPluginName, benchType, linkBenchPlugin } from '../setup/plugin.js';
import { firstStartMeasure } from './first-start.js';

export const STATUS_MIGRATIONS = 200;

/**
 * Ours / the default oclif CLI's `noop` (issue 17), by the line of the Node running the bench: Node 24 runs
 * both sooner, and its compile cache serves our bin and not the default one.
 */
const TARGET = Number(process.versions.node.split('.')[0]) >= 24 ? 0.85 : 1;

/**
 * `infer migrate --status` on a SQLite database with 200 migrations applied, against the default bare
 * oclif CLI with the same plugins (the bench plugin included) whose `noop` does nothing; with the tuned
 * bare oclif CLI, the raw ledger read, `knex migrate:status` and umzug `pending()` in the same rotation,
 * each on a database its own tool migrated. And the same command's first start (`cli-status:first-start`).
 */
export function cliStatusMeasure(ws) {
  const count = STATUS_MIGRATIONS;
  const expected = { ledgerRows: count, benchTables: count, benchIndexes: count };
  const linked = linkBenchPlugin(ws, { name: 'plugin-cli-status', count });
  const database = join(ws.root, 'status.db');
  const config = writeConfig(join(ws.root, 'status.yaml'), benchType('sqlite'), { path: database });
  runInfer(linked, ['migrate', '--config', config], 'infer migrate (setup)');
  const holds = () => expectDatabase(database, expected);
  assertSeeded(holds());

  const knexProject = writeKnexProject(ws, { dialect: 'sqlite', count });
  const knexDatabase = join(ws.root, 'status-knex.db');
  mustRun(ws, knexLatestArgv(ws, knexProject), 'knex migrate.latest (setup)', knexEnv(ws, knexDatabase));
  const knexHolds = () => expectDatabase(knexDatabase, expected, LEDGERS.knex);
  assertSeeded(knexHolds());

  const umzugMigrations = writeUmzugMigrations(ws, { count });
  const umzugDatabase = join(ws.root, 'status-umzug.db');
  mustRun(ws, umzugArgv(ws, 'up', umzugMigrations, umzugDatabase), 'umzug up (setup)');
  const umzugHolds = () => expectDatabase(umzugDatabase, expected, LEDGERS.umzug);
  assertSeeded(umzugHolds());

  const status = { argv: [...inferArgv(linked), 'migrate', '--status', '--config', config], count, holds };
  const floor = floorNoopSubject(linked, floorArgv(linked, 'default', benchPluginName('sqlite')));
  const measure = {
    id: 'cli-status',
    title: `\`infer migrate --status\`, ${count} migrations applied`,
    floorTitle: floor.title,
    target: TARGET,
    a: inferStatusSubject(linked, status),
    b: floor,
    peers: [
      floorNoopSubject(linked, floorArgv(linked, 'tuned', benchPluginName('sqlite')), 'tuned'),
      rawStatusPeer(ws, {
        argv: [ws.node, join(ws.childrenDir, 'status-raw.js'), database],
        count,
        holds,
        title: 'better-sqlite3 by hand: read `schema_migrations`, print it',
      }),
      knexStatusPeer(ws, {
        argv: knexStatusArgv(ws, knexProject),
        env: knexEnv(ws, knexDatabase),
        count,
        holds: knexHolds,
        title: `${peerName(ws, 'knex')} CLI \`knex migrate:status\` (better-sqlite3)`,
      }),
      umzugPendingPeer(ws, {
        argv: umzugArgv(ws, 'pending', umzugMigrations, umzugDatabase),
        holds: umzugHolds,
        title: `${peerName(ws, 'umzug')} \`pending()\` in a script (better-sqlite3)`,
      }),
    ],
  };
  return [measure, firstStartMeasure(linked, status)];
}
