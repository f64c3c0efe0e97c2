import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL server of our own (initdb + pg_ctl into a temporary directory, on a free port), for
 * what the shared trust-auth server cannot show without being disturbed: password authentication
 * and TLS. Run as the `postgres` user when the tests run as root (initdb refuses root).
 */
export interface ThrowawayServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  stop(): void;
}

export interface ThrowawayOptions {
  readonly user: string;
  readonly password: string;
  /** Serve TLS with this certificate and key (PEM files). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

function binDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  if (!version) throw new Error('initdb not found: install PostgreSQL server binaries or set PG_BINDIR');
  return join(root, version, 'bin');
}

const asRoot = process.getuid?.() === 0;

function runAsServerUser(command: string, args: string[]): void {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir(), command), ...args]] : [join(binDir(), command), args];
  execFileSync(file, argv, { stdio: 'pipe' });
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startThrowawayServer(options: ThrowawayOptions): Promise<ThrowawayServer> {
  const dir = mkdtempSync(join(tmpdir(), 'infer-pg-'));
  const owner = asRoot ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })) : undefined;
  const group = asRoot ? Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) : undefined;
  const own = (path: string) => owner !== undefined && chownSync(path, owner, group!);
  own(dir);
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
  own(pwfile);
  const data = join(dir, 'data');
  runAsServerUser('initdb', ['-D', data, '-U', options.user, '--pwfile', pwfile, '--auth', 'scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const settings = ['-c listen_addresses=127.0.0.1', `-k ${dir}`, '-c fsync=off'];
  if (options.tls) {
    for (const [from, to] of [[options.tls.certFile, 'server.crt'], [options.tls.keyFile, 'server.key']] as const) {
      copyFileSync(from, join(data, to));
      chmodSync(join(data, to), 0o600);
      own(join(data, to));
    }
    settings.push('-c ssl=on');
  }
  const port = await freePort();
  runAsServerUser('pg_ctl', ['-D', data, '-o', `-p ${port} ${settings.join(' ')}`, '-l', join(dir, 'log'), '-w', 'start']);
  return {
    host: '127.0.0.1',
    port,
    user: options.user,
    stop() {
      runAsServerUser('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
