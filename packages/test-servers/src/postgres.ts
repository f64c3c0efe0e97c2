import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { cleanUpAtExit, startedOrRemoved } from './leftovers.js';
import { asRoot, serverUser } from './server-user.js';

export interface ThrowawayPostgresOptions {
  /** The superuser initdb creates, who logs in with `password` (scram-sha-256 over TCP). */
  readonly user: string;
  readonly password: string;
  /**
   * Serve TLS with this certificate and key (PEM files); with `caFile`, client certificates are
   * verified against that CA (for `cert` lines in `hba`).
   */
  readonly tls?: { readonly certFile: string; readonly keyFile: string; readonly caFile?: string };
  /** pg_hba.conf lines placed before initdb's, e.g. `hostssl all infer_cert 127.0.0.1/32 cert`. */
  readonly hba?: readonly string[];
}

/** How `pg_ctl stop` ends the server: `fast` ends every session cleanly, `immediate` as a crash would. */
export type ShutdownMode = 'fast' | 'immediate';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl into a temporary directory, on a free
 * port), for what the shared trust-auth server cannot show without being disturbed: password
 * authentication, TLS, and a server that stops or restarts under a running command. Runs as the
 * `postgres` user when the tests run as root (initdb refuses root). Its data survives `shutdown`
 * and `restart`; `stop` removes everything.
 */
export class ThrowawayPostgres {
  readonly host = '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly #dir: string;
  readonly #settings: string;
  #running = false;
  #forget: () => void = () => {};

  private constructor(port: number, options: ThrowawayPostgresOptions, dir: string, settings: string) {
    this.port = port;
    this.user = options.user;
    this.password = options.password;
    this.#dir = dir;
    this.#settings = settings;
  }

  static async start(options: ThrowawayPostgresOptions): Promise<ThrowawayPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'infer-pg-'));
    const own = (path: string) => {
      if (asRoot) chownSync(path, serverUser().uid, serverUser().gid);
    };
    own(dir);
    const pwfile = join(dir, 'pw');
    writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
    own(pwfile);
    const data = join(dir, 'data');
    await asServerUser('initdb', [
      '-D',
      data,
      '-U',
      options.user,
      '--pwfile',
      pwfile,
      '--auth',
      'scram-sha-256',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    const settings = ['-c listen_addresses=127.0.0.1', `-k ${dir}`, '-c fsync=off'];
    if (options.tls) {
      const { certFile, keyFile, caFile } = options.tls;
      const files = [
        [certFile, 'server.crt'],
        [keyFile, 'server.key'],
        ...(caFile === undefined ? [] : [[caFile, 'root.crt']]),
      ] as const;
      for (const [from, to] of files) {
        copyFileSync(from, join(data, to));
        chmodSync(join(data, to), 0o600);
        own(join(data, to));
      }
      settings.push('-c ssl=on', ...(caFile === undefined ? [] : ['-c ssl_ca_file=root.crt']));
    }
    if (options.hba?.length) {
      const hba = join(data, 'pg_hba.conf');
      writeFileSync(hba, `${options.hba.join('\n')}\n${readFileSync(hba, 'utf8')}`);
    }
    return startedOrRemoved(new ThrowawayPostgres(await freePort(), options, dir, settings.join(' ')));
  }

  /** (Re)starts on the same port with the same data; resolves once it accepts connections; nothing when it runs. */
  async restart(): Promise<void> {
    if (this.#running) return;
    await asServerUser('pg_ctl', [
      '-D',
      this.#data,
      '-o',
      `-p ${this.port} ${this.#settings}`,
      '-l',
      join(this.#dir, 'log'),
      '-w',
      'start',
    ]);
    this.#running = true;
    this.#forget = cleanUpAtExit(() => this.#stopNow());
  }

  /** `pg_ctl stop -m immediate`: every server process quits at once, no checkpoint; the next start recovers. */
  kill(): Promise<void> {
    return this.shutdown('immediate');
  }

  /** `pg_ctl stop -m <mode>`, keeping the data; resolves once the server is gone. */
  async shutdown(mode: ShutdownMode = 'fast'): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#forget();
    await asServerUser('pg_ctl', ['-D', this.#data, '-m', mode, '-w', 'stop']);
  }

  /** A restart under the clients' feet: `shutdown(mode)`, then started again at once. */
  async bounce(mode: ShutdownMode = 'fast'): Promise<void> {
    await this.shutdown(mode);
    await this.restart();
  }

  /**
   * SIGSTOP to the postmaster, then to every server process it started: a server that accepts
   * connections (the kernel still completes the handshake) and answers nothing, as a hung host.
   */
  freeze(): void {
    const postmaster = this.#postmaster();
    process.kill(postmaster, 'SIGSTOP');
    for (const pid of childrenOf(postmaster)) process.kill(pid, 'SIGSTOP');
  }

  /** SIGCONT to every process {@link freeze} stopped: the server answers what was waiting. */
  thaw(): void {
    if (!this.#running) return;
    try {
      const postmaster = this.#postmaster();
      for (const pid of childrenOf(postmaster)) signal(pid, 'SIGCONT');
      signal(postmaster, 'SIGCONT');
    } catch {
      // No postmaster.pid or /proc entry: nothing is left to resume.
    }
  }

  /** Stops the server and removes its directory; safe to call twice. */
  async stop(): Promise<void> {
    this.thaw();
    await this.kill();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  /** The postmaster's process id, from the first line of postmaster.pid. */
  #postmaster(): number {
    return Number(readFileSync(join(this.#data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  get #data(): string {
    return join(this.#dir, 'data');
  }

  /** At process exit, when the test never stopped it. */
  #stopNow(): void {
    this.thaw(); // pg_ctl cannot stop a frozen server
    execFileSync(...command('pg_ctl', ['-D', this.#data, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** A signal to a process that may have ended meanwhile. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ESRCH') throw error;
  }
}

/** The processes `pid` started (Linux: every thread's children file). */
function childrenOf(pid: number): number[] {
  const tasks = readdirSync(`/proc/${pid}/task`);
  return tasks.flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
}

function binDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  if (!version) throw new Error('initdb not found: install PostgreSQL server binaries or set PG_BINDIR');
  return join(root, version, 'bin');
}

/** A server binary and its arguments, run as the `postgres` user when we are root. */
function command(binary: string, args: string[]): [string, string[]] {
  const path = join(binDir(), binary);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

async function asServerUser(binary: string, args: string[]): Promise<void> {
  await run(...command(binary, args));
}
