import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POSTGRES } from './services.js';

/**
 * The peer migration tools (bench dependencies only, pinned in bench/package.json): how a user
 * runs each as a whole process (argv and environment), and what its transactions, ledger and lock
 * are next to ours. Their migration files come from setup/peer-projects.js.
 */

const bin = (ws, ...path) => join(ws.benchRoot, 'node_modules', ...path);

const KNEX_SEMANTICS =
  'one transaction per migration (knexfile `disableTransactions: true` plus `exports.config = { transaction: ' +
  "true }` in each file; knex's default is one transaction around the whole batch); its ledger row " +
  '(`knex_migrations`) is inserted right after that transaction commits, outside it: knex has no way to commit ' +
  'a migration together with its row; lock: a row of `knex_migrations_lock`, set in a transaction of its own ' +
  'before the batch and cleared after';

export const PEER_SEMANTICS = Object.freeze({
  knexSqlite:
    `${KNEX_SEMANTICS}; better-sqlite3 with our pragmas (WAL, NORMAL, 30 s busy timeout) ` +
    "set in the pool's `afterCreate`",
  knexPostgres: KNEX_SEMANTICS,
  umzug:
    'one transaction per migration holding its ledger row, as ours (`BEGIN IMMEDIATE` on the `migrating` event, ' +
    "`COMMIT` on `migrated`, with `up` and the storage's `logMigration` between), on better-sqlite3 with our " +
    'pragmas; the ledger is read once before the run, not re-checked per migration; no lock (umzug has none ' +
    'built in, only a file locker by events)',
  nodePgMigrate:
    'one transaction per migration holding its ledger row (`singleTransaction: false`; the default is one ' +
    'transaction around the whole run), statements sent one by one (BEGIN, the migration, the `pgmigrations` ' +
    'insert, COMMIT); the ledger is read once before the run; lock: `pg_try_advisory_lock` for the run, as ours ' +
    'takes `pg_advisory_lock`',
});

/** The installed version of a peer tool, for the titles in RESULTS.md: `knex 3.3.0`. */
export function peerName(ws, tool) {
  const { version } = JSON.parse(readFileSync(bin(ws, tool, 'package.json'), 'utf8'));
  return `${tool} ${version}`;
}

const script = (ws, name, ...args) => [ws.node, join(ws.childrenDir, name), ...args];

/** `knex.migrate.latest()` in a user's script, on the project's knexfile. */
export const knexLatestArgv = (ws, project) => script(ws, 'knex-latest.js', project);

/** The knex CLI, as `npx knex migrate:status` runs it (the project's knexfile). */
export const knexStatusArgv = (ws, project) => [
  ws.node,
  bin(ws, 'knex', 'bin', 'cli.js'),
  'migrate:status',
  '--knexfile',
  join(project, 'knexfile.js'),
];

/** A knexfile takes its database (file or name) from the environment. */
export const knexEnv = (ws, database) => ({ ...ws.env, BENCH_DATABASE: database });

/** A user's umzug script: `up` or `pending` on the SQL migrations in `dir`, database file `path`. */
export const umzugArgv = (ws, command, dir, path) => script(ws, 'umzug-migrate.js', command, dir, path);

/** node-pg-migrate's programmatic `runner` in a user's script. */
export const pgMigrateUpArgv = (ws, dir, database) => script(ws, 'pg-migrate-up.js', dir, database);

/**
 * node-pg-migrate has no status command: a user sees what is pending with `node-pg-migrate up
 * --dry-run` (its CLI; it takes the lock, reads the ledger and the files, prints the SQL it would run).
 */
export const pgMigrateDryRunArgv = (ws, dir) => [
  ws.node,
  bin(ws, 'node-pg-migrate', 'bin', 'node-pg-migrate.js'),
  'up',
  '--dry-run',
  '-m',
  dir,
];

/** node-pg-migrate's CLI reads its connection from DATABASE_URL (no password: the server trusts). */
export const pgMigrateEnv = (ws, database) => ({
  ...ws.env,
  DATABASE_URL: `postgres://${encodeURIComponent(POSTGRES.user)}@${POSTGRES.host}:${POSTGRES.port}/${database}`,
});
