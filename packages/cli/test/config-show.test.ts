import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectionRecorder, connectionRecorder } from '@infer/test-servers';
import { expectDocument } from './documents.js';
import { type RunResult, type Sandbox, infer, sandbox, writeConfig } from '@infer/test-servers/cli';
import { inferOnTerminal } from './terminal.js';

const IN_FILE = 'Show-File-Pw-3x';
const IN_ENV = 'Show-Env-Pw-9k';

interface Setting {
  key: string;
  secret: boolean;
  set: boolean;
  value?: unknown;
  from: Record<string, unknown>;
}

let server: ConnectionRecorder;
beforeAll(async () => {
  server = await connectionRecorder(sandbox().root);
});
afterAll(() => server?.stop());

function expectNoSecret(result: RunResult): void {
  for (const secret of [IN_FILE, IN_ENV]) expect(result.stdout + result.stderr).not.toContain(secret);
}

/** `config show --json`, checked against the schema; its settings by key. */
function shown(
  sb: Sandbox,
  env: NodeJS.ProcessEnv = {},
  args: string[] = [],
): { report: Record<string, unknown>; settings: Map<string, Setting> } {
  const result = infer(sb, ['config', 'show', '--json', ...args], { env });
  expect(result.code, result.stderr).toBe(0);
  expectNoSecret(result);
  const report = expectDocument<{ settings: Setting[] }>(result.stdout, 'showReport', 'config');
  return { report, settings: new Map(report.settings.map((s) => [s.key, s])) };
}

