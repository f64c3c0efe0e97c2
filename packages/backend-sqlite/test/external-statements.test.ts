import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ErrorCode, type Migration, Migrator, isInferError } from '@infer/core';
import { classifyStatement } from '@infer/core/sql';
import { describe, expect, it } from 'vitest';
import { SQLITE_EXTERNAL_STATEMENTS } from '../src/external-statements.js';
import { SqliteBackend, SqliteMigrationDriver, sqliteMigrations } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';

const external = (sql: string) => classifyStatement(sql, 'sqlite', SQLITE_EXTERNAL_STATEMENTS).external;

/** A migration that attaches a file beside the database and writes a table into it. */
function attaching(target: string, declared: boolean): Migration {
  return {
    version: '100',
    description: 'Attach',
    up: `CREATE TABLE kept (x TEXT);\nATTACH '${target}' AS other;\nCREATE TABLE other.t (x TEXT);`,
    down: 'DROP TABLE kept;',
    ...(declared ? { external: true } : {}),
  };
}

describe('SQLite statements that reach outside the database', () => {
  it.each([
    ["ATTACH DATABASE '/tmp/x.db' AS x", 'ATTACH opens another database file'],
    ['DETACH DATABASE x', 'DETACH closes a database file'],
    ["VACUUM INTO '/tmp/copy.db'", 'VACUUM INTO writes a copy'],
    ["VACUUM main INTO '/tmp/copy.db'", 'VACUUM INTO writes a copy'],
    ["SELECT load_extension('/tmp/evil.so')", 'load_extension() loads a shared library'],
  ])('%s', (sql, reason) => {
    expect(external(sql)).toMatch(reason);
  });

  it.each(['VACUUM', 'CREATE TABLE attach (detach TEXT)', "INSERT INTO t VALUES ('ATTACH x')"])('not: %s', (sql) => {
    expect(external(sql)).toBeUndefined();
  });

  it('the lint scratch space cannot create a file: an ATTACH there fails, whatever lint lets through', async () => {
    const path = tempDatabasePath();
    const target = join(dirname(path), 'created-by-attach.db');
    const driver = SqliteMigrationDriver.open(path, { readOnly: true });
    try {
      await expect(
        driver.scratch((executor) => executor.exec(`ATTACH '${target}' AS other; CREATE TABLE other.t (x TEXT);`)),
      ).rejects.toThrow(/unable to open database/);
    } finally {
      await driver.close();
    }
    expect(readdirSync(dirname(path))).toEqual([]);
  });

  it('migrate lint refuses an undeclared ATTACH, skips a declared one, and creates no file either way', async () => {
    const path = tempDatabasePath();
    const target = join(dirname(path), 'created-by-attach.db');
    for (const declared of [false, true]) {
      const driver = SqliteMigrationDriver.open(path, { readOnly: true });
      const problems = await new Migrator({
        driver,
        migrations: [...sqliteMigrations, attaching(target, declared)],
      }).lint();
      await driver.close();
      expect(problems.filter((p) => p.rule === 'external').map((p) => [p.severity, p.line])).toEqual([
        declared ? ['warning', undefined] : ['error', 2],
      ]);
      expect(problems.filter((p) => p.rule === 'syntax')).toEqual([]);
      expect(readdirSync(dirname(path))).toEqual([]);
    }
  });

  it('is refused before anything runs when a database opens with an undeclared one; runs when declared', async () => {
    const path = tempDatabasePath();
    const target = join(dirname(path), 'attached.db');
    const error = await SqliteBackend.open({ config: { path }, migrations: [attaching(target, false)] }).then(
      () => expect.fail('expected a refusal'),
      (caught: unknown) => caught,
    );
    expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
    expect(String(error)).toContain(
      'migration 100 (Attach) ATTACH opens another database file, and creates it when it does not exist (line ' +
        '2): it reaches outside the database; set "external: true"',
    );
    expect(existsSync(target)).toBe(false);

    writeFileSync(target, '');
    const backend = await SqliteBackend.open({ config: { path }, migrations: [attaching(target, true)] });
    expect((await backend.migrationStatus()).at(-1)).toMatchObject({ version: '100', state: 'applied' });
    await backend.close();
  });
});
