import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '@infer/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SERVER,
  createDatabase,
  dropDatabases,
  mariadbEnabled,
  mariadbSql,
  sqlString,
} from '@infer/test-servers/mariadb';
import { CLI_DIR, type Sandbox, infer, sandbox, writeConfig } from '@infer/test-servers/cli';
import { MANY_RUNS_MS, expectNoSecretAnywhere, sqlSuccessCommands } from './support/secrets.js';

/**
 * The third-party MariaDB backend (examples/backend-mariadb, linked as a plugin) with a
 * password-protected user of its own: the password, set in the config file and in
 * INFER_STORAGE_MARIADB_PASSWORD (the variable wins), never reaches stdout or stderr, in plain,
 * --json or any DEBUG mode, on success and on failure.
 */
const USER = `infer_secret_${process.pid}_${randomBytes(3).toString('hex')}`;
const PASSWORD = "Maria-Pass'Vole:3d@/secret";
const IN_FILE = 'Cfg-Maria-Wren:6t@/secret';
const SECRETS = [PASSWORD, IN_FILE];
const MARIADB_DIR = join(CLI_DIR, '..', '..', 'examples', 'backend-mariadb');

let sb: Sandbox;
let database: string;

/** The user, as GRANT and DROP USER name it (from any host). */
const ACCOUNT = `${sqlString(USER)}@'%'`;

beforeAll(() => {
  if (!mariadbEnabled) return;
  sb = sandbox();
  expect(infer(sb, ['plugins', 'link', MARIADB_DIR, '--no-install']).code).toBe(0);
  database = createDatabase();
  mariadbSql(`CREATE USER ${ACCOUNT} IDENTIFIED BY ${sqlString(PASSWORD)}`);
  // Its own database, and the scratch databases `migrate lint` creates and drops.
  for (const scope of [database, 'infer\\_lint\\_%'])
    mariadbSql(`GRANT ALL PRIVILEGES ON \`${scope}\`.* TO ${ACCOUNT}`);
}, 60_000);

afterAll(() => {
  if (!mariadbEnabled) return;
  mariadbSql(`DROP USER IF EXISTS ${ACCOUNT}`);
  dropDatabases();
});

/** The config file (password IN_FILE) for the server at `port`, and the variable with `password`. */
function settings(port: number, password: string | undefined): { file: string; env: NodeJS.ProcessEnv } {
  const yaml =
    `storage:\n  type: mariadb\n  mariadb:\n    host: ${SERVER.host}\n    port: ${port}\n    username: ${USER}\n` +
    `    database: ${database}\n    password: '${IN_FILE}'\n    connect_timeout: 2\n`;
  const file = writeConfig(sb, yaml, join(sb.cwd, `mariadb-${port}-${password === undefined ? 'none' : 'set'}.yaml`));
  return { file, env: { INFER_STORAGE_MARIADB_PASSWORD: password } };
}

describe.runIf(mariadbEnabled)('no MariaDB password in any output', () => {
  it(
    'on success paths: migrate, status, lint, backends, conversations, storage copy',
    () => {
      const { file, env } = settings(SERVER.port, PASSWORD);
      const commands = sqlSuccessCommands(sb);
      expect(expectNoSecretAnywhere(sb, commands, file, env, 0, SECRETS, 'MariaDB')).toBe(commands.length * 5);
    },
    MANY_RUNS_MS,
  );

  it(
    'on error paths: wrong password, wrong port',
    async () => {
      const cases = {
        'wrong password': settings(SERVER.port, undefined),
        'wrong port': settings(await freePort(), PASSWORD),
      };
      for (const [name, { file, env }] of Object.entries(cases)) {
        expectNoSecretAnywhere(sb, [['migrate'], ['conversations', 'list']], file, env, 4, SECRETS, name);
      }
    },
    MANY_RUNS_MS,
  );
});
