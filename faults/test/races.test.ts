import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { migrateInChild } from '@infer/core/testing';
import type { Exit } from '@infer/test-servers';
import * as mariadb from '@infer/test-servers/mariadb';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SERVER,
  ThrowawayPgBouncer,
  createDatabase,
  dropDatabases,
  postgresEnabled,
} from '@infer/test-servers/postgres';
import { repetitions } from './scale.js';
import { migrationsDirectory, outcomesOf, startMigrate } from './support/processes.js';
import { shared } from './support/postgres-cli.js';
import {
  type Store,
  expectAppliedOnce,
  expectConsistent,
  postgresStore,
  postgresStoreOn,
  sqliteStore,
} from './support/stores.js';

const ROUNDS = repetitions({ full: 20, ci: 2 });
const PROCESSES = 8;
const MIGRATIONS = 20;

// PostgreSQL behind PgBouncer in transaction pooling, as many deployments run it; started on first use.
let pgbouncer: Promise<ThrowawayPgBouncer> | undefined;
async function pgbouncerStore(): Promise<Store> {
  pgbouncer ??= ThrowawayPgBouncer.start({ server: SERVER, poolMode: 'transaction' });
  const { host, port } = await pgbouncer;
  return postgresStoreOn({ ...shared(await createDatabase()), host, port });
}

afterAll(async () => {
  await (await pgbouncer)?.stop();
  await dropDatabases();
  if (mariadb.mariadbEnabled) mariadb.dropDatabases();
});

function expectAllSucceeded(exits: readonly Pick<Exit, 'code' | 'stderr'>[]): void {
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
  it.runIf(postgresEnabled)(
    `PostgreSQL through PgBouncer in transaction pooling (infer migrate, lock_mode auto), ${each}`,
    () => race('postgres', pgbouncerStore),
    LIMIT,
  );

  // The MariaDB backend is a third-party example, which the CLI does not ship: half the processes
  // run the engine on its migration driver as `infer migrate` does, half open the backend as an
  // application does.
  it.runIf(mariadb.mariadbEnabled)(
    `MariaDB (the example's backend in processes of its own), ${each}`,
    async () => {
      // The package's manifest, beside its entry point: the processes find the backend by its plugin hook.
      const entry = createRequire(import.meta.url).resolve('@acme/infer-backend-mariadb');
      const packageJson = new URL('../package.json', pathToFileURL(entry));
      const migrate = (settings: object, how: 'migrate' | 'open') =>
        migrateInChild(packageJson, 'mariadb', settings, how);
      const schemaOfOne = async () => {
        const database = mariadb.createDatabase();
        expect((await migrate(mariadb.mariadbSettings(database), 'migrate')).code).toBe(0);
        return mariadb.dumpSchema(database);
      };
      const expected = await schemaOfOne();
      for (let round = 0; round < ROUNDS; round++) {
        const database = mariadb.createDatabase();
        const settings = mariadb.mariadbSettings(database);
        const exits = await Promise.all(
          Array.from({ length: PROCESSES }, (_, i) => migrate(settings, i % 2 ? 'open' : 'migrate')),
        );
        expectAllSucceeded(exits);
        expectAppliedOnce(
          exits.map((x) => JSON.parse(x.stdout) as [string, string][]),
          ['001', '002'],
        );
        const ledger = mariadb.mariadbSql('SELECT version FROM schema_migrations ORDER BY version', database);
        expect(ledger.trim().split('\n')).toEqual(['001', '002']);
        expect(mariadb.dumpSchema(database)).toEqual(expected);
      }
    },
    LIMIT,
  );
});
