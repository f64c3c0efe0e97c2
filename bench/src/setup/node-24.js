import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Node 24 binary the start-up measures run again with: `BENCH_NODE_24`, or the npm registry's
 * `node@24` package, installed once into bench/.node-24 (gitignored). Throws unless it is a Node 24.
 */
export function node24(ws) {
  let node = process.env.BENCH_NODE_24;
  if (!node) {
    const prefix = join(ws.benchRoot, '.node-24');
    node = join(prefix, 'node_modules', 'node', 'bin', 'node');
    if (!existsSync(node)) {
      process.stderr.write(`[bench] installing node@24 into ${prefix}\n`);
      execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', 'node@24'], {
        stdio: 'pipe',
      });
    }
  }
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`BENCH_NODE_24 must be a Node 24 binary; ${node} is ${version}`);
  return node;
}
