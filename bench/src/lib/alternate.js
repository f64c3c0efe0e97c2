import { median } from './stats.js';
import { peakRssMiB, timeProcess } from './timer.js';

/**
 * A command under test: how to run it and how to prove a run did its job.
 * @typedef {object} Subject
 * @property {string} label
 * @property {(i: number) => {argv: string[], cwd: string, env: NodeJS.ProcessEnv, context?: unknown}} command
 *   builds run i's command line (i < 0 for warm-up); may prepare files outside the timing
 * @property {(run: ReturnType<typeof timeProcess>, context: unknown) => string | undefined} verify
 *   returns a problem, or undefined when the run did what it should
 * @property {(context: unknown) => void} [cleanup] after verification, outside the timing
 */

function once(subject, i) {
  const spec = subject.command(i);
  const run = timeProcess(spec);
  const problem =
    run.status !== 0
      ? `exit ${run.status ?? run.signal}: ${(run.stderr || run.stdout).trim().split('\n').slice(-5).join(' | ')}`
      : subject.verify(run, spec.context);
  if (problem) throw new Error(`${subject.label}, run ${i}: ${problem}`);
  subject.cleanup?.(spec.context);
  return run.ms;
}

/**
 * Runs `warmup` unmeasured pairs, then `runs` measured pairs in strict alternation A,B,A,B...,
 * verifying every run. A failed verification aborts the measure: a broken run must not look fast.
 * Then samples peak RSS of each side a few times (outside the timed runs).
 */
export function alternate({ a, b, runs, warmup, rssRuns = 3, onProgress }) {
  for (let i = 0; i < warmup; i++) {
    once(a, -1 - i);
    once(b, -1 - i);
  }
  const aTimes = [];
  const bTimes = [];
  for (let i = 0; i < runs; i++) {
    aTimes.push(once(a, i));
    bTimes.push(once(b, i));
    onProgress?.(i + 1, runs);
  }
  return { aTimes, bTimes, aRss: rss(a, rssRuns), bRss: rss(b, rssRuns) };
}

function rss(subject, count) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const spec = subject.command(1000 + i);
    const value = peakRssMiB(spec);
    subject.cleanup?.(spec.context);
    if (value === undefined) return undefined;
    samples.push(value);
  }
  return samples.length ? median(samples) : undefined;
}
