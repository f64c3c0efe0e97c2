import { join } from 'node:path';
import { lastJson } from './child-output.js';
import { expectDatabase, removeDatabase } from './ledger.js';
import { LEDGERS } from './shapes.js';
import { uniqueName } from './services.js';

/**
 * Where apply-like measures work: a fresh database per run, made before the timed process and
 * removed after its verification (both outside the timing), and how to check what it holds.
 * @typedef {object} Targets
 * @property {(name: string, i: number) => string | Promise<string>} fresh
 *   a new empty database for run i of subject `name`
 * @property {(target: string, expected: object, ledger: string) => Problem | Promise<Problem>} expect
 * @property {(target: string) => void | Promise<void>} remove
 *
 * @typedef {string | undefined} Problem what the target holds that it should not, or undefined
 */

/** SQLite: a new file per run under bench/.work; every run must leave it in WAL mode, as our backend does. */
export function sqliteTargets(ws) {
  return {
    fresh(name, i) {
      const path = join(ws.root, `${name}-${i < 0 ? `warm${-i}` : i}.db`);
      removeDatabase(path);
      return path;
    },
    expect: (path, expected, ledger) => expectDatabase(path, { ...expected, journalMode: 'wal' }, ledger),
    remove: removeDatabase,
  };
}

/** PostgreSQL: a throw-away database per run, created and dropped by the harness's PgAdmin. */
export function postgresTargets(admin) {
  return {
    fresh: () => admin.createDatabase(uniqueName('infer_bench_apply')),
    expect: (database, expected, ledger) => admin.expect(database, expected, ledger),
    remove: (database) => admin.dropDatabase(database),
  };
}

/**
 * One side of an apply measure: a process (`argv(target)`, environment `env(target)`) that applies
 * `count` migrations to a fresh database. A run counts when the process reports `count` applied
 * (`applied(run)`, by default the `applied` of the JSON it prints last) and the database holds
 * `count` generated tables, `count` indexes and `count` rows in the tool's own `ledger`.
 */
export function applySubject(
  ws,
  targets,
  {
    label,
    name,
    count,
    argv,
    env = () => ws.env,
    ledger = LEDGERS.infer,
    applied = (run) => lastJson(run.stdout).applied,
  },
) {
  return {
    label,
    async command(i) {
      const target = await targets.fresh(name, i);
      return { argv: argv(target), cwd: ws.root, env: env(target), context: target };
    },
    verify(run, target) {
      const reported = applied(run);
      if (reported !== count) return `reported ${reported} applied, expected ${count}`;
      return targets.expect(target, { ledgerRows: count, benchTables: count, benchIndexes: count }, ledger);
    },
    cleanup: (target) => targets.remove(target),
  };
}
