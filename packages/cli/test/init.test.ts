import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sqliteMigrations } from '@infer/backend-sqlite';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, infer, ledgerOf, sandbox, writeConfig } from './helpers.js';

const files = (cwd: string) => ({
  config: join(cwd, '.infer', 'config.yaml'),
  gitignore: join(cwd, '.infer', '.gitignore'),
});

describe('infer init', () => {
  it('writes the commented defaults and a .gitignore, then creates the database with every migration', () => {
    const sb = sandbox();
    const result = infer(sb, ['init']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { config, gitignore } = files(sb.cwd);
    const yaml = readFileSync(config, 'utf8');
    expect(yaml).toMatch(/^storage:\n/m);
    expect(yaml).toMatch(/^ {2}enabled: true$/m);
    expect(yaml).toMatch(/^ {2}type: sqlite$/m);
    expect(yaml).toMatch(/^ {2}sqlite:\n {4}# [^\n]*\n(?: {4}#[^\n]*\n)* {4}path: ~\/\.infer\/conversations\.db$/m);
    expect(yaml).toMatch(/^#/);
    const ignored = readFileSync(gitignore, 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['*.db', '*.db-wal', '*.db-shm']));
    expect(result.stdout).toContain(`Created ${config}`);
    expect(result.stdout).toContain(`Created ${gitignore}`);
    expect(result.stdout).toMatch(/✅ Applied 001: Initial schema - conversations table/);
    expect(ledgerOf(sb.defaultDb).map((row) => row.version)).toEqual(sqliteMigrations.map((m) => m.version));
  });

  it('with --config writes the configuration there (no .gitignore) and migrates what it says', () => {
    const sb = sandbox();
    // A user config that names another backend must not be the one read.
    writeConfig(sb, 'storage:\n  type: memory\n', join(sb.home, '.infer', 'config.yaml'));
    const result = infer(sb, ['init', '--config', 'custom/infer.yaml']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(sb.cwd, 'custom', 'infer.yaml'), 'utf8')).toMatch(/^ {2}type: sqlite$/m);
    expect(existsSync(join(sb.cwd, 'custom', '.gitignore'))).toBe(false);
    expect(existsSync(join(sb.cwd, '.infer'))).toBe(false);
    expect(result.stdout).toMatch(/Applied \d+ migrations to the SQLite database/);
    expect(existsSync(sb.defaultDb)).toBe(true);
  });

  it('refuses to replace existing files without --overwrite and changes nothing', () => {
    const sb = sandbox();
    expect(infer(sb, ['init', '--skip-migrations']).code).toBe(0);
    const { config, gitignore } = files(sb.cwd);
    writeConfig(sb, 'storage:\n  type: memory\n');
    const before = [readFileSync(config, 'utf8'), readFileSync(gitignore, 'utf8')];

    const result = infer(sb, ['init']);
    expectOneLineError(result, 3, /already exist/, /--overwrite/);
    expect(result.stdout).toBe('');
    expect([readFileSync(config, 'utf8'), readFileSync(gitignore, 'utf8')]).toEqual(before);
    expect(existsSync(dirname(sb.defaultDb))).toBe(false);
  });

  it('refuses when only one of the two files exists, and writes neither', () => {
    const sb = sandbox();
    const { config, gitignore } = files(sb.cwd);
    writeConfig(sb, '# mine\n', gitignore);
    expectOneLineError(infer(sb, ['init', '--skip-migrations']), 3, /\.gitignore already exists/);
    expect(existsSync(config)).toBe(false);
    expect(readFileSync(gitignore, 'utf8')).toBe('# mine\n');
  });

  it('replaces both files with --overwrite', () => {
    const sb = sandbox();
    const { config, gitignore } = files(sb.cwd);
    writeConfig(sb, 'storage:\n  type: memory\n');
    writeConfig(sb, '# mine\n', gitignore);
    const result = infer(sb, ['init', '--overwrite', '--skip-migrations']);
    expect(result.code).toBe(0);
    expect(readFileSync(config, 'utf8')).toMatch(/^ {2}type: sqlite$/m);
    expect(readFileSync(gitignore, 'utf8')).toMatch(/^\*\.db$/m);
  });

  it('creates no database with --skip-migrations', () => {
    const sb = sandbox();
    const result = infer(sb, ['init', '--skip-migrations']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/Applied|up to date/);
    expect(existsSync(files(sb.cwd).config)).toBe(true);
    expect(existsSync(dirname(sb.defaultDb))).toBe(false);
  });

  it('--json reports the files and the migration results', () => {
    const sb = sandbox();
    const result = infer(sb, ['init', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { files: string[]; migration: { dialect: string; results: unknown[] } };
    expect(report.files).toEqual([files(sb.cwd).config, files(sb.cwd).gitignore]);
    expect(report.migration.dialect).toBe('SQLite');
    expect(report.migration.results).toHaveLength(sqliteMigrations.length);
  });
});
