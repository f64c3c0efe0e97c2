import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The real CLI binary as the measures run it: `node packages/cli/bin/run.js`. */
export function inferArgv(ws) {
  return [ws.node, join(ws.cliDir, 'bin', 'run.js')];
}

/**
 * Runs a command for setup (outside every timing) under the isolated environment, or `env`;
 * returns its stdout, or throws with its output when it fails.
 */
export function mustRun(ws, argv, what, env = ws.env) {
  const [command, ...args] = argv;
  try {
    return execFileSync(command, args, { cwd: ws.root, env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    throw new Error(`${what} failed (exit ${error.status}): ${error.stderr || error.stdout || error.message}`);
  }
}

/** Runs `infer <args>` for setup; throws with its output when it fails. */
export function runInfer(ws, args, what) {
  return mustRun(ws, [...inferArgv(ws), ...args], what);
}

/**
 * Writes an infer config file whose storage is `type` with the config `section` (values as YAML scalars); returns its
 * path.
 */
export function writeConfig(file, type, section) {
  const keys = Object.entries(section).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`);
  writeFileSync(file, `storage:\n  type: ${type}\n  ${type}:\n${keys.join('\n')}\n`);
  return file;
}
