import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type LockMode, postgresMigrations } from '../src/index.js';
import { configFor, createDatabase, dropDatabases, dumpDatabase, postgresEnabled } from './database.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/migrate.mjs', import.meta.url));
const PROCESSES = 8;
/** Generous: the processes share two cores with whatever else runs on the machine. */
const ROUND_LIMIT_MS = 90_000;
const ROUNDS = 3;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [FIXTURE, ...args]);
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Half the processes run `infer migrate`'s path, half open the backend as an application would. */
async function round(lockMode: LockMode): Promise<{ runs: Run[]; ms: number; database: string }> {
  const database = await createDatabase();
  const settings = JSON.stringify(configFor(database, { lock_mode: lockMode }));
  const started = performance.now();
  const runs = await Promise.all(
    Array.from({ length: PROCESSES }, (_, i) => run([settings, i % 2 ? 'open' : 'migrate'])),
  );
  return { runs, ms: performance.now() - started, database };
}

describe.runIf(postgresEnabled)('PostgreSQL migrations under concurrency, with real processes', () => {
  afterAll(dropDatabases);

  describe.each(['session', 'transaction'] as const)('lock_mode %s', (lockMode) => {
    it(
      `${PROCESSES} processes migrating one new database at once, ${ROUNDS} rounds: each migration applied ` +
        'exactly once, all succeed',
      async () => {
        const timings: number[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          const { runs, ms, database } = await round(lockMode);
          timings.push(Math.round(ms));
          expect(runs.map((x) => [x.code, x.stderr])).toEqual(runs.map(() => [0, '']));
          const outcomes = runs.flatMap((x) => JSON.parse(x.stdout) as [string, string][]);
          for (const { version } of postgresMigrations) {
            expect(
              outcomes.filter(([v, outcome]) => v === version && outcome === 'applied'),
              `round ${r}, ${version}`,
            ).toHaveLength(1);
          }
          expect(outcomes.every(([, outcome]) => outcome === 'applied' || outcome === 'skipped')).toBe(true);
          const { ledger } = await dumpDatabase(database);
          expect(ledger.map((row) => (row as { version: string }).version)).toEqual(['001', '002', '003']);
        }
        console.log(
          `postgres ${lockMode} lock: ${PROCESSES} processes per round, wall time per round (ms): ` +
            `${timings.join(', ')}`,
        );
      },
      ROUNDS * ROUND_LIMIT_MS,
    );
  });
});
