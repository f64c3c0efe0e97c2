import { Socket } from 'node:net';
import { testBackends } from './test-backends.js';

/** A server the tests of one backend connect to, as the machine runs it (not a throwaway one). */
export interface TestServer {
  readonly name: string;
  readonly backend: string;
  readonly host: string;
  readonly port: number;
  /** The section of docs/services.md that says how to start it. */
  readonly docs: string;
}

/** Where the shared PostgreSQL is (docs/services.md): INFER_TEST_POSTGRES_HOST and _PORT, or the defaults. */
export function postgresAddress(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  return { host: env.INFER_TEST_POSTGRES_HOST ?? '127.0.0.1', port: Number(env.INFER_TEST_POSTGRES_PORT ?? 5432) };
}

/** Where the shared MariaDB is (docs/services.md): INFER_TEST_MARIADB_HOST and _PORT, or the defaults. */
export function mariadbAddress(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  return { host: env.INFER_TEST_MARIADB_HOST ?? '127.0.0.1', port: Number(env.INFER_TEST_MARIADB_PORT ?? 3306) };
}

/** The servers of the backends whose tests run; host and port as the tests of each one read them. */
export function testServers(env: NodeJS.ProcessEnv = process.env): TestServer[] {
  const all: TestServer[] = [
    {
      name: 'PostgreSQL',
      backend: 'postgres',
      ...postgresAddress(env),
      docs: 'docs/services.md#postgresql',
    },
    {
      name: 'Redis',
      backend: 'redis',
      host: '127.0.0.1',
      port: 6379,
      docs: 'docs/services.md#redis',
    },
    {
      name: 'MariaDB',
      backend: 'mariadb',
      ...mariadbAddress(env),
      docs: 'docs/services.md#mariadb',
    },
  ];
  const wanted = testBackends(env);
  return all.filter((server) => wanted.includes(server.backend));
}

/** Whether something accepts a TCP connection at host:port within `timeoutMs`. */
export function answers(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/**
 * One line for each server the tests need that does not answer: what is wrong, and both fixes (the
 * INFER_TEST_BACKENDS offered leaves out every backend whose server is missing, not only this one).
 */
export async function missingServerLines(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const servers = testServers(env);
  const silent = (await Promise.all(servers.map(async (s) => ((await answers(s.host, s.port)) ? [] : [s])))).flat();
  const rest = testBackends(env).filter((backend) => !silent.some((server) => server.backend === backend));
  return silent.map(
    (server) =>
      `Error: ${server.name} does not answer at ${server.host}:${server.port}; the ${server.backend} tests need it. ` +
      `Fix: start it (${server.docs}), or leave those tests out: INFER_TEST_BACKENDS=${rest.join(',')} pnpm test`,
  );
}
