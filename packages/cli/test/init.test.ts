import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sqliteMigrations } from '@infer/backend-sqlite';
import { describe, expect, it } from 'vitest';
import { expectDocument } from './documents.js';
import {
  expectOneLineError,
  infer,
  inferQuietly,
  linkContractPlugin,
  sandbox,
  writeConfig,
} from '@infer/test-servers/cli';
import { ledgerOf } from './helpers.js';

const files = (cwd: string) => ({
  config: join(cwd, '.infer', 'config.yaml'),
  gitignore: join(cwd, '.infer', '.gitignore'),
});

describe('infer init', () => {
  it('writes the commented defaults and a .gitignore, then creates the database with every migration', () => {
    const sb = sandbox();
    const result = inferQuietly(sb, ['init']);
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
    expect(result.stdout).toContain(`Conversations will be stored in sqlite (path=${sb.defaultDb}).`);
    expect(result.stdout).toMatch(/✅ Applied 001: Initial schema - conversations table/);
    expect(ledgerOf(sb.defaultDb).map((row) => row.version)).toEqual(sqliteMigrations.map((m) => m.version));
  });

  it('with --config writes the configuration there (no .gitignore) and migrates what it says', () => {
    const sb = sandbox();
    // A user config that names another backend must not be the one read.
    writeConfig(sb, 'storage:\n  type: memory\n', join(sb.home, '.infer', 'config.yaml'));
    const result = inferQuietly(sb, ['init', '--config', 'custom/infer.yaml']);
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
    type Report = { files: string[]; migration: { dialect: string; results: unknown[] } };
    const report = expectDocument<Report>(result.stdout, 'initReport', 'migrate');
    expect(report.files).toEqual([files(sb.cwd).config, files(sb.cwd).gitignore]);
    expect(report.migration.dialect).toBe('SQLite');
    expect(report.migration.results).toHaveLength(sqliteMigrations.length);
  });

  it('writes the type of INFER_STORAGE_TYPE, every installed type, and a working commented section of each', () => {
    const sb = sandbox();
    const result = inferQuietly(sb, ['init'], { env: { INFER_STORAGE_TYPE: 'memory' } });
    expect(result.stdout).toContain('Conversations will be stored in memory.');
    const yaml = readFileSync(files(sb.cwd).config, 'utf8');
    expect(yaml).toMatch(/^ {2}type: memory$/m);
    expect(yaml).toMatch(/^ {2}# Which backend stores conversations; installed: memory, postgres, redis, sqlite$/m);
    expect(yaml).toMatch(/^ {2}memory: \{\}$/m);
    // Removing "# " in front of the Redis section and setting its type gives a configuration of its defaults.
    const redis = yaml
      .replace(/^ {2}type: memory$/m, '  type: redis')
      .replace(/^ {2}# (redis:\n(?: {2}# {3}.*\n)*)/m, (section: string) => section.replace(/^ {2}# /gm, '  '));
    expect(redis).toMatch(/^ {2}redis:\n {4}# The server: [^\n]*\n {4}host: localhost$/m);
    writeConfig(sb, redis);
    const shown = infer(sb, ['config', 'show', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const settings = (
      JSON.parse(shown.stdout) as { settings: { key: string; value?: unknown; from: { kind: string } }[] }
    ).settings;
    expect(settings.find((s) => s.key === 'storage.redis.port')).toMatchObject({ value: 6379, from: { kind: 'file' } });
    expect(settings.find((s) => s.key === 'storage.redis.key_prefix')).toMatchObject({
      value: '',
      from: { kind: 'file' },
    });
  });

  it('--type writes that type with its defaults and says where the database is, never with a password', () => {
    const sb = sandbox();
    const result = inferQuietly(sb, ['init', '--type', 'postgres', '--skip-migrations'], {
      env: { INFER_STORAGE_POSTGRES_PASSWORD: 'hunter2' },
    });
    expect(result.stdout).toContain(
      'Conversations will be stored in postgres (database=infer_conversations, host=localhost, port=5432',
    );
    expect(result.stdout).not.toContain('hunter2');
    const yaml = readFileSync(files(sb.cwd).config, 'utf8');
    expect(yaml).toMatch(/^ {2}type: postgres\n\n {2}# PostgreSQL\n {2}postgres:\n/m);
    expect(yaml).toMatch(/^ {4}port: 5432$/m);
    expect(yaml).toMatch(/^ {4}# password:$/m);
    expect(yaml).toMatch(
      /^ {2}# sqlite:\n {2}# {3}# The database file\.\n {2}# {3}path: ~\/\.infer\/conversations\.db$/m,
    );
  });

  it('refuses a type not installed, or one INFER_STORAGE_TYPE contradicts, in one line, writing nothing', () => {
    const sb = sandbox();
    expectOneLineError(
      infer(sb, ['init', '--type', 'mongo']),
      3,
      'storage type "mongo" is not installed (installed: memory, postgres, redis, sqlite)',
      /--type/,
    );
    expectOneLineError(infer(sb, ['init'], { env: { INFER_STORAGE_TYPE: 'nope' } }), 3, /"nope" is not installed/);
    expectOneLineError(
      infer(sb, ['init', '--type', 'sqlite'], { env: { INFER_STORAGE_TYPE: 'memory' } }),
      3,
      '--type sqlite contradicts INFER_STORAGE_TYPE=memory',
    );
    expect(existsSync(join(sb.cwd, '.infer'))).toBe(false);
  });

  it("lists a plugin's type and writes its section from the defaults its schema fills in", () => {
    const sb = sandbox();
    linkContractPlugin(sb, 'infer-backend-kv', 'kv', '^1.0.0');
    const result = infer(sb, ['init', '--skip-migrations']);
    expect(result.code, result.stderr).toBe(0);
    const yaml = readFileSync(files(sb.cwd).config, 'utf8');
    expect(yaml).toMatch(/installed: kv, memory, postgres, redis, sqlite$/m);
    expect(yaml).toMatch(/^ {2}# infer-backend-kv: to use it, set type: kv [^\n]*\n {2}# kv: \{\}$/m);
  });
});
