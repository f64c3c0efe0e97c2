import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lastJson } from '../lib/child-output.js';
import { assertSeeded, expectDatabase } from '../lib/ledger.js';
import { inferArgv, runInfer, writeConfig } from '../setup/cli.js';
import { benchType, linkBenchPlugin } from '../setup/plugin.js';

export const CHECKED_MIGRATIONS = 1000;

const TIMING =
  'A is in-process: the time `infer migrate` spends in `Migrator.up()` (with nothing pending, it is the pre-run ' +
  'checks: validation, ledger read, checksums, lint; run once, the backup decided under the same lock), timed ' +
  'by a `--import` hook inside the real CLI process; B is the wall time of a whole plain `infer migrate` ' +
  "process. The ratio is the checks' share.";

/**
 * The pre-run checks (list validation, ledger read, drift checksums, lint) of a nothing-pending
 * `infer migrate` with 1000 migrations applied, as a share of that command's wall time: A is the
 * checks' own time inside the real CLI (children/time-checks.js), B the whole plain command.
 */
export function prerunChecksMeasure(ws) {
  const env = linkBenchPlugin(ws, { name: 'plugin-prerun-checks', count: CHECKED_MIGRATIONS });
  const dataDir = join(ws.root, 'prerun-checks');
  const database = join(dataDir, 'checks.db');
  const config = writeConfig(join(ws.root, 'prerun-checks.yaml'), benchType('sqlite'), { path: database });
  runInfer(env, ['migrate', '--config', config], 'infer migrate (setup)');
  const expected = {
    ledgerRows: CHECKED_MIGRATIONS,
    benchTables: CHECKED_MIGRATIONS,
    benchIndexes: CHECKED_MIGRATIONS,
  };
  assertSeeded(expectDatabase(database, expected));
  // The setup's migrate backed nothing up (the file was new); a run with something pending would.
  const files = () =>
    readdirSync(dataDir)
      .filter((file) => !/-(wal|shm)$/.test(file))
      .sort()
      .join(',');
  const filesBefore = files();

  const upToDate = `SQLite database is up to date (${CHECKED_MIGRATIONS} migrations applied).`;
  const verify = (run) => {
    if (!run.stdout.includes(upToDate)) return `output lacks "${upToDate}": ${run.stdout.slice(0, 300)}`;
    if (files() !== filesBefore) return `the run created files (a backup?): ${files()}`;
    return expectDatabase(database, expected);
  };
  const migrate = ['migrate', '--config', config];
  const [node, bin] = inferArgv(env);
  return {
    id: 'prerun-checks',
    title:
      `pre-run checks (validation, ledger, checksums, lint) of \`infer migrate\` with ${CHECKED_MIGRATIONS} ` +
      'migrations applied, nothing pending, as a share of the command (in-process vs whole process)',
    floorTitle: 'the whole plain `infer migrate` process (wall time)',
    target: 0.1,
    timing: TIMING,
    a: {
      label: 'checks inside infer migrate',
      command: () => ({
        argv: [node, '--import', join(ws.childrenDir, 'time-checks.js'), bin, ...migrate],
        cwd: ws.root,
        env: env.env,
      }),
      verify(run) {
        const report = lastJson(run.stderr);
        // One up: else the hook did not see the CLI's Migrator.
        if (report.up?.length !== 1) return `the hook timed ${JSON.stringify(report)}, expected one up`;
        return verify(run);
      },
      elapsed: (run) => lastJson(run.stderr).ms,
    },
    b: {
      label: 'infer migrate',
      command: () => ({ argv: [node, bin, ...migrate], cwd: ws.root, env: env.env }),
      verify,
    },
  };
}
