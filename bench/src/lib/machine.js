import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

function tryRun(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** The facts a reader needs to compare these numbers with theirs. */
export function describeMachine() {
  const gitCommit = tryRun('git', ['rev-parse', '--short', 'HEAD']);
  return {
    nproc: tryRun('nproc', []) ?? String(cpus().length),
    cpu: cpus()[0]?.model?.trim() ?? 'unknown',
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    kernel: tryRun('uname', ['-r']),
    gitCommit,
    date: new Date().toISOString(),
  };
}
