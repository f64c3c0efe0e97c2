import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CLI_DIR, infer, sandbox, writeConfig } from '@infer/test-servers/cli';
import { Database } from '@infer/test-servers/sqlite';

const schema = JSON.parse(readFileSync(join(CLI_DIR, 'schemas', 'migrate.schema.json'), 'utf8')) as { $id: string };
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(schema);

/** Exactly one JSON document on stdout, valid against its definition in schemas/migrate.schema.json. */
function expectDocument(stdout: string, definition: string): Record<string, unknown> {
  const document = JSON.parse(stdout) as Record<string, unknown>;
  const validate = ajv.getSchema(`${schema.$id}#/definitions/${definition}`)!;
  expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  return document;
}

describe('--json output of every migrate command matches schemas/migrate.schema.json', () => {
  it('status, dry run, migrate, lint, repair, down, baseline, create and errors', () => {
    const sb = sandbox();
    // The user's own file (INFER_CONFIG): a file found in the current directory needs approval to run its migrations.
    sb.env.INFER_CONFIG = writeConfig(sb, 'storage:\n  migrations_dir: ./m\n');
    const run = (args: string[], definition: string, code = 0) => {
      const result = infer(sb, [...args, '--json']);
      expect(result.code, result.stderr).toBe(code);
      return expectDocument(result.stdout, definition);
    };
    expect(run(['migrate', '--status'], 'statusReport').migrations).toHaveLength(3);
    run(['migrate', '--status', '--exit-code'], 'statusReport', 7);
    expect(run(['migrate', '--dry-run'], 'planReport').steps).toHaveLength(3);
    expect(run(['migrate'], 'migrateReport').results).toHaveLength(3);
    expect(run(['migrate'], 'migrateReport').results).toEqual([]);
    run(['migrate', 'lint'], 'lintReport');
    const db = join(sb.home, '.infer', 'conversations.db');
    const conn = new Database(db);
    conn.exec("UPDATE schema_migrations SET checksum = NULL WHERE version = '001'");
    conn.close();
    expect(run(['migrate', 'repair'], 'repairReport').repaired).toHaveLength(1);
    expect(run(['migrate', 'down', '--dry-run'], 'planReport').steps).toHaveLength(1);
    expect(run(['migrate', 'down', '--to', '001'], 'migrateReport').results).toHaveLength(2);
    expect(run(['migrate', 'baseline', '--to', '002'], 'errorReport', 11)).toMatchObject({
      error: { code: 'E_BASELINE' },
    });
    expect(run(['migrate', 'baseline', '--to', '001'], 'migrateReport').results).toEqual([]);
    expect(run(['migrate', '--no-backup'], 'migrateReport').results).toHaveLength(2);
    run(['migrate', 'create', 'add tags'], 'createReport');
    expect(run(['migrate'], 'errorReport', 11)).toMatchObject({
      error: { code: 'E_MIGRATION_DEFINITION', exitCode: 11 },
    });
    expect(run(['migrate', '--status'], 'statusReport', 0).migrations).toHaveLength(4);
  });

  it('init --json reports its migrations in the same shape, durations in whole milliseconds', () => {
    const result = infer(sandbox(), ['init', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const { migration } = JSON.parse(result.stdout) as { migration: unknown };
    const results = expectDocument(JSON.stringify(migration), 'migrateReport').results as { durationMs: number }[];
    expect(results.length).toBeGreaterThan(0);
  });

  it('backends without a schema say so in the same shapes', () => {
    const sb = sandbox();
    const env = { INFER_STORAGE_TYPE: 'memory' };
    for (const [args, definition] of [
      [['migrate'], 'migrateReport'],
      [['migrate', '--status'], 'statusReport'],
      [['migrate', 'lint'], 'lintReport'],
    ] as const) {
      const result = infer(sb, [...args, '--json'], { env });
      expect(result.code).toBe(0);
      expect(expectDocument(result.stdout, definition)).toMatchObject({ skipped: 'no migrations', dialect: null });
    }
  });
});
