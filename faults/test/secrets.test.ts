import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunResult, type Sandbox, infer, sandbox, writeConfig } from '@infer/test-servers/cli';
import {
  type PgTarget,
  ThrowawayPostgres,
  freePort,
  onThrowaway,
  postgresEnabled,
  psql,
} from './support/postgres-cli.js';
import {
  MANY_RUNS_MS,
  MODES,
  expectNoSecret,
  expectNoSecretAnywhere,
  runInMode,
  sqlSuccessCommands,
} from './support/secrets.js';

/**
 * A PostgreSQL password set both in the config file and in INFER_STORAGE_POSTGRES_PASSWORD (the
 * variable wins) never reaches stdout or stderr, whatever the command, mode (plain, --json, every
 * DEBUG setting) or outcome. Redis and MariaDB: secrets-redis.test.ts, secrets-mariadb.test.ts.
 */
const IN_FILE = 'Cfg-Plover:7q@x/secret';
const IN_ENV = 'Env-Quokka%9z@y/secret';
const SECRETS = [IN_FILE, IN_ENV];

let server: ThrowawayPostgres;
let sb: Sandbox;

/** The config file (password IN_FILE) for `target`, and INFER_STORAGE_POSTGRES_PASSWORD (IN_ENV, the server's). */
function settings(target: Omit<PgTarget, 'password'>): NodeJS.ProcessEnv {
  const { host, port, user, database } = target;
  const yaml =
    `storage:\n  type: postgres\n  postgres:\n    host: ${host}\n    port: ${port}\n    username: ${user}\n` +
    `    database: ${database}\n    ssl_mode: disable\n    password: '${IN_FILE}'\n`;
  const file = writeConfig(sb, yaml, join(sb.cwd, `pg-${port}-${database}.yaml`));
  return { INFER_STORAGE_POSTGRES_PASSWORD: IN_ENV, INFER_CONFIG_FILE_FOR_TEST: file };
}

function run(command: string[], env: NodeJS.ProcessEnv, mode: string): RunResult {
  const { INFER_CONFIG_FILE_FOR_TEST: file, ...rest } = env;
  return runInMode(sb, command, file!, rest, mode);
}

beforeAll(async () => {
  if (!postgresEnabled) return;
  sb = sandbox();
  server = await ThrowawayPostgres.start({ user: 'infer_owner', password: IN_ENV });
}, 60_000);

afterAll(() => server?.stop());

describe.runIf(postgresEnabled)('no password in any output', () => {
  const target = () => ({ host: server.host, port: server.port, user: server.user, database: 'postgres' });

  it(
    'on success paths: migrate, status, dry-run, lint, backends, conversations, storage copy, help',
    () => {
      const env = settings(target());
      const commands = [
        ['migrate', '--dry-run'],
        ...sqlSuccessCommands(sb),
        ['migrate', 'down', '--to', '002', '--dry-run'],
      ];
      for (const mode of Object.keys(MODES)) {
        for (const command of commands) {
          const result = run(command, env, mode);
          expect(result.code, `${command.join(' ')} (${mode}): ${result.stderr}`).toBe(0);
          expectNoSecret(result, SECRETS, `${command.join(' ')} (${mode})`);
        }
      }
      for (const help of [['--help'], ['migrate', '--help'], ['storage', 'copy', '--help']])
        expectNoSecret(infer(sb, help, { env }), SECRETS, help.join(' '));
    },
    MANY_RUNS_MS,
  );

  it(
    'on error paths: wrong port, wrong database, wrong password',
    async () => {
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
            expectNoSecret(result, SECRETS, `${name}, ${command.join(' ')} (${mode})`);
          }
        }
      }
    },
    MANY_RUNS_MS,
  );

  it(
    'on a lock timeout',
    async () => {
      const database = 'lock_target';
      const owner = onThrowaway(server, 'postgres');
      psql(owner, `CREATE DATABASE ${database}`);
      const env = { ...settings({ ...target(), database }), INFER_STORAGE_POSTGRES_LOCK_TIMEOUT: '1' };
      const key = createHash('sha256').update('schema_migrations').digest().readBigInt64BE(0).toString();
      const holder = spawn(
        'psql',
        [
          '-h',
          owner.host,
          '-p',
          String(owner.port),
          '-U',
          owner.user,
          '-d',
          database,
          '-c',
          `SELECT pg_advisory_lock(${key})`,
          '-c',
          'SELECT pg_sleep(30)',
        ],
        {
          env: { ...process.env, PGPASSWORD: IN_ENV },
        },
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        for (const mode of Object.keys(MODES)) {
          const result = run(['migrate'], env, mode);
          expect(result.code, result.stderr).toBe(10);
          expectNoSecret(result, SECRETS, `lock timeout (${mode})`);
        }
      } finally {
        holder.kill();
      }
    },
    MANY_RUNS_MS,
  );
});

describe('no password in a YAML error', () => {
  it(
    "js-yaml's snippet of the lines around the fault is printed in no mode",
    () => {
      const yamlSandbox = sandbox();
      const broken = {
        'bad indentation': `storage:\n  type: redis\n  redis:\n    password: '${IN_FILE}'\n   db: 1\n`,
        'duplicated key':
          `storage:\n  type: postgres\n  postgres:\n    password: '${IN_FILE}'\n` + `    password: '${IN_ENV}'\n`,
        'unclosed quote': `storage:\n  type: postgres\n  postgres:\n    username: "x\n    password: '${IN_FILE}'\n`,
      };
      for (const [name, yaml] of Object.entries(broken)) {
        const file = writeConfig(yamlSandbox, yaml, join(yamlSandbox.cwd, `${name.replaceAll(' ', '-')}.yaml`));
        expectNoSecretAnywhere(yamlSandbox, [['migrate'], ['conversations', 'list']], file, {}, 3, SECRETS, name);
      }
    },
    MANY_RUNS_MS,
  );
});
