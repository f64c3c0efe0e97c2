import { median } from './stats.js';
import { resourceUsage, timeProcess } from './timer.js';

/**
 * A command under test: how to run it and how to prove a run did its job.
 * @typedef {object} Subject
 * @property {string} label
 * @property {(i: number) => Spec | Promise<Spec>} command
 *   builds run i's command line (i < 0 for warm-up); may prepare files or databases outside the timing
 * @property {(run: ReturnType<typeof timeProcess>, context: unknown) => string | undefined | Promise<string | undefined>} verify
 *   returns a problem, or undefined when the run did what it should
 * @property {(context: unknown) => void | Promise<void>} [cleanup] after verification, outside the timing
 * @property {(run: ReturnType<typeof timeProcess>) => number} [elapsed] the time that counts, when it is not
 *   the whole process's (in-process timing: the milliseconds the child reports for its own loop)
 *
 * @typedef {{argv: string[], cwd: string, env: NodeJS.ProcessEnv, context?: unknown}} Spec
 */

async function once(subject, i) {
  const spec = await subject.command(i);
  const run = timeProcess(spec);
  const problem =
    run.status !== 0
      ? `exit ${run.status ?? run.signal}: ${(run.stderr || run.stdout).trim().split('\n').slice(-5).join(' | ')}`
      : await subject.verify(run, spec.context);
  if (problem) throw new Error(`${subject.label}, run ${i}: ${problem}`);
  await subject.cleanup?.(spec.context);
  return subject.elapsed ? subject.elapsed(run) : run.ms;
}

/**
 * Runs `warmup` unmeasured pairs, then `runs` measured pairs in strict alternation A,B,A,B...,
 * verifying every run. A failed verification aborts the measure: a broken run must not look fast.
 * Then samples peak RSS and CPU time of each side a few times, alternating too, outside the timed runs.
 */
export async function alternate({ a, b, runs, warmup, rssRuns = 5, onProgress }) {
  for (let i = 0; i < warmup; i++) {
    await once(a, -1 - i);
    await once(b, -1 - i);
  }
  const aTimes = [];
  const bTimes = [];
  for (let i = 0; i < runs; i++) {
    aTimes.push(await once(a, i));
    bTimes.push(await once(b, i));
    onProgress?.(i + 1, runs);
  }
  const usage = { a: [], b: [] };
  for (let i = 0; i < rssRuns; i++) {
    for (const [side, subject] of [['a', a], ['b', b]]) {
      const spec = await subject.command(1000 + i);
      const value = resourceUsage(spec);
      await subject.cleanup?.(spec.context);
      if (value) usage[side].push(value);
    }
  }
  return { aTimes, bTimes, aUsage: summarizeUsage(usage.a), bUsage: summarizeUsage(usage.b) };
}

function summarizeUsage(samples) {
  if (samples.length === 0) return undefined;
  return { rssMiB: median(samples.map((s) => s.rssMiB)), cpuMs: median(samples.map((s) => s.cpuMs)), n: samples.length };
}
