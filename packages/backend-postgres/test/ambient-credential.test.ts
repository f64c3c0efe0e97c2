import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePostgresConfig, postgresBackend } from '../src/index.js';

const saved = { PGPASSWORD: process.env.PGPASSWORD, PGPASSFILE: process.env.PGPASSFILE };
const dir = mkdtempSync(join(tmpdir(), 'infer-pgpass-'));
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
afterEach(() => rmSync(join(dir, 'pgpass'), { force: true }));

const config = (input: Parameters<typeof parsePostgresConfig>[0] = {}) =>
  parsePostgresConfig({ host: 'db.example', port: 6543, database: 'app', username: 'me', ...input });
const ambient = (input?: Parameters<typeof parsePostgresConfig>[0]) =>
  postgresBackend.ambientCredential!(config(input));

function passwordFile(line: string): string {
  const file = join(dir, 'pgpass');
  writeFileSync(file, `${line}\n`);
  chmodSync(file, 0o600);
  delete process.env.PGPASSWORD;
  process.env.PGPASSFILE = file;
  return file;
}

describe('where node-postgres would take a password the configuration does not give', () => {
  it('PGPASSWORD, unless the configuration has one; set but empty: none, and no password file', async () => {
    process.env.PGPASSWORD = 'x';
    expect(await ambient()).toBe('PGPASSWORD');
    expect(await ambient({ password: 'own' })).toBeUndefined();
    passwordFile('*:*:*:*:secret-pw');
    process.env.PGPASSWORD = '';
    expect(await ambient()).toBeUndefined();
  });

  it('the password file, only when a line matches host, port, database and user', async () => {
    const file = passwordFile('db.example:6543:app:me:secret-pw');
    expect(await ambient()).toBe(file);
    expect(await ambient({ port: 5432 })).toBeUndefined();
    expect(await ambient({ username: 'other' })).toBeUndefined();
    passwordFile('*:*:*:*:secret-pw');
    expect(await ambient({ host: 'anything' })).toBe(file);
  });

  it('a password file others can read is ignored, as the driver ignores it', async () => {
    const file = passwordFile('*:*:*:*:secret-pw');
    expect(await ambient()).toBe(file);
    chmodSync(file, 0o644);
    expect(await ambient()).toBeUndefined();
  });
});
