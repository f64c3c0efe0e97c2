import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { connectionRecorder } from '@infer/test-servers';
import { infer, snapshot, writeConfig } from '@infer/test-servers/cli';
import { EXIT, type Case, type Context, type Prepared, config } from '../harness.js';

/** packages/cli/src/exit-codes.ts: a configuration file found in the current directory is not approved. */
const UNTRUSTED = 15;
const PASSWORD = 'Untrusted-Case-Pw';

/**
 * A cloned repository's `.infer/config.yaml` naming a server (a port that records connections)
 * without a password of its own; `credential` supplies one from elsewhere. The fingerprint holds the
 * SQLite data and the number of connections made: nothing may reach the server.
 */
const namingServer =
  (credential: (context: Context) => NodeJS.ProcessEnv, after?: (context: Context) => void) =>
  async (context: Context): Promise<Prepared> => {
    const server = await connectionRecorder(context.sb.root);
    writeConfig(
      context.sb,
      `storage:\n  type: postgres\n  postgres:\n    host: 127.0.0.1\n    port: ${server.port}\n` +
        '    ssl_mode: disable\n    connect_timeout: 2\n',
    );
    const env = credential(context);
    after?.(context);
    return {
      env,
      fingerprint: () => ({ data: snapshot(context.db), connections: server.connections() }),
      cleanup: () => server.stop(),
    };
  };

export const cases: readonly Case[] = [
  {
    name: 'an unapproved project config naming a server, the password from INFER_STORAGE_POSTGRES_PASSWORD',
    args: ['migrate'],
    exit: UNTRUSTED,
    error: new RegExp(
      /config\.yaml \(found in the current directory\) would send the password from /.source +
        /INFER_STORAGE_POSTGRES_PASSWORD to postgres \(.*port=\d+\).*infer config trust/.source,
    ),
    setup: namingServer(() => ({ INFER_STORAGE_POSTGRES_PASSWORD: PASSWORD })),
  },
  {
    name: 'an unapproved project config naming a server, the password from PGPASSWORD',
    args: ['conversations', 'list'],
    exit: UNTRUSTED,
    error: /would send the password from PGPASSWORD to postgres/,
    setup: namingServer(() => ({ PGPASSWORD: PASSWORD })),
  },
  {
    name: 'an unapproved project config naming a server, the password from ~/.pgpass',
    args: ['migrate', '--status'],
    exit: UNTRUSTED,
    error: /would send the password from \S*\/\.pgpass to postgres/,
    setup: namingServer(({ sb }) => {
      const pgpass = join(sb.home, '.pgpass');
      writeFileSync(pgpass, `*:*:*:*:${PASSWORD}\n`);
      chmodSync(pgpass, 0o600);
      return {};
    }),
  },
  {
    name: 'an approved project config that changed since',
    args: ['storage', 'copy', '--to', 'target.yaml'],
    exit: UNTRUSTED,
    error: /would send the password from PGPASSWORD .*changed since you approved it/,
    setup: namingServer(
      () => ({ PGPASSWORD: PASSWORD }),
      ({ sb }) => {
        writeConfig(sb, `storage:\n  sqlite:\n    path: ${join(sb.root, 'target.db')}\n`, join(sb.cwd, 'target.yaml'));
        expect(infer(sb, ['config', 'trust']).code).toBe(0);
        const file = join(sb.cwd, '.infer', 'config.yaml');
        writeFileSync(file, `${readFileSync(file, 'utf8')}    database: postgres\n`);
      },
    ),
  },
  {
    name: "a project's migrations_dir against a store its file does not name",
    args: ['migrate'],
    start: 'pending',
    exit: UNTRUSTED,
    error: new RegExp(
      /would run the migrations of its migrations_dir against sqlite \(path=\S*conversations\.db\), a /.source +
        /store it does not name/.source,
    ),
    setup: config('storage:\n  migrations_dir: ../migrations\n'),
  },
  {
    name: 'config trust of a missing file',
    args: ['config', 'trust', 'missing/config.yaml'],
    exit: EXIT.config,
    error: /config file \S*missing\/config\.yaml does not exist/,
  },
];
