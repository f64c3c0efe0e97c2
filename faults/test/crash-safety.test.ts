import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabases, postgresEnabled } from '@infer/test-servers/postgres';
import { repetitions } from './scale.js';
import { migrationsDirectory, startMigrate } from './support/processes.js';
import { type Store, expectConsistent, postgresStore, sqliteStore } from './support/stores.js';

const KILLS = repetitions({ full: 50, ci: 5 });
/** SQLite applies a migration in well under a millisecond: it needs more of them to be caught in the middle. */
const COUNTS = { sqlite: 2000, postgres: 300 } as const;

afterAll(dropDatabases);

async function killRandomly(type: keyof typeof COUNTS, open: () => Store | Promise<Store>) {
  const MIGRATIONS = COUNTS[type];
  const { dir, versions } = migrationsDirectory(type, MIGRATIONS);
  const env = (store: Store) => ({ ...store.env, INFER_STORAGE_MIGRATIONS_DIR: dir });
  // One undisturbed run first: how long a whole run takes.
  const started = performance.now();
  const reference = await open();
  expect((await startMigrate(env(reference)).exit).code).toBe(0);
  let duration = performance.now() - started;
  expect(expectConsistent(await reference.state(), versions)).toBe(MIGRATIONS);
  // And one with nothing to do: the start-up before the first migration, where a kill proves nothing.
  const idle = performance.now();
  expect((await startMigrate(env(reference)).exit).code).toBe(0);
  let startup = Math.min(performance.now() - idle, duration);

  let store = await open();
  const landed: number[] = [];
  let previous = 0;
  for (let kill = 0; kill < KILLS; kill++) {
    const { child, exit } = startMigrate(env(store));
    const delay = startup + Math.random() * (duration - startup);
    await sleep(delay);
    child.kill('SIGKILL');
    await exit;
    const applied = expectConsistent(await store.state(), versions);
    landed.push(applied);
    // On a busy machine one run is not another: narrow the window to where kills hit migrations.
    if (applied === MIGRATIONS)
      [duration, store, previous] = [delay, await open(), 0]; // too late: start over
    else [startup, previous] = [applied === previous ? delay : startup, applied]; // too early
  }
  const rerun = await startMigrate(env(store)).exit;
  expect(rerun.code, rerun.stderr).toBe(0);
  expect(expectConsistent(await store.state(), versions)).toBe(MIGRATIONS);
  const midRun = landed.filter((n) => n > 0 && n < MIGRATIONS).length;
  console.log(
    `${type}: a run takes ${Math.round(duration)} ms, ${Math.round(startup)} of them start-up; ${KILLS} kills, ` +
      `${midRun} in the middle of the migrations; applied at each kill: ${landed.join(', ')}`,
  );
}

describe('kill -9 of `infer migrate` at random moments of a run of many migrations', () => {
  const name =
    `${KILLS} times: never a migration half applied, never a ledger row without its table or the reverse, and a ` +
    'rerun completes';
  it(`SQLite (2000 migrations), ${name}`, () => killRandomly('sqlite', sqliteStore), 60_000 + KILLS * 5_000);
  it.runIf(postgresEnabled)(
    `PostgreSQL (300 migrations), ${name}`,
    () => killRandomly('postgres', postgresStore),
    60_000 + KILLS * 10_000,
  );
});
