import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, infer, ledgerOf, sandbox, writeConfig } from './helpers.js';

describe('infer migrate create and application migrations', () => {
  it('writes numbered up/down files that migrate applies after the built-in ones', () => {
    const sb = sandbox();
    writeConfig(sb, 'storage:\n  migrations_dir: ../migrations\n');
    const dir = join(sb.cwd, 'migrations', 'sqlite');

    const created = infer(sb, ['migrate', 'create', 'Add tags', '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ version: '004', up: join(dir, '004_add_tags.up.sql'), down: join(dir, '004_add_tags.down.sql') });

    // The template alone is an empty migration: refused before anything runs.
    expectOneLineError(infer(sb, ['migrate']), 11, /migration 004 \(Add tags\) has an empty up/);

    writeFileSync(join(dir, '004_add_tags.up.sql'), `${readFileSync(join(dir, '004_add_tags.up.sql'), 'utf8')}CREATE TABLE tags (name TEXT PRIMARY KEY);\r\n`);
    writeFileSync(join(dir, '004_add_tags.down.sql'), 'DROP TABLE tags;\n');
    const second = infer(sb, ['migrate', 'create', 'index tags']);
    expect(second.stdout).toContain(join(dir, '005_index_tags.up.sql'));
    writeFileSync(join(dir, '005_index_tags.up.sql'), 'CREATE INDEX idx_tags ON tags(name);\n');
    // An empty down is an error; no down at all is a warning (it cannot be reverted).
    expectOneLineError(infer(sb, ['migrate']), 11, /migration 005 \(index tags\) has an empty down/);
    rmSync(join(dir, '005_index_tags.down.sql'));

    const migrated = infer(sb, ['migrate', '--no-backup']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('Applied 004: Add tags');
    expect(migrated.stdout).toContain('Applied 005: index tags');
    expect(ledgerOf(sb.defaultDb).map((r) => r.version)).toEqual(['001', '002', '003', '004', '005']);
    expect(infer(sb, ['migrate', 'lint']).stdout).toMatch(/warning 005 \[missing-down\]/);
    // Every command that opens the backend knows the application's migrations too.
    const listed = infer(sb, ['conversations', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);

    // A line-ending-only edit of an applied file is not drift.
    writeFileSync(join(dir, '005_index_tags.up.sql'), 'CREATE INDEX idx_tags ON tags(name);   \r\n\r\n');
    expect(infer(sb, ['migrate']).code).toBe(0);

    const again = infer(sb, ['migrate', 'create', 'add tags, and notes', '--backend', 'sqlite']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('006_add_tags_and_notes.up.sql');
    expect(infer(sb, ['migrate', '--status']).stdout).toContain('Version 006: add tags, and notes (Pending)');
  });

  it('says so when no directory is configured, and refuses a backend without a schema', () => {
    const sb = sandbox();
    expectOneLineError(infer(sb, ['migrate', 'create', 'x']), 3, /storage\.migrations_dir is not set/, /migrations_dir: \.\/migrations/);
    writeConfig(sb, 'storage:\n  migrations_dir: ./m\n');
    expectOneLineError(infer(sb, ['migrate', 'create', 'x', '--backend', 'memory']), 3, /Memory backend has no schema/);
  });
});
