import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunResult, type Sandbox, infer, sandbox, writeConfig } from '../../packages/cli/test/helpers.js';
import { type PgTarget, ThrowawayPostgres, freePort, onThrowaway, postgresEnabled, psql } from './support/postgres-cli.js';

/**
 * Issue 7, item 5: a password set both in the config file and in INFER_STORAGE_POSTGRES_PASSWORD
 * (the variable wins) never reaches stdout or stderr, whatever the command, mode or outcome.
 */
const IN_FILE = 'Cfg-Plover:7q@x/secret';
const IN_ENV = 'Env-Quokka%9z@y/secret';
const forms = (secret: string) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];

/** Every way a password could show: as set, URL-encoded, base64. */
function expectNoSecret(result: RunResult, what: string): void {
  for (const secret of [...forms(IN_FILE), ...forms(IN_ENV)]) {
    expect(result.stdout, `${what}: stdout`).not.toContain(secret);
    expect(result.stderr, `${what}: stderr`).not.toContain(secret);
  }
}

const MODES: Record<string, { args: string[]; env: NodeJS.ProcessEnv }> = {
  plain: { args: [], env: {} },
  json: { args: ['--json'], env: {} },
  debug: { args: [], env: { DEBUG: '*' } },
};

let server: ThrowawayPostgres;
let sb: Sandbox;

/** The config file (password IN_FILE) for `target`, and INFER_STORAGE_POSTGRES_PASSWORD (IN_ENV, the server's). */
function settings(target: Omit<PgTarget, 'password'>): NodeJS.ProcessEnv {
  const { host, port, user, database } = target;
  const yaml = `storage:\n  type: postgres\n  postgres:\n    host: ${host}\n    port: ${port}\n    username: ${user}\n    database: ${database}\n    ssl_mode: disable\n    password: '${IN_FILE}'\n`;
  const file = writeConfig(sb, yaml, join(sb.cwd, `pg-${port}-${database}.yaml`));
  return { INFER_STORAGE_POSTGRES_PASSWORD: IN_ENV, INFER_CONFIG_FILE_FOR_TEST: file };
}

function run(command: string[], env: NodeJS.ProcessEnv, mode: string): RunResult {
  const { args, env: modeEnv } = MODES[mode]!;
  const { INFER_CONFIG_FILE_FOR_TEST: file, ...rest } = env;
  return infer(sb, [...command, ...args, '--config', file!], { env: { ...rest, ...modeEnv } });
}

beforeAll(async () => {
  if (!postgresEnabled) return;
  sb = sandbox();
  server = await ThrowawayPostgres.start({ user: 'infer_owner', password: IN_ENV });
}, 60_000);

afterAll(() => server?.stop());

describe.runIf(postgresEnabled)('no password in any output', () => {
  const target = () => ({ host: server.host, port: server.port, user: server.user, database: 'postgres' });

  it('on success paths: migrate, status, dry-run, lint, backends, conversations, storage copy, help', () => {
    const env = settings(target());
    const copyTo = writeConfig(sb, `storage:\n  type: sqlite\n  sqlite:\n    path: ${join(sb.root, 'copy.db')}\n`, join(sb.cwd, 'copy-target.yaml'));
    const commands = [
      ['migrate', '--dry-run'],
      ['migrate'],
      ['migrate', '--status'],
      ['migrate', 'lint'],
      ['backends'],
      ['conversations', 'list'],
      ['storage', 'copy', '--to', copyTo],
      ['migrate', 'down', '--to', '002', '--dry-run'],
    ];
    for (const mode of Object.keys(MODES)) {
      for (const command of commands) {
        const result = run(command, env, mode);
        expect(result.code, `${command.join(' ')} (${mode}): ${result.stderr}`).toBe(0);
        expectNoSecret(result, `${command.join(' ')} (${mode})`);
      }
    }
    for (const help of [['--help'], ['migrate', '--help'], ['storage', 'copy', '--help']]) expectNoSecret(infer(sb, help, { env }), help.join(' '));
  });

  it('on error paths: wrong port, wrong database, wrong password', async () => {
    const cases = {
      'wrong port': settings({ ...target(), port: await freePort() }),
      'wrong database': settings({ ...target(), database: 'no_such_db' }),
      'wrong password': { ...settings(target()), INFER_STORAGE_POSTGRES_PASSWORD: undefined },
    };
    for (const [name, env] of Object.entries(cases)) {
      for (const mode of Object.keys(MODES)) {
        for (const command of [['migrate'], ['conversations', 'list'], ['migrate', 'lint']]) {
          const result = run(command, env, mode);
          expect(result.code, `${name}, ${command.join(' ')} (${mode}): ${result.stderr}`).toBe(4);
          expectNoSecret(result, `${name}, ${command.join(' ')} (${mode})`);
        }
      }
    }
  });

  it('on a lock timeout', async () => {
    const database = 'lock_target';
    const owner = onThrowaway(server, 'postgres');
    psql(owner, `CREATE DATABASE ${database}`);
    const env = { ...settings({ ...target(), database }), INFER_STORAGE_POSTGRES_LOCK_TIMEOUT: '1' };
    const key = createHash('sha256').update('schema_migrations').digest().readBigInt64BE(0).toString();
    const holder = spawn('psql', ['-h', owner.host, '-p', String(owner.port), '-U', owner.user, '-d', database, '-c', `SELECT pg_advisory_lock(${key})`, '-c', 'SELECT pg_sleep(30)'], {
      env: { ...process.env, PGPASSWORD: IN_ENV },
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const mode of Object.keys(MODES)) {
        const result = run(['migrate'], env, mode);
        expect(result.code, result.stderr).toBe(10);
        expectNoSecret(result, `lock timeout (${mode})`);
      }
    } finally {
      holder.kill();
    }
  });
});
