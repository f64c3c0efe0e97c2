import { expect, it } from 'vitest';
import type { BackendCapabilities } from '../contract/capabilities.js';
import { DEFAULT_CAPABILITIES } from '../contract/capabilities.js';
import { ErrorCode } from '../errors.js';
import { migrationChecksum } from '../migrations/checksum.js';
import type { Migration, MigrationResult } from '../migrations/migration.js';
import type { Migrator } from '../migrations/migrator.js';
import type { BackendSuiteOptions } from './backend-suite.js';
import { runGroups } from './migration-run-tests.js';
import { schemaGroups } from './migration-schema-tests.js';
import { DEFAULT_SQL, SUITE_MIGRATIONS, type SuiteSql } from './suite-migrations.js';
import {
  type EngineDatabase,
  engineDatabase,
  expectCode,
  rejection,
  tableExists,
  versionsOf,
  withMigrator,
} from './suite-support.js';

/** What every test of the migration group works with, derived once from the options. */
export interface SuiteContext {
  /** The suite's own migrations (001–003). */
  readonly shipped: readonly Migration[];
  readonly sql: SuiteSql;
  /** The last of them. */
  readonly last: string;
  /** The nth version after the suite's own, for test migrations. */
  laterVersion(n: number): string;
  up(migrator: Migrator): Promise<MigrationResult[]>;
  checksum(migration: Migration): string;
  /** A new, empty database. */
  create(): Promise<EngineDatabase>;
  /** A new database as a release before checksums left it: 001's tables and a three-column ledger holding 001. */
  createLegacy(): Promise<EngineDatabase>;
  /** A new database with a ledger and the first `count` of the suite's migrations applied. */
  migratedTo(count: number): Promise<EngineDatabase>;
}

function suiteContext<Section extends object, Config>(options: BackendSuiteOptions<Section, Config>): SuiteContext {
  const shipped = SUITE_MIGRATIONS;
  const last = shipped.at(-1)!.version;
  const sql = { ...DEFAULT_SQL, ...options.sql };
  const up = (m: Migrator) => m.up();
  const create = async () => engineDatabase(options, await options.newStorage());
  return {
    shipped,
    sql,
    last,
    laterVersion: (n) => String(Number(last) + n).padStart(last.length, '0'),
    up,
    checksum: (m) => migrationChecksum(m)!,
    create,
    async createLegacy() {
      const db = await create();
      const first = shipped[0]!;
      await db.exec(first.up as string);
      await db.exec(sql.legacyLedger);
      await db.exec(
        'INSERT INTO schema_migrations (version, description, applied_at) VALUES ' +
          `('${first.version}', '${first.description}', ${sql.appliedAt})`,
      );
      return db;
    },
    async migratedTo(count) {
      const db = await create();
      const driver = await db.driver();
      try {
        await driver.ensureLedger();
      } finally {
        await driver.close();
      }
      await withMigrator(db, shipped.slice(0, count), up);
      return db;
    },
  };
}

/**
 * The migration engine's features against a real database of the backend: dry runs, down,
 * checksums and drift, a database ahead of the code, data migrations with progress, migrations
 * outside a transaction, lint with the database's parser, baseline, destructive migrations, and what
 * a failed migration leaves by the backend's `transactionalDdl`. Every "nothing changed" is a full
 * dump compared before and after.
 */
export function migrationGroup<Section extends object, Config>(
  options: BackendSuiteOptions<Section, Config>,
  capabilities: BackendCapabilities,
): void {
  const context = suiteContext(options);
  schemaGroups(context);
  runGroups(context);

  const { transactionalDdl } = capabilities;
  it(
    transactionalDdl
      ? "rolls a failed migration's DDL back with it (transactionalDdl)"
      : "keeps a failed migration's DDL and says so (no transactionalDdl)",
    async () => {
      const { shipped, laterVersion, up, migratedTo } = context;
      const db = await migratedTo(shipped.length);
      const driver = await db.driver();
      expect(driver.transactionalDdl ?? DEFAULT_CAPABILITIES.transactionalDdl, 'the driver agrees').toBe(
        transactionalDdl,
      );
      await driver.close();
      const before = await db.dump();
      const halfway: Migration = {
        version: laterVersion(1),
        description: 'Half a migration',
        up: 'CREATE TABLE suite_half (id INTEGER);\nINSERT INTO suite_missing (id) VALUES (1);\n',
      };
      const error = await rejection(withMigrator(db, [...shipped, halfway], up));
      expectCode(error, ErrorCode.Migration);
      expect(versionsOf(await db.dump())).toEqual(shipped.map((m) => m.version));
      expect(await tableExists(db, 'suite_half')).toBe(!transactionalDdl);
      if (transactionalDdl) {
        expect(await db.dump()).toEqual(before);
        expect(error.hint).toContain('the migration was rolled back');
      } else {
        expect(error.hint).toContain('this database commits DDL at once');
      }
    },
  );
}
