import { median } from './stats.js';
import { resourceUsage, timeProcess } from './timer.js';

/**
 * A command under test: how to run it and how to prove a run did its job.
 * @typedef {object} Subject
 * @property {string} label
 * @property {(i: number) => Spec | Promise<Spec>} command
 *   builds run i's command line (i < 0 for warm-up); may prepare files or databases outside the timing
 * @property {(run: ReturnType<typeof timeProcess>, context: unknown) => Problem | Promise<Problem>} verify
 *   returns a problem, or undefined when the run did what it should
 * @property {(context: unknown) => void | Promise<void>} [cleanup] after verification, outside the timing
 * @property {(run: ReturnType<typeof timeProcess>) => number} [elapsed] the time that counts, when it is not
 *   the whole process's (in-process timing: the milliseconds the child reports for its own loop)
 *
 * @typedef {{argv: string[], cwd: string, env: NodeJS.ProcessEnv, context?: unknown}} Spec
 * @typedef {string | undefined} Problem what is wrong, or undefined when nothing is
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
 * Runs `warmup` unmeasured rounds, then `runs` measured rounds in strict rotation over the
 * subjects (A, B, C..., A, B, C...; two subjects alternate in pairs), verifying every run. A failed
 * verification aborts the measure: a broken run must not look fast. Then samples peak RSS and CPU
 * time of each subject a few times, in rotation too, outside the timed runs.
 * Returns per subject, in order, its times (run i of every subject is round i) and usage.
 */
export async function alternate({ subjects, runs, warmup, rssRuns = 5, onProgress }) {
  for (let i = 0; i < warmup; i++) {
    for (const subject of subjects) await once(subject, -1 - i);
  }
  const times = subjects.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, subject] of subjects.entries()) times[k].push(await once(subject, i));
    onProgress?.(i + 1, runs);
  }
  const samples = subjects.map(() => []);
  for (let i = 0; i < rssRuns; i++) {
    for (const [k, subject] of subjects.entries()) {
      const spec = await subject.command(1000 + i);
      const value = resourceUsage(spec);
      await subject.cleanup?.(spec.context);
      if (value) samples[k].push(value);
    }
  }
  return { times, usage: samples.map(summarizeUsage) };
}

function summarizeUsage(samples) {
  if (samples.length === 0) return undefined;
  return {
    rssMiB: median(samples.map((s) => s.rssMiB)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    n: samples.length,
  };
}
