import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { mariadbMigrations } from '../src/index.js';
import { configFor, createDatabase, dropDatabases, mariadbEnabled, queryRows } from './database.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/migrate.mjs', import.meta.url));
const PROCESSES = 8;
const ROUNDS = 3;
/** Generous: the processes share two cores with whatever else runs on the machine. */
const ROUND_LIMIT_MS = 90_000;

const execNode = promisify(execFile);

/** One fixture process: its exit code and output, whether it failed or not. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await execNode(process.execPath, [FIXTURE, ...args])) };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe.runIf(mariadbEnabled)('MariaDB migrations under concurrency, with real processes', () => {
  afterAll(dropDatabases);

  it(
    `${PROCESSES} processes migrating one new database at once, ${ROUNDS} rounds: each migration applied ` +
      'exactly once, all exit 0',
    async () => {
      const timings: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const database = await createDatabase();
        const settings = JSON.stringify(configFor(database));
        const started = performance.now();
        // Half run `infer migrate`'s path, half open the backend as an application would.
        const runs = await Promise.all(
          Array.from({ length: PROCESSES }, (_, i) => run([settings, i % 2 ? 'open' : 'migrate'])),
        );
        timings.push(Math.round(performance.now() - started));
        expect(runs.map((x) => [x.code, x.stderr])).toEqual(runs.map(() => [0, '']));
        const outcomes = runs.flatMap((x) => JSON.parse(x.stdout) as [string, string][]);
        for (const { version } of mariadbMigrations) {
          expect(
            outcomes.filter(([v, outcome]) => v === version && outcome === 'applied'),
            `round ${round}, ${version}`,
          ).toHaveLength(1);
        }
        expect(outcomes.every(([, outcome]) => outcome === 'applied' || outcome === 'skipped')).toBe(true);
        const ledger = await queryRows<{ version: string }>(
          database,
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(ledger.map((row) => row.version)).toEqual(['001', '002']);
      }
      console.log(`mariadb: ${PROCESSES} processes per round, wall time per round (ms): ${timings.join(', ')}`);
    },
    ROUNDS * ROUND_LIMIT_MS,
  );
});
