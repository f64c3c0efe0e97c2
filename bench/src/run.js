// `pnpm bench`: runs the three measures side by side with their floors and writes bench/RESULTS.md.
// Options (environment): BENCH_RUNS (measured pairs, default 25, at least 20), BENCH_WARMUP
// (default 3), BENCH_ONLY (comma list of cli-status,apply,open).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alternate } from './lib/alternate.js';
import { describeMachine, loadAverage } from './lib/machine.js';
import { renderResults, verdict } from './lib/report.js';
import { compare } from './lib/stats.js';
import { applyMeasure } from './measures/apply.js';
import { cliStatusMeasure } from './measures/cli-status.js';
import { openMeasure } from './measures/open.js';
import { createWorkspace } from './setup/workspace.js';

const MEASURES = { 'cli-status': cliStatusMeasure, apply: applyMeasure, open: openMeasure };

const runs = Number(process.env.BENCH_RUNS ?? 25);
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
if (!(runs >= 20)) throw new Error(`BENCH_RUNS must be at least 20 (got ${process.env.BENCH_RUNS})`);
const only = (process.env.BENCH_ONLY ?? Object.keys(MEASURES).join(',')).split(',').map((s) => s.trim());
const unknown = only.filter((id) => !(id in MEASURES));
if (unknown.length) throw new Error(`unknown measure(s) in BENCH_ONLY: ${unknown.join(', ')}`);

const ws = createWorkspace();
const machine = describeMachine();
const results = [];
let failed = false;
for (const id of only) {
  try {
    process.stderr.write(`\n[bench] ${id}: setting up\n`);
    const measure = await MEASURES[id](ws);
    const raw = alternate({
      a: measure.a,
      b: measure.b,
      runs,
      warmup,
      onProgress: (done, total) => process.stderr.write(`\r[bench] ${id}: ${done}/${total} pairs`),
    });
    const result = { ...measure, ...raw, stats: compare(raw.aTimes, raw.bTimes) };
    results.push(result);
    const s = result.stats;
    process.stderr.write(
      `\n[bench] ${id}: ${s.a.median.toFixed(1)} ms vs ${s.b.median.toFixed(1)} ms, pair ratio ${s.pairRatio.median.toFixed(3)}, ` +
        `ratio of medians ${s.ratioOfMedians.toFixed(3)} (target ${measure.target}) ${verdict(result)}\n`,
    );
  } catch (error) {
    failed = true;
    process.stderr.write(`\n[bench] ${id} FAILED: ${error.stack ?? error}\n`);
  }
}

const skipped = only.filter((id) => !results.some((r) => r.id === id));
const file = join(ws.benchRoot, 'RESULTS.md');
writeFileSync(file, renderResults({ machine: { ...machine, loadAtEnd: loadAverage() }, options: { runs, warmup }, results, skipped }));
process.stderr.write(`[bench] wrote ${file}\n`);
if (failed) process.exitCode = 1;
