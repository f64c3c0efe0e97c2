import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectionRecorder, connectionRecorder } from '@infer/test-servers';
import { expectDocument } from './documents.js';
import { type Sandbox, expectOneLineError, infer, sandbox, snapshot, writeConfig } from '@infer/test-servers/cli';
import { ledgerOf } from './helpers.js';

const SECRET = 'Trust-Test-Pw-7q';

let server: ConnectionRecorder;
beforeAll(async () => {
  server = await connectionRecorder(sandbox().root);
});
afterAll(() => server?.stop());

/** A cloned repository's `.infer/config.yaml` naming the recording server, without a password of its own. */
function projectNamingServer(sb: Sandbox, extra = ''): string {
  return writeConfig(
    sb,
    `storage:\n  type: postgres\n  postgres:\n    host: 127.0.0.1\n    port: ${server.port}\n` +
      `    ssl_mode: disable\n    connect_timeout: 2\n${extra}`,
  );
}

/** Runs `args` and tells whether it reached the server. */
function reaches(sb: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}) {
  const before = server.connections();
  const result = infer(sb, args, { env });
  return { result, connected: server.connections() > before };
}

const CREDENTIALS: Record<string, (sb: Sandbox) => { env: NodeJS.ProcessEnv; from: RegExp }> = {
  INFER_STORAGE_POSTGRES_PASSWORD: () => ({
    env: { INFER_STORAGE_POSTGRES_PASSWORD: SECRET },
    from: /the password from INFER_STORAGE_POSTGRES_PASSWORD/,
  }),
  PGPASSWORD: () => ({ env: { PGPASSWORD: SECRET }, from: /the password from PGPASSWORD/ }),
  '~/.pgpass': (sb) => {
    const pgpass = join(sb.home, '.pgpass');
    writeFileSync(pgpass, `127.0.0.1:${server.port}:*:*:${SECRET}\n`);
    chmodSync(pgpass, 0o600);
    return { env: {}, from: /the password from \S*\.pgpass/ };
  },
};

describe('a config file in the current directory cannot send a password from elsewhere to a server it names', () => {
  for (const [name, credential] of Object.entries(CREDENTIALS)) {
    it(`refuses (exit 15) a password from ${name} before connecting, in every command that opens the backend`, () => {
      const sb = sandbox();
      const file = projectNamingServer(sb);
      const { env, from } = credential(sb);
      const copyTo = writeConfig(
        sb,
        `storage:\n  sqlite:\n    path: ${join(sb.root, 'copy.db')}\n`,
        join(sb.root, 'copy.yaml'),
      );
      for (const args of [
        ['migrate'],
        ['migrate', '--status'],
        ['migrate', 'down', '--to', '001'],
        ['conversations', 'list'],
        ['storage', 'copy', '--to', copyTo],
      ]) {
        const { result, connected } = reaches(sb, args, env);
        expectOneLineError(
          result,
          15,
          from,
          new RegExp(`^Error: ${file}`),
          new RegExp(`host=127\\.0\\.0\\.1, port=${server.port}`),
          new RegExp(`Fix: .*"infer config trust ${file}"`),
        );
        expect(result.stderr + result.stdout).not.toContain(SECRET);
        expect(connected, args.join(' ')).toBe(false);
      }
      // The same file, approved, is used: the connection is made.
      expect(infer(sb, ['config', 'trust']).code).toBe(0);
      const { result, connected } = reaches(sb, ['migrate', '--status'], env);
      expect(result.code, result.stderr).toBe(4);
      expect(connected).toBe(true);
    });
  }

  it("--config, INFER_CONFIG count as approval; the file's own password and a file naming no server need none", () => {
    const sb = sandbox();
    const env = { INFER_STORAGE_POSTGRES_PASSWORD: SECRET };
    const file = projectNamingServer(sb);
    expect(reaches(sb, ['migrate', '--status', '--config', file], env).connected).toBe(true);
    expect(reaches(sb, ['migrate', '--status'], { ...env, INFER_CONFIG: file }).connected).toBe(true);
    projectNamingServer(sb, `    password: '${SECRET}'\n`);
    expect(reaches(sb, ['migrate', '--status'], env).result.code).toBe(15); // the variable wins over the file's own
    expect(reaches(sb, ['migrate', '--status']).connected).toBe(true);
    // Only the type in the file: the server and the password are the user's own settings.
    writeConfig(sb, 'storage:\n  type: postgres\n');
    const own = {
      ...env,
      INFER_STORAGE_POSTGRES_HOST: '127.0.0.1',
      INFER_STORAGE_POSTGRES_PORT: String(server.port),
      INFER_STORAGE_POSTGRES_SSL_MODE: 'disable',
    };
    expect(reaches(sb, ['migrate', '--status'], own).connected).toBe(true);
  });

  it('an approval is for one content: a changed file is refused again; --list shows it, --revoke forgets it', () => {
    const sb = sandbox();
    const env = { PGPASSWORD: SECRET };
    const file = projectNamingServer(sb);
    const approved = infer(sb, ['config', 'trust', '--json']);
    expect(approved.code, approved.stderr).toBe(0);
    expectDocument(approved.stdout, 'trustReport', 'config');
    expect(reaches(sb, ['conversations', 'list'], env).connected).toBe(true);

    writeFileSync(file, `${readFileSync(file, 'utf8')}    database: other\n`);
    const { result, connected } = reaches(sb, ['conversations', 'list'], env);
    expectOneLineError(result, 15, /changed since you approved it/);
    expect(connected).toBe(false);
    const listed = infer(sb, ['config', 'trust', '--list', '--json']);
    expect(expectDocument(listed.stdout, 'trustReport', 'config')).toMatchObject({
      approvals: [{ path: file, state: 'changed' }],
    });

    expect(infer(sb, ['config', 'trust', file]).code).toBe(0);
    expect(reaches(sb, ['conversations', 'list'], env).connected).toBe(true);
    const revoked = infer(sb, ['config', 'trust', '--revoke', '--json']);
    expect(expectDocument(revoked.stdout, 'trustReport', 'config')).toEqual({ revoked: file });
    expectOneLineError(reaches(sb, ['conversations', 'list'], env).result, 15, /you have not approved it/);
    expectOneLineError(infer(sb, ['config', 'trust', '--revoke']), 3, /is not approved/);
  });

  it('keeps approvals private ($XDG_CONFIG_HOME/infer, 0700 and 0600), by real path', () => {
    const sb = sandbox();
    const file = projectNamingServer(sb);
    const link = join(sb.root, 'linked');
    symlinkSync(sb.cwd, link);
    expect(infer(sb, ['config', 'trust', join(link, '.infer', 'config.yaml')]).code).toBe(0);
    const dir = join(sb.env.XDG_CONFIG_HOME!, 'infer');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'trusted-configs.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'trusted-configs.json'), 'utf8'))).toMatchObject({
      approvals: [{ path: file }],
    });
    expect(reaches(sb, ['migrate', '--status'], { PGPASSWORD: SECRET }).connected).toBe(true);
  });

  it("the file of the home directory is the user's own, not a project's", () => {
    const sb = sandbox();
    writeConfig(
      sb,
      `storage:\n  type: postgres\n  postgres:\n    host: 127.0.0.1\n    port: ${server.port}\n    ssl_mode: disable\n`,
      join(sb.home, '.infer', 'config.yaml'),
    );
    expect(reaches(sb, ['migrate', '--status'], { PGPASSWORD: SECRET }).connected).toBe(true);
    const fromHome = infer(sb, ['migrate', '--status'], { env: { PGPASSWORD: SECRET }, cwd: sb.home });
    expect(fromHome.code, fromHome.stderr).toBe(4);
  });

  it('config trust of a missing file: exit 3, nothing recorded', () => {
    const sb = sandbox();
    expectOneLineError(infer(sb, ['config', 'trust', 'nope.yaml']), 3, /config file .*nope\.yaml does not exist/);
    expectOneLineError(infer(sb, ['config', 'trust']), 3, /\.infer\/config\.yaml does not exist/);
    expect(JSON.parse(infer(sb, ['config', 'trust', '--list', '--json']).stdout)).toEqual({ approvals: [] });
  });

  it('--list with a file is bad usage (exit 2), not a listing that ignores the file', () => {
    const sb = sandbox();
    expectOneLineError(
      infer(sb, ['config', 'trust', 'some.yaml', '--list']),
      2,
      /--list takes no file \(it lists every approved one\); got some\.yaml/,
    );
  });
});

