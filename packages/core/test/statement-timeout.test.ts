import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isInferError, readMigrationsDirectory, validateMigrations } from '../src/index.js';
import { tempTree } from './helpers.js';

describe('a migration statement_timeout', () => {
  it('is read from the header of a migration file, in seconds, and absent without one', async () => {
    const dir = tempTree({
      '004_slow.up.sql': '-- infer: description=Slow, statement_timeout=1.5, destructive=true\nDELETE FROM t;\n',
      '005_plain.up.sql': '-- infer: description=Plain\nSELECT 1;\n',
    });
    const { migrations } = await readMigrationsDirectory(dir);
    expect(migrations[0]).toMatchObject({ description: 'Slow', statementTimeout: 1.5, destructive: true });
    expect(migrations[1]).not.toHaveProperty('statementTimeout');
  });

  it.each(['0', '-1', 'abc', '5s', ''])('refuses statement_timeout=%s, naming the file', async (value) => {
    const dir = tempTree({ '004_slow.up.sql': `-- infer: statement_timeout=${value}\nSELECT 1;\n` });
    const error = await readMigrationsDirectory(dir).catch((caught: unknown) => caught);
    expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
    expect((error as Error).message).toBe(
      `${join(dir, '004_slow.up.sql')}: statement_timeout=${value} is not a number of seconds above 0`,
    );
  });

  it('is refused in code when it is not a number of seconds above 0', () => {
    for (const statementTimeout of [0, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
      const migrations = [{ version: '001', description: 'One', up: 'SELECT 1', statementTimeout }];
      expect(() => validateMigrations(migrations)).toThrow(
        `migration 001 (One) has statementTimeout ${statementTimeout}: it must be a number of seconds above 0`,
      );
    }
    expect(
      validateMigrations([{ version: '001', description: 'One', up: 'SELECT 1', statementTimeout: 0.1 }]),
    ).toHaveLength(1);
  });
});
