// `pnpm bench`: runs the measures side by side with their floors and writes bench/RESULTS.md.
// Options (environment): BENCH_RUNS (measured pairs, default 25, at least 20), BENCH_WARMUP
// (default 3), BENCH_ONLY (comma list of ids, see MEASURES). A run of a subset writes
// bench/RESULTS.subset.md instead (gitignored), so RESULTS.md always holds every measure of one run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alternate } from './lib/alternate.js';
import { describeMachine, loadAverage } from './lib/machine.js';
import { renderResults, verdict } from './lib/report.js';
import { compare } from './lib/stats.js';
import { applyMeasure } from './measures/apply.js';
import { cliStatusMeasure } from './measures/cli-status.js';
import { data1mMeasure } from './measures/data-1m.js';
import { openMeasure } from './measures/open.js';
import { pgApplyMeasure } from './measures/pg-apply.js';
import { pgStatusMeasure } from './measures/pg-status.js';
import { prerunChecksMeasure } from './measures/prerun-checks.js';
import { storageOpsMeasures } from './measures/storage-ops.js';
import { createWorkspace } from './setup/workspace.js';

/** Each id sets up one measure, or several (storage-ops: one per backend, ids `storage-ops:<type>`). */
const MEASURES = {
  'cli-status': cliStatusMeasure,
  apply: applyMeasure,
  open: openMeasure,
  'pg-apply': pgApplyMeasure,
  'pg-status': pgStatusMeasure,
  'storage-ops': storageOpsMeasures,
  'data-1m': data1mMeasure,
  'prerun-checks': prerunChecksMeasure,
};

const runs = Number(process.env.BENCH_RUNS ?? 25);
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
if (!(runs >= 20)) throw new Error(`BENCH_RUNS must be at least 20 (got ${process.env.BENCH_RUNS})`);
const only = (process.env.BENCH_ONLY ?? Object.keys(MEASURES).join(',')).split(',').map((s) => s.trim());
const unknown = only.filter((id) => !(id in MEASURES));
if (unknown.length) throw new Error(`unknown measure(s) in BENCH_ONLY: ${unknown.join(', ')}`);
const subset = Object.keys(MEASURES).some((id) => !only.includes(id));

/** Runs one measure's pairs and prints its line; the result as RESULTS.md renders it. */
async function runMeasure(measure) {
  const { id } = measure;
  const raw = await alternate({
    a: measure.a,
    b: measure.b,
    runs,
    warmup,
    onProgress: (done, total) => process.stderr.write(`\r[bench] ${id}: ${done}/${total} pairs`),
  });
  const result = { ...measure, ...raw, stats: compare(raw.aTimes, raw.bTimes) };
  const s = result.stats;
  process.stderr.write(
    `\n[bench] ${id}: ${s.a.median.toFixed(1)} ms vs ${s.b.median.toFixed(1)} ms, pair ratio ${s.pairRatio.median.toFixed(3)}, ` +
      `ratio of medians ${s.ratioOfMedians.toFixed(3)} (target ${measure.target}) ${verdict(result)}\n`,
  );
  return result;
}

const ws = createWorkspace();
const machine = describeMachine();
const results = [];
const skipped = [];
for (const id of only) {
  let measures = [];
  try {
    process.stderr.write(`\n[bench] ${id}: setting up\n`);
    measures = [await MEASURES[id](ws)].flat();
    for (const measure of measures) {
      try {
        results.push(await runMeasure(measure));
      } catch (error) {
        skipped.push(measure.id);
        process.stderr.write(`\n[bench] ${measure.id} FAILED: ${error.stack ?? error}\n`);
      }
    }
  } catch (error) {
    skipped.push(id);
    process.stderr.write(`\n[bench] ${id} FAILED: ${error.stack ?? error}\n`);
  } finally {
    // Throw-away databases, key prefixes and connections of the measure; runs even after a failure.
    for (const measure of measures) await measure.teardown?.();
  }
}

const file = join(ws.benchRoot, subset ? 'RESULTS.subset.md' : 'RESULTS.md');
writeFileSync(file, renderResults({ machine: { ...machine, loadAtEnd: loadAverage() }, options: { runs, warmup, subset: subset && only }, results, skipped }));
process.stderr.write(`[bench] wrote ${file}\n`);
if (skipped.length) process.exitCode = 1;