describe("a project's migrations_dir runs only against a store its own file names", () => {
  it('refuses it on the default store or one the environment names (exit 15, unchanged); runs it on its own', () => {
    const sb = sandbox();
    expect(infer(sb, ['migrate']).code).toBe(0);
    mkdirSync(join(sb.cwd, 'm', 'sqlite'), { recursive: true });
    writeFileSync(join(sb.cwd, 'm', 'sqlite', '004_tags.up.sql'), 'CREATE TABLE project_tags (id TEXT);\n');
    const file = writeConfig(sb, 'storage:\n  migrations_dir: ../m\n');
    const before = snapshot(sb.defaultDb);
    for (const args of [
      ['migrate'],
      ['migrate', 'down', '--yes'],
      ['migrate', 'repair'],
      ['migrate', 'baseline', '--to', '001'],
    ]) {
      expectOneLineError(
        infer(sb, args),
        15,
        new RegExp(
          `^Error: ${file} .*migrations_dir against sqlite \\(path=${sb.defaultDb}\\), a store it does not name`,
        ),
        /infer config trust/,
      );
    }
    // Commands that do not run the project's migrations against the store are not refused.
    for (const args of [
      ['migrate', '--status'],
      ['migrate', '--dry-run'],
      ['migrate', 'lint'],
      ['conversations', 'list'],
    ]) {
      const result = infer(sb, args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const elsewhere = join(sb.root, 'elsewhere.db');
    expectOneLineError(
      infer(sb, ['migrate'], { env: { INFER_STORAGE_SQLITE_PATH: elsewhere } }),
      15,
      /a store it does not name/,
    );
    expect(snapshot(sb.defaultDb)).toEqual(before);

    // Both paths are relative to the file (.infer/): ../m is the project's directory, ./own.db is beside the file.
    writeConfig(sb, 'storage:\n  migrations_dir: ../m\n  sqlite:\n    path: ./own.db\n');
    const own = infer(sb, ['migrate']);
    expect(own.code, own.stderr).toBe(0);
    expect(ledgerOf(join(sb.cwd, '.infer', 'own.db')).map((row) => row.version)).toEqual(['001', '002', '003', '004']);
    expect(snapshot(sb.defaultDb)).toEqual(before);

    // Nor is `migrate create`, which only writes files.
    writeConfig(sb, 'storage:\n  migrations_dir: ../m\n');
    const create = infer(sb, ['migrate', 'create', 'more_tags']);
    expect(create.code, create.stderr).toBe(0);
  });
});