describe('infer config show', () => {
  it('gives each value its origin: file and line, variable, default; a password only as (set, from …)', () => {
    const sb = sandbox();
    const file = writeConfig(
      sb,
      '# comment\nstorage:\n  type: postgres\n  postgres:\n    host: 127.0.0.1\n\n' +
        `    port: ${server.port}\n    password: '${IN_FILE}'\n`,
    );
    const env = { INFER_STORAGE_POSTGRES_DATABASE: 'from_env' };
    const { report, settings } = shown(sb, env);
    expect(report).toMatchObject({ file, source: 'project', approval: 'unknown', needsApproval: false });
    expect(settings.get('storage.type')).toMatchObject({ value: 'postgres', from: { kind: 'file', file, line: 3 } });
    expect(settings.get('storage.postgres.host')).toMatchObject({
      value: '127.0.0.1',
      from: { kind: 'file', file, line: 5 },
    });
    expect(settings.get('storage.postgres.port')).toMatchObject({
      value: server.port,
      from: { kind: 'file', file, line: 7 },
    });
    expect(settings.get('storage.postgres.database')).toMatchObject({
      value: 'from_env',
      from: { kind: 'env', variable: 'INFER_STORAGE_POSTGRES_DATABASE' },
    });
    expect(settings.get('storage.postgres.ssl_mode')).toMatchObject({ value: 'prefer', from: { kind: 'default' } });
    expect(settings.get('storage.enabled')).toMatchObject({ value: true, from: { kind: 'default' } });
    expect(settings.get('storage.postgres.password')).toEqual({
      key: 'storage.postgres.password',
      secret: true,
      set: true,
      from: { kind: 'file', file, line: 8 },
    });

    const text = infer(sb, ['config', 'show'], { env: { ...env, DEBUG: '*' } });
    expect(text.code).toBe(0);
    expectNoSecret(text);
    expect(text.stdout).toContain(`Configuration file: ${file} (found in the current directory; not approved)`);
    expect(text.stdout).toMatch(new RegExp(`storage\\.postgres\\.password +\\(set, from ${file}:8\\)`));
    expect(text.stdout).toMatch(/storage\.postgres\.database +from_env +INFER_STORAGE_POSTGRES_DATABASE/);
    expect(text.stdout).toMatch(/storage\.postgres\.ssl_mode +prefer +default/);
    expect(server.connections()).toBe(0);
  });

  it('names where a password comes from (variable, PGPASSWORD, ~/.pgpass), never connects, approved or not', () => {
    const sb = sandbox();
    writeConfig(sb, `storage:\n  type: postgres\n  postgres:\n    host: 127.0.0.1\n    port: ${server.port}\n`);
    const password = (env: NodeJS.ProcessEnv) => shown(sb, env).settings.get('storage.postgres.password');
    expect(password({ INFER_STORAGE_POSTGRES_PASSWORD: IN_ENV })).toMatchObject({
      set: true,
      from: { kind: 'env', variable: 'INFER_STORAGE_POSTGRES_PASSWORD' },
    });
    expect(password({ PGPASSWORD: IN_ENV })).toMatchObject({
      set: true,
      from: { kind: 'driver', source: 'PGPASSWORD' },
    });
    expect(password({})).toBeUndefined();
    const pgpass = join(sb.home, '.pgpass');
    writeFileSync(pgpass, `127.0.0.1:${server.port}:*:*:${IN_ENV}\n`);
    chmodSync(pgpass, 0o600);
    expect(password({})).toMatchObject({ set: true, from: { kind: 'driver', source: pgpass } });
    expect(shown(sb).report).toMatchObject({ needsApproval: true, approval: 'unknown' });
    expect(infer(sb, ['config', 'show']).stdout).toContain(
      `refuse this file until you approve it: infer config trust ${join(sb.cwd, '.infer', 'config.yaml')}`,
    );
    expect(server.connections()).toBe(0);
  });

  it('says how the file was chosen: --config, INFER_CONFIG, the home directory, none', () => {
    const sb = sandbox();
    const file = writeConfig(sb, 'storage:\n  type: memory\n', join(sb.root, 'chosen.yaml'));
    expect(shown(sb, {}, ['--config', file]).report).toEqual(expect.objectContaining({ file, source: 'flag' }));
    expect(shown(sb, { INFER_CONFIG: file }).report).toEqual(expect.objectContaining({ file, source: 'env' }));
    expect(shown(sb).report).toMatchObject({ file: null, source: 'defaults' });
    const own = writeConfig(sb, 'storage:\n  sqlite:\n    path: ~/x.db\n', join(sb.home, '.infer', 'config.yaml'));
    const { report, settings } = shown(sb);
    expect(report).toMatchObject({ file: own, source: 'user' });
    expect(report).not.toHaveProperty('approval');
    expect(settings.get('storage.sqlite.path')).toMatchObject({
      value: join(sb.home, 'x.db'),
      from: { kind: 'file', file: own, line: 3 },
    });
  });

  it('cuts no cell on a narrow terminal: a path and a file:line stay whole, and the row wraps', () => {
    const sb = sandbox();
    const db = join(sb.root, 'a-directory-with-a-rather-long-name', 'and-another-one', 'conversations.db');
    const file = writeConfig(sb, `storage:\n  type: sqlite\n  sqlite:\n    path: ${db}\n`);
    const terminal = inferOnTerminal(sb, ['config', 'show'], { columns: 60, env: { NO_COLOR: '1' } });
    expect(terminal.code, terminal.screen).toBe(0);
    expect(terminal.screen).not.toContain('…');
    const row = terminal.screen.split('\n').find((line) => line.startsWith('storage.sqlite.path '));
    expect(row?.split(/ {2,}/)).toEqual(['storage.sqlite.path', db, `${file}:4`]);
    expect(row!.length).toBeGreaterThan(60);
  });

  it('a YAML error quotes no line of the file, whatever DEBUG says', () => {
    const sb = sandbox();
    writeConfig(sb, `storage:\n  postgres:\n    password: '${IN_FILE}\n  type: [postgres\n`);
    for (const env of [{}, { DEBUG: '*' }]) {
      const result = infer(sb, ['config', 'show'], { env });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^Error: cannot parse .*config\.yaml at line \d+/m);
      expectNoSecret(result);
    }
  });
});
