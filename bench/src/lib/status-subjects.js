import { lastJson } from './child-output.js';
import { tableName } from './shapes.js';

/**
 * The sides of the status measures (cli-status on SQLite, pg-cli-status and pg-status on PostgreSQL): each
 * runs one status command against a database with `count` migrations applied and checks its output, then
 * that its database still holds exactly that (`holds()`: a problem, or undefined). A status command must
 * never write.
 */

/** A command that is the same on every run. */
const sameCommand =
  (ws, argv, env = ws.env) =>
  () => ({ argv, cwd: ws.root, env });

/** `infer migrate --status`: every generated migration listed as applied, in order, none pending. */
export function inferStatusSubject(ws, { argv, count, holds }) {
  const last = tableName(count);
  return {
    label: 'infer migrate --status',
    command: sameCommand(ws, argv),
    verify(run) {
      const listed = run.stdout.split('\n').filter((line) => /bench table t_\d{4}/.test(line));
      if (listed.length !== count) return `status lists ${listed.length} bench migrations, expected ${count}`;
      if (!listed.every((line) => /applied/i.test(line))) return 'status reports a bench migration that is not applied';
      if (!listed.at(-1).includes(last)) return `status does not end with ${last}`;
      return holds();
    },
  };
}

/** Ours / each peer tool in the status measures (issue 17): at least 10 % faster. */
const PEER_TARGET = 0.9;

/** The two bare oclif CLIs of setup/floor.js, by their bin, as titles and peers name them. */
export const FLOOR_CLIS = {
  default: 'bare oclif CLI (the bin `oclif generate` writes)',
  tuned: "tuned bare oclif CLI (oclif's entry points, auto-transpile off, Node's compile cache)",
};

/** What the tuned floor's bin does, for a peer running it. */
const TUNED_SEMANTICS =
  "its bin imports oclif's `execute` and `settings` entry points instead of its index, turns auto-transpiling " +
  "of linked plugins off and enables Node's compile cache where Node has it (22.8+), as our own bin did up to " +
  'issue 17';

/** The bare oclif CLI's `noop` (argv `floor`, with the bin `kind`): prints nothing. */
export function floorNoopSubject(ws, floor, kind = 'default') {
  return {
    label: `${kind} oclif noop`,
    title: `${FLOOR_CLIS[kind]}, same plugins, \`noop\` command`,
    semantics: kind === 'tuned' ? `${TUNED_SEMANTICS}; the command does nothing` : 'does nothing',
    command: sameCommand(ws, [...floor, 'noop']),
    verify: (run) =>
      run.stdout.trim() === '' ? undefined : `noop printed ${JSON.stringify(run.stdout.slice(0, 200))}`,
  };
}

/** A process that reads the ledger and prints every row (lib/pg-ledger.js, children/status-raw.js). */
function ledgerReadSubject(ws, { argv, count, holds, label }) {
  return {
    label,
    command: sameCommand(ws, argv),
    verify(run) {
      const printed = run.stdout.split('\n').filter((line) => /^ {2}\d+: .*\(applied /.test(line)).length;
      return printed === count ? holds() : `printed ${printed} ledger rows, expected ${count}`;
    },
  };
}

/** The driver by hand (children/status-raw.js, pg-status-raw.js): reads the ledger, prints every row. */
export function rawStatusPeer(ws, { argv, count, holds, title }) {
  return {
    ...ledgerReadSubject(ws, { argv, count, holds, label: 'raw ledger read' }),
    title,
    semantics: 'connects, reads `schema_migrations` in version order and prints it: the least any status needs',
  };
}

/**
 * The bare oclif CLI's `ledger` command (argv `floor`, with the bin `kind`): the raw pg read inside the framework,
 * the floor of a status on PostgreSQL, which must load pg where the `noop` loads nothing.
 */
export function floorLedgerSubject(ws, floor, { database, count, holds, kind = 'default' }) {
  return {
    ...ledgerReadSubject(ws, { argv: [...floor, 'ledger', database], count, holds, label: `${kind} oclif + pg` }),
    title: `${FLOOR_CLIS[kind]}, same plugins, a \`ledger\` command doing what pg by hand does`,
    semantics:
      (kind === 'tuned' ? `${TUNED_SEMANTICS}; its` : 'its') +
      ' command connects with pg, reads `schema_migrations` and prints it',
  };
}

/** `knex migrate:status` (its CLI): says how many migrations it found completed and that none is pending. */
export function knexStatusPeer(ws, { argv, env, count, holds, title }) {
  return {
    label: 'knex migrate:status',
    title,
    semantics:
      'loads the knexfile, lists the migration folder, reads `knex_migrations` (after making sure it and its ' +
      'lock table exist), prints the completed files and that none is pending',
    target: PEER_TARGET,
    command: sameCommand(ws, argv, env),
    verify(run) {
      for (const expected of [`Found ${count} Completed Migration file/files.`, 'No Pending Migration files Found.']) {
        if (!run.stdout.includes(expected)) return `output lacks "${expected}": ${run.stdout.slice(-300)}`;
      }
      return holds();
    },
  };
}

/** umzug `pending()` in a user's script: prints `{"pending":0}`. */
export function umzugPendingPeer(ws, { argv, holds, title }) {
  return {
    label: 'umzug pending()',
    title,
    semantics:
      'globs the `*.up.sql` files and reads its storage table (better-sqlite3), prints the count of pending migrations',
    target: PEER_TARGET,
    command: sameCommand(ws, argv),
    verify: (run) =>
      lastJson(run.stdout).pending === 0 ? holds() : `printed ${run.stdout.slice(-200)}, expected {"pending":0}`,
  };
}

/** `node-pg-migrate up --dry-run`, what a user runs to see pending migrations: "No migrations to run!". */
export function pgMigrateDryRunPeer(ws, { argv, env, holds, title }) {
  return {
    label: 'node-pg-migrate up --dry-run',
    title,
    semantics:
      'node-pg-migrate has no status command; `up --dry-run` is what shows what is pending: it takes its ' +
      'advisory lock, makes sure `pgmigrations` exists, reads it and the SQL files, and prints ' +
      '"No migrations to run!"',
    target: PEER_TARGET,
    command: sameCommand(ws, argv, env),
    verify: (run) =>
      run.stdout.includes('No migrations to run!')
        ? holds()
        : `output lacks "No migrations to run!": ${run.stdout.slice(-300)}`,
  };
}
