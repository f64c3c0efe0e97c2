import { join } from 'node:path';
import { expect } from 'vitest';
import { type RunResult, type Sandbox, infer, writeConfig } from '@infer/test-servers/cli';

/**
 * What every secrets test runs each command under: plain, `--json`, and every `DEBUG` setting that
 * makes something print more (the CLI's stacks and causes, oclif's and the drivers' `debug` output,
 * ioredis's command log).
 */
export const MODES: Readonly<Record<string, { readonly args: readonly string[]; readonly env: NodeJS.ProcessEnv }>> = {
  plain: { args: [], env: {} },
  json: { args: ['--json'], env: {} },
  'DEBUG=*': { args: [], env: { DEBUG: '*' } },
  'DEBUG=ioredis:*': { args: [], env: { DEBUG: 'ioredis:*' } },
  'DEBUG=1': { args: [], env: { DEBUG: '1' } },
};

/** A test that runs the CLI dozens of times: each run can take seconds on a loaded machine. */
export const MANY_RUNS_MS = 900_000;

/** The config file of a SQLite database in the sandbox, for `storage copy --to` on the success paths. */
export function sqliteCopyTarget(sb: Sandbox): string {
  const yaml = `storage:\n  type: sqlite\n  sqlite:\n    path: ${join(sb.root, 'copy.db')}\n`;
  return writeConfig(sb, yaml, join(sb.cwd, 'copy-target.yaml'));
}

/**
 * The success paths every SQL backend's secrets test runs: migrate, status, lint, backends, the
 * conversations, and a copy into a SQLite database of the sandbox.
 */
export function sqlSuccessCommands(sb: Sandbox): string[][] {
  return [
    ['migrate'],
    ['migrate', '--status'],
    ['migrate', 'lint'],
    ['backends'],
    ['conversations', 'list'],
    ['storage', 'copy', '--to', sqliteCopyTarget(sb)],
  ];
}

/** Every way a password could show: as set, URL-encoded, base64, JSON- and inspect-escaped. */
function forms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    JSON.stringify(secret).slice(1, -1),
    secret.replaceAll("'", "\\'"),
  ];
}

/** Fails when any form of any of `secrets` is in the run's stdout or stderr. */
export function expectNoSecret(result: RunResult, secrets: readonly string[], what: string): void {
  for (const secret of secrets.flatMap(forms)) {
    expect(result.stdout, `${what}: stdout`).not.toContain(secret);
    expect(result.stderr, `${what}: stderr`).not.toContain(secret);
  }
}

/** `command` against the config file `configFile`, in `mode`, with `env` on top of the sandbox's. */
export function runInMode(
  sb: Sandbox,
  command: readonly string[],
  configFile: string,
  env: NodeJS.ProcessEnv,
  mode: string,
): RunResult {
  const { args, env: modeEnv } = MODES[mode]!;
  return infer(sb, [...command, ...args, '--config', configFile], { env: { ...env, ...modeEnv } });
}

/**
 * Runs each command in every mode, expects exit code `exit`, and no secret in any output; returns
 * how many runs were checked.
 */
export function expectNoSecretAnywhere(
  sb: Sandbox,
  commands: readonly (readonly string[])[],
  configFile: string,
  env: NodeJS.ProcessEnv,
  exit: number,
  secrets: readonly string[],
  what: string,
): number {
  let runs = 0;
  for (const mode of Object.keys(MODES)) {
    for (const command of commands) {
      const result = runInMode(sb, command, configFile, env, mode);
      const label = `${what}, ${command.join(' ')} (${mode})`;
      expect(result.code, `${label}: ${result.stderr.slice(-2000)}`).toBe(exit);
      expectNoSecret(result, secrets, label);
      runs += 1;
    }
  }
  return runs;
}
