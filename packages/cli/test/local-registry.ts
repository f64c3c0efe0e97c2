import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@infer/test-servers';
import { CLI_DIR } from '@infer/test-servers/cli';
import { REPO_ROOT } from './workspace-packages.js';

/** A real npm registry (verdaccio) on a free port, for installing plugins as users do. */
export interface LocalRegistry {
  readonly url: string;
  /** npm/pnpm settings that point at it (registry and a token it accepts). */
  readonly env: NodeJS.ProcessEnv;
  /** `base` without the npm/pnpm settings it inherited (pnpm exports its own as npm_config_*), plus `env`. */
  clientEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** `pnpm publish` of a package directory (workspace: versions become real ranges). */
  publish(packageDir: string): void;
  /** `pnpm publish` of every public package of the workspace, as built; private ones stay out. */
  publishWorkspace(): void;
  stop(): Promise<void>;
}

/**
 * Starts verdaccio in `root`: our scopes (`@infer/*`, `@acme/*`) are served from its own storage
 * only, so nothing of the public registry can shadow them; everything else is proxied from the
 * registry npm is configured with.
 */
export async function startLocalRegistry(root: string): Promise<LocalRegistry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const upstream = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
  mkdirSync(join(root, 'storage'), { recursive: true });
  const config = join(root, 'verdaccio.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(root, 'storage'))}`,
      'uplinks:',
      `  upstream: { url: ${JSON.stringify(upstream)}, timeout: 60s }`,
      'packages:',
      "  '@infer/*': { access: $all, publish: $all, unpublish: $all }",
      "  '@acme/*': { access: $all, publish: $all, unpublish: $all }",
      "  '**': { access: $all, proxy: upstream }",
      'log: { type: stdout, format: pretty, level: warn }',
      'max_body_size: 100mb',
      '',
    ].join('\n'),
  );
  const npmrc = join(root, '.npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=local-test-token\n`);
  const env = { npm_config_registry: url, NPM_CONFIG_USERCONFIG: npmrc, npm_config_userconfig: npmrc };
  const server = spawn(
    join(CLI_DIR, 'node_modules', '.bin', 'verdaccio'),
    ['--config', config, '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log: string[] = [];
  server.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  await waitUntilAnswering(`${url}-/ping`, server, log);
  const publish = (cwd: string, ...pnpmOptions: string[]) =>
    execFileSync('pnpm', [...pnpmOptions, 'publish', '--registry', url, '--no-git-checks', '--access', 'public'], {
      cwd,
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
  return {
    url,
    env,
    clientEnv: (base) => ({
      ...Object.fromEntries(Object.entries(base).filter(([name]) => !/^(npm|pnpm)_/i.test(name))),
      ...env,
    }),
    publish: (packageDir) => publish(packageDir),
    publishWorkspace: () => publish(REPO_ROOT, '-r'),
    stop: () => stop(server),
  };
}

async function waitUntilAnswering(url: string, server: ChildProcess, log: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`verdaccio exited (${server.exitCode}): ${log.join('')}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.kill('SIGKILL');
  throw new Error(`verdaccio did not answer at ${url} within 30 s: ${log.join('')}`);
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
  });
}
