import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { cleanUpAtExit, startedOrRemoved } from './leftovers.js';
import { asRoot, serverUser } from './server-user.js';
import { answers } from './servers.js';
import { waitFor } from './wait.js';

/** How PgBouncer shares its server connections between clients (its `pool_mode`). */
export type PoolMode = 'session' | 'transaction' | 'statement';

/** The PostgreSQL behind a PgBouncer, and who logs in to it (the shared server, or a `ThrowawayPostgres`). */
export interface PgBouncerUpstream {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The user's password (scram-sha-256 on both sides); none for a server that trusts local connections. */
  readonly password?: string;
}

export interface ThrowawayPgBouncerOptions {
  readonly server: PgBouncerUpstream;
  /** Default `transaction`. */
  readonly poolMode?: PoolMode;
  /** Server connections per database and user (`default_pool_size`). Default 20. */
  readonly poolSize?: number;
  /** `server_reset_query`; PgBouncer's own (DISCARD ALL, run in session pooling only) when not given. */
  readonly serverResetQuery?: string;
}

/** Debian's path (root's PATH has /usr/sbin, another user's may not), else whatever PATH finds. */
const BINARY = existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : 'pgbouncer';

/**
 * A PgBouncer of the test's own on a free port, in front of every database of one PostgreSQL server,
 * with its configuration, user list and log in a temporary directory. Clients log in as the server's
 * user. No `ignore_startup_parameters`: a client that sends a startup parameter PgBouncer does not
 * know is refused, as in a default installation. PgBouncer refuses to run as root: as root the tests
 * run it as the `postgres` user.
 */
export class ThrowawayPgBouncer {
  readonly host = '127.0.0.1';
  readonly port: number;
  readonly poolMode: PoolMode;
  readonly user: string;
  readonly password: string | undefined;
  readonly #dir: string;
  #process: ChildProcess | undefined;

  private constructor(port: number, options: ThrowawayPgBouncerOptions, dir: string) {
    this.port = port;
    this.poolMode = options.poolMode ?? 'transaction';
    this.user = options.server.user;
    this.password = options.server.password;
    this.#dir = dir;
  }

  static async start(options: ThrowawayPgBouncerOptions): Promise<ThrowawayPgBouncer> {
    const dir = mkdtempSync(join(tmpdir(), 'infer-pgbouncer-'));
    const port = await freePort();
    const { host, port: serverPort, user, password } = options.server;
    const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
    writeFileSync(join(dir, 'users.txt'), `${quoted(user)} ${quoted(password ?? '')}\n`, { mode: 0o600 });
    const settings = [
      '[databases]',
      `* = host=${host} port=${serverPort}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      `auth_type = ${password === undefined ? 'trust' : 'scram-sha-256'}`,
      `auth_file = ${join(dir, 'users.txt')}`,
      `pool_mode = ${options.poolMode ?? 'transaction'}`,
      `default_pool_size = ${options.poolSize ?? 20}`,
      'max_client_conn = 500',
      ...(options.serverResetQuery === undefined ? [] : [`server_reset_query = ${options.serverResetQuery}`]),
      `logfile = ${join(dir, 'log')}`,
    ];
    writeFileSync(join(dir, 'pgbouncer.ini'), `${settings.join('\n')}\n`);
    if (asRoot) {
      const { uid, gid } = serverUser();
      for (const path of [dir, join(dir, 'users.txt'), join(dir, 'pgbouncer.ini')]) chownSync(path, uid, gid);
    }
    return startedOrRemoved(new ThrowawayPgBouncer(port, options, dir));
  }

  /** Starts it (again) on the same port; resolves once it accepts connections; nothing when it runs. */
  async restart(): Promise<void> {
    if (this.#running(this.#process)) return;
    const child = spawn(BINARY, [join(this.#dir, 'pgbouncer.ini')], {
      stdio: 'ignore',
      ...(asRoot ? serverUser() : {}),
    });
    const forget = cleanUpAtExit(() => {
      child.kill('SIGKILL');
      rmSync(this.#dir, { recursive: true, force: true });
    });
    child.once('exit', forget);
    child.once('error', () => {}); // a missing binary: reported below, with the log
    this.#process = child;
    await waitFor(
      async () => {
        if (!this.#running(child)) throw new Error(`pgbouncer did not start: ${this.#log()}`);
        return answers(this.host, this.port, 200);
      },
      10_000,
      `pgbouncer on port ${this.port} did not start: ${this.#log()}`,
    );
  }

  /** SIGKILL: every client and server connection it had is cut at once; resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (!child || !this.#running(child)) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Kills it and removes its directory; safe to call twice. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #running(child: ChildProcess | undefined): child is ChildProcess {
    return child !== undefined && child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  }

  /** The end of its log, for a start that failed. */
  #log(): string {
    const path = join(this.#dir, 'log');
    return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').slice(-3).join(' | ') : '(no log)';
  }
}
