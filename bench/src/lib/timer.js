import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const TIME = '/usr/bin/time';

/**
 * Runs one process to completion and returns its wall time (process.hrtime around spawnSync),
 * exit status and output. Throws when it cannot be started at all.
 */
export function timeProcess({ argv, cwd, env }) {
  const [command, ...args] = argv;
  const started = process.hrtime.bigint();
  const child = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.error) throw child.error;
  return { ms, status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr };
}

/**
 * Peak resident set size (MiB) and CPU time (user + system, ms) of one run via GNU time, or
 * undefined when /usr/bin/time is missing. CPU time is less disturbed than wall time by other
 * load on the machine, so it is reported beside it.
 */
export function resourceUsage({ argv, cwd, env }) {
  if (!existsSync(TIME)) return undefined;
  const out = join(tmpdir(), `bench-rusage-${process.pid}.txt`);
  const child = spawnSync(TIME, ['-f', '%M %U %S', '-o', out, ...argv], { cwd, env, encoding: 'utf8' });
  try {
    if (child.status !== 0) return undefined;
    const [kib, user, system] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    return Number.isFinite(kib) ? { rssMiB: kib / 1024, cpuMs: (user + system) * 1000 } : undefined;
  } finally {
    rmSync(out, { force: true });
  }
}
