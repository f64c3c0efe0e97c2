import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { cleanUpAtExit, startedOrRemoved } from './leftovers.js';
import { waitFor } from './wait.js';

/**
 * A redis-server of the test's own on a free port, keeping nothing on disk unless its arguments
 * say otherwise (e.g. `['--appendonly', 'yes']`: later arguments win), for the tests that kill,
 * freeze or restart a server or watch it with MONITOR; never the shared one.
 */
export class ThrowawayRedis {
  readonly host = '127.0.0.1';
  readonly port: number;
  readonly #dir = mkdtempSync(join(tmpdir(), 'infer-redis-'));
  readonly #args: string[];
  /** Serves TLS only, on `port`: how the readiness probe connects (a client certificate when required). */
  readonly #tls: ConnectionOptions | undefined;
  #process: ChildProcess | undefined;

  private constructor(port: number, args: string[], tls: ConnectionOptions | undefined) {
    this.port = port;
    this.#args = args;
    this.#tls = tls;
  }

  /** What `--requirepass` sets, if anything. */
  get #password(): string | undefined {
    const at = this.#args.indexOf('--requirepass');
    return at < 0 ? undefined : this.#args[at + 1];
  }

  /** Starts a server with extra arguments, e.g. `['--requirepass', 'secret']`. */
  static async start(args: string[] = []): Promise<ThrowawayRedis> {
    return startedOrRemoved(new ThrowawayRedis(await freePort(), args, undefined));
  }

  /**
   * Starts a server that speaks TLS only (no plain port) with this certificate and key. Client
   * certificates are verified against `caFile`: required when `client` is given (the readiness
   * probe presents that one), else optional.
   */
  static async startTls(
    tls: { certFile: string; keyFile: string; caFile: string; client?: { certFile: string; keyFile: string } },
    args: string[] = [],
  ): Promise<ThrowawayRedis> {
    const { certFile, keyFile, caFile, client } = tls;
    const files = [
      '--tls-cert-file',
      certFile,
      '--tls-key-file',
      keyFile,
      '--tls-ca-cert-file',
      caFile,
      '--tls-auth-clients',
      client ? 'yes' : 'optional',
    ];
    const probe = {
      rejectUnauthorized: false,
      ...(client ? { cert: readFileSync(client.certFile), key: readFileSync(client.keyFile) } : {}),
    };
    return startedOrRemoved(new ThrowawayRedis(await freePort(), [...files, ...args], probe));
  }

  /** True when it serves TLS only. */
  get tls(): boolean {
    return this.#tls !== undefined;
  }

  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** (Re)starts on the same port, in the same directory, and resolves once it answers PING; nothing when it runs. */
  async restart(): Promise<void> {
    if (this.#process && this.#process.exitCode === null && this.#process.signalCode === null) return;
    const ports = this.#tls ? ['--port', '0', '--tls-port', String(this.port)] : ['--port', String(this.port)];
    const args = [...ports, '--bind', this.host, '--save', '', '--appendonly', 'no', '--dir', this.#dir, ...this.#args];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    const forget = cleanUpAtExit(() => child.kill('SIGKILL'));
    child.once('exit', forget);
    this.#process = child;
    await waitFor(
      () => ping(this.port, this.#password, this.#tls),
      10_000,
      `redis-server on port ${this.port} did not start`,
    );
  }

  /** SIGKILL, as a crash would; resolves once the process is gone and the port is free. */
  async kill(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** A crash and a restart at once: `kill`, then `restart`. */
  async bounce(): Promise<void> {
    await this.kill();
    await this.restart();
  }

  /** SIGSTOP / SIGCONT: a server that accepts nothing and answers nothing, then resumes. */
  freeze(): void {
    this.#process?.kill('SIGSTOP');
  }

  thaw(): void {
    this.#process?.kill('SIGCONT');
  }

  /** Kills the server and removes its directory; safe to call twice. */
  async stop(): Promise<void> {
    this.thaw();
    await this.kill();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/**
 * True once the server answers PING with PONG (after AUTH when it has a password; over TLS, its
 * certificate unchecked, when it serves TLS): not while it still loads its append-only file, when
 * it answers -LOADING.
 */
function ping(port: number, password: string | undefined, tls: ConnectionOptions | undefined): Promise<boolean> {
  const commands = password === undefined ? [['PING']] : [['AUTH', password], ['PING']];
  const request = commands
    .map((args) => `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`)
    .join('');
  return new Promise((resolve) => {
    const socket = tls ? connectTls({ ...tls, port, host: '127.0.0.1' }) : connect(port, '127.0.0.1');
    let replies = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write(request));
    socket.on('data', (data) => {
      replies += data.toString();
      if (replies.split('\r\n').length <= commands.length) return; // not every reply yet
      socket.destroy();
      resolve(replies.includes('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}
