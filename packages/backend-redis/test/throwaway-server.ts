import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const running = new Set<ChildProcess>();
// A crashed test run must not leave servers behind either.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A redis-server of the test's own on a free port, keeping nothing on disk (services.md), for the
 * tests that kill, freeze or restart a server or watch it with MONITOR; never the shared one.
 */
export class ThrowawayRedis {
  readonly port: number;
  readonly #args: string[];
  readonly #dir = mkdtempSync(join(tmpdir(), 'infer-redis-'));
  #process: ChildProcess | undefined;

  private constructor(port: number, args: string[]) {
    this.port = port;
    this.#args = args;
  }

  /** Starts a server with extra arguments, e.g. `['--requirepass', 'secret']`. */
  static async start(args: string[] = []): Promise<ThrowawayRedis> {
    const server = new ThrowawayRedis(await freePort(), args);
    try {
      await server.restart();
    } catch (error) {
      await server.stop(); // the caller never gets it, so it could not clean up
      throw error;
    }
    return server;
  }

  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** (Re)starts on the same port and resolves once it answers PING. */
  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.#dir, ...this.#args];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    running.add(child);
    child.once('exit', () => running.delete(child));
    this.#process = child;
    await waitFor(() => ping(this.port), 5000, `redis-server on port ${this.port} did not start`);
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

/** A TCP port nothing listens on (it was free a moment ago). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500, () => socket.destroy());
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      // -NOAUTH from a server started with --requirepass is an answer too.
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(message);
}
