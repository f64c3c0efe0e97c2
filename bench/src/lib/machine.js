import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

function tryRun(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** The facts a reader needs to compare these numbers with theirs. */
export function describeMachine() {
  const commit = tryRun('git', ['rev-parse', '--short', 'HEAD']);
  // The build measured is the working tree: say when packages/ differs from the commit.
  const dirty = tryRun('git', ['status', '--porcelain', '--', '../packages', 'packages']);
  const gitCommit = commit && dirty ? `${commit} + uncommitted changes in packages/` : commit;
  return {
    nproc: tryRun('nproc', []) ?? String(cpus().length),
    cpu: cpus()[0]?.model?.trim() ?? 'unknown',
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    /** The Node line: RESULTS.md keeps one section per line. */
    nodeMajor: Number(process.versions.node.split('.')[0]),
    platform: `${process.platform} ${process.arch}`,
    kernel: tryRun('uname', ['-r']),
    gitCommit,
    date: new Date().toISOString(),
    loadAtStart: loadAverage(),
  };
}

/** The 1-, 5- and 15-minute load averages: other work on the machine widens the spread. */
export function loadAverage() {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}
