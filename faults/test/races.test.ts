import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as mariadb from '../../examples/backend-mariadb/test/database.js';
import { dropDatabases, postgresEnabled } from '../../packages/backend-postgres/test/database.js';
import { repetitions } from './scale.js';
import { type Exit, migrationsDirectory, outcomesOf, startMigrate, startNode } from './support/processes.js';
import { type Store, expectAppliedOnce, expectConsistent, postgresStore, sqliteStore } from './support/stores.js';

const ROUNDS = repetitions({ full: 20, ci: 2 });
const PROCESSES = 8;
const MIGRATIONS = 20;

afterAll(async () => {
  await dropDatabases();
  if (mariadb.mariadbEnabled) await mariadb.dropDatabases();
});

function expectAllSucceeded(exits: readonly Exit[]): void {
  expect(exits.map((x) => [x.code, x.stderr])).toEqual(exits.map(() => [0, '']));
}

/** `PROCESSES` real `infer migrate` processes on one fresh database, `ROUNDS` times. */
async function race(type: 'sqlite' | 'postgres', open: () => Store | Promise<Store>) {
  const { dir, versions } = migrationsDirectory(type, MIGRATIONS);
  const timings: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const store = await open();
    const started = performance.now();
    const exits = await Promise.all(
      Array.from({ length: PROCESSES }, () => startMigrate({ ...store.env, INFER_STORAGE_MIGRATIONS_DIR: dir }).exit),
    );
    timings.push(Math.round(performance.now() - started));
    expectAllSucceeded(exits);
    expectAppliedOnce(exits.map(outcomesOf), ['001', '002', '003', ...versions]);
    expect(expectConsistent(await store.state(), versions)).toBe(MIGRATIONS);
  }
  console.log(`${type}: ${PROCESSES} processes per round, wall time per round (ms): ${timings.join(', ')}`);
}

const each =
  `${PROCESSES} processes migrating one fresh database at once, ${ROUNDS} rounds: each migration applied exactly ` +
  'once, every process exits 0';
const LIMIT = 30_000 + ROUNDS * 30_000;

describe('races between processes migrating one database', () => {
  it(`SQLite (infer migrate), ${each}`, () => race('sqlite', sqliteStore), LIMIT);
  it.runIf(postgresEnabled)(`PostgreSQL (infer migrate), ${each}`, () => race('postgres', postgresStore), LIMIT);

  // The MariaDB backend is a third-party example: its own fixture runs the engine, half the
  // processes as `infer migrate` does, half opening the backend as an application does.
  it.runIf(mariadb.mariadbEnabled)(
    `MariaDB (the example's fixture), ${each}`,
    async () => {
      const fixture = fileURLToPath(
        new URL('../../examples/backend-mariadb/test/fixtures/migrate.mjs', import.meta.url),
      );
      const schemaOfOne = async () => {
        const database = await mariadb.createDatabase();
        expect((await startNode([fixture, JSON.stringify(mariadb.configFor(database)), 'migrate']).exit).code).toBe(0);
        return mariadb.schemaOf(database);
      };
      const expected = await schemaOfOne();
      for (let round = 0; round < ROUNDS; round++) {
        const database = await mariadb.createDatabase();
        const settings = JSON.stringify(mariadb.configFor(database));
        const exits = await Promise.all(
          Array.from({ length: PROCESSES }, (_, i) => startNode([fixture, settings, i % 2 ? 'open' : 'migrate']).exit),
        );
        expectAllSucceeded(exits);
        expectAppliedOnce(
          exits.map((x) => JSON.parse(x.stdout) as [string, string][]),
          ['001', '002'],
        );
        const ledger = await mariadb.queryRows<{ version: string }>(
          database,
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(ledger.map((row) => row.version)).toEqual(['001', '002']);
        expect(await mariadb.schemaOf(database)).toEqual(expected);
      }
    },
    LIMIT,
  );
});
