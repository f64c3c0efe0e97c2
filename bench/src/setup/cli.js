import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The real CLI binary as the measures run it: `node packages/cli/bin/run.js`. */
export function inferArgv(ws) {
  return [ws.node, join(ws.cliDir, 'bin', 'run.js')];
}

/** Runs `infer <args>` under the isolated environment, for setup; throws with its output when it fails. */
export function runInfer(ws, args, what) {
  const [node, bin] = inferArgv(ws);
  try {
    return execFileSync(node, [bin, ...args], { cwd: ws.root, env: ws.env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    throw new Error(`${what} failed (exit ${error.status}): ${error.stderr || error.stdout || error.message}`);
  }
}
