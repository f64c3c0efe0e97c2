import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { repetitions } from './scale.js';
import { expectClearFailure, timed } from './support/failures.js';
import { postgresEnabled } from './support/postgres-cli.js';
import { migrationsDirectory, startInfer, whenPrinted } from './support/processes.js';
import { expectConsistent, postgresStoreOn } from './support/stores.js';
import { SERVER_FAULTS, type ServerFault, throwawayPostgresForFile } from './support/throwaway-postgres.js';

/**
 * Issue 7, item 2: the PostgreSQL server goes away in the middle of `infer migrate` applying a long
 * series. The run must end at once with one clear line (exit 4), leave whole migrations only, and
 * the next run, once the server is back, must complete the series.
 */
const ROUNDS = repetitions({ full: 10, ci: 1 });
const MIGRATIONS = 200;
/** The fault lands after one of the first ones, so that many are still to come. */
const LAST_STOP_POINT = 100;
const CONNECT_TIMEOUT_S = 2;
/** Process start-up and teardown on a loaded two-core machine. */
const MARGIN_MS = 3000;
const PASSWORD = 'Pg-Fault-Owner-9x!';

const FAULTS = [SERVER_FAULTS.killed, SERVER_FAULTS.shutDown, SERVER_FAULTS.restarted];

const throwaway = throwawayPostgresForFile(PASSWORD);
const { dir, versions } = migrationsDirectory('postgres', MIGRATIONS);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function interruptedRun(fault: ServerFault): Promise<string> {
  const target = await throwaway.database('migrate');
  const { server } = throwaway;
  const { database } = target;
  const store = postgresStoreOn(target);
  const env = {
    ...store.env,
    INFER_STORAGE_MIGRATIONS_DIR: dir,
    INFER_STORAGE_POSTGRES_CONNECT_TIMEOUT: String(CONNECT_TIMEOUT_S),
  };

  const stopAfter = 10 + Math.floor(Math.random() * (LAST_STOP_POINT - 10));
  const run = startInfer(['migrate'], env);
  await whenPrinted(run.child, new RegExp(`Applied ${versions[stopAfter - 1]}:`));
  const { value: exit, ms } = await timed(
    performance.now(),
    fault(server).then(() => run.exit),
  );

  expectClearFailure(exit, 4, [`127.0.0.1:${server.port}`, `database "${database}"`, /infer migrate/], [PASSWORD]);
  expect(ms, 'from the fault to the end of the run').toBeLessThan(CONNECT_TIMEOUT_S * 1000 + MARGIN_MS);

  await server.restart();
  const applied = expectConsistent(await store.state(), versions);
  expect(applied, 'the fault did not land in the middle of the series').toBeGreaterThanOrEqual(stopAfter);
  expect(applied, 'the fault did not land in the middle of the series').toBeLessThan(MIGRATIONS);

  const rerun = await startInfer(['migrate', '--json'], env).exit;
  expect(rerun.code, rerun.stderr).toBe(0);
  expect(expectConsistent(await store.state(), versions)).toBe(MIGRATIONS);
  return (
    `${applied} of ${MIGRATIONS} applied, run ended ${Math.round(ms)} ms after the fault began: ` +
    `${exit.stderr.trim()}`
  );
}

describe.runIf(postgresEnabled)(
  `the PostgreSQL server goes away while \`infer migrate\` applies ${MIGRATIONS} migrations`,
  () => {
    for (const [name, fault] of FAULTS) {
      it(
        `${name}, ${ROUNDS} time(s): exit 4 at once with one line naming the server, whole migrations only, and ` +
          'the next run completes',
        async () => {
          for (let round = 0; round < ROUNDS; round++) console.log(`${name}: ${await interruptedRun(fault)}`);
        },
        60_000 + ROUNDS * 20_000,
      );
    }
  },
);
