// `pnpm bench`: runs the measures side by side with their floors and writes the section of the
// running Node's line in bench/RESULTS.md, leaving the other lines' sections as they are.
// Options (environment): BENCH_RUNS (measured rounds, default 25, at least 20; at least 1 with
// BENCH_ONLY), BENCH_WARMUP (default 3), BENCH_ONLY (comma list of ids, see MEASURES, or one
// measure of a group such as `apply:1000`). A run of a subset writes
// bench/RESULTS.subset.md instead (gitignored), so each section of RESULTS.md holds every measure of one run.
import { join } from 'node:path';
import { alternate } from './lib/alternate.js';
import { describeMachine, loadAverage } from './lib/machine.js';
import { peerVerdict, renderResults, verdict } from './lib/report.js';
import { writeResults } from './lib/results-file.js';
import { compare } from './lib/stats.js';
import { applyMeasures } from './measures/apply.js';
import { backupUnderWriterMeasure } from './measures/backup-under-writer.js';
import { cliStatusMeasure } from './measures/cli-status.js';
import { data1mMeasure } from './measures/data-1m.js';
import { listDeepMeasures } from './measures/list-deep.js';
import { listLargeMeasure } from './measures/list-large.js';
import { openMeasure } from './measures/open.js';
import { pgApplyMeasure } from './measures/pg-apply.js';
import { pgApplyPgbouncerMeasure } from './measures/pg-apply-pgbouncer.js';
import { pgCliStatusMeasure } from './measures/pg-cli-status.js';
import { pgStatusMeasure } from './measures/pg-status.js';
import { prerunChecksMeasure } from './measures/prerun-checks.js';
import { scalingMeasure } from './measures/scaling.js';
import { storageOpsMeasures } from './measures/storage-ops.js';
import { createWorkspace } from './setup/workspace.js';

/**
 * Each id sets up one measure, or several (storage-ops: one per backend, ids `storage-ops:<type>`;
 * apply: one per N, `apply:<N>`; cli-status: `cli-status` and `cli-status:first-start`).
 *
 * A measure: `id`, `title`, `a` (our command) and `b` (its floor), two Subjects (lib/alternate.js)
 * with the floor's `floorTitle` and the `target` for a / b; optional `peers`, further Subjects in the
 * same rotation, each with a `label`, a `title`, its `semantics` (transactions, ledger, lock) and an
 * optional `target` for a / peer; optional `maxRssGrowthMiB`, a bound on a's peak RSS minus b's;
 * optional `maxPeakRssMiB`, a bound on a's peak RSS itself; optional `maxMedianMs`, a bound on both medians;
 * optional `timing` (what an in-process time means) and `teardown`. A measure without `target` is only
 * reported. Instead of its sides, a measure may give `skip`, why it cannot run on this Node: it is then
 * reported as a note, not as a failure.
 */
const MEASURES = {
  'cli-status': cliStatusMeasure,
  apply: applyMeasures,
  open: openMeasure,
  'pg-apply': pgApplyMeasure,
  'pg-apply-pgbouncer': pgApplyPgbouncerMeasure,
  'pg-status': pgStatusMeasure,
  'pg-cli-status': pgCliStatusMeasure,
  'storage-ops': storageOpsMeasures,
  'data-1m': data1mMeasure,
  'prerun-checks': prerunChecksMeasure,
  scaling: scalingMeasure,
  'backup-under-writer': backupUnderWriterMeasure,
  'list-large': listLargeMeasure,
  'list-deep': listDeepMeasures,
};

const runs = Number(process.env.BENCH_RUNS ?? 25);
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
const only = (process.env.BENCH_ONLY ?? Object.keys(MEASURES).join(',')).split(',').map((s) => s.trim());
// `apply:1000` or `storage-ops:sqlite`: one measure of a group (the group is set up whole).
const groupOf = (id) => id.split(':')[0];
const unknown = only.filter((id) => !(groupOf(id) in MEASURES));
if (unknown.length) throw new Error(`BENCH_ONLY names no measure called ${unknown.join(', ')}`);
const subset = Object.keys(MEASURES).some((id) => !only.includes(id));
// Fewer than 20 rounds only while developing a subset (its RESULTS.subset.md says it is a trial).
if (!(runs >= 20 || (subset && runs >= 1)))
  throw new Error(`BENCH_RUNS must be at least 20, or at least 1 with BENCH_ONLY (got ${process.env.BENCH_RUNS})`);

/** Runs one measure's rounds and prints its lines; the result as RESULTS.md renders it. */
async function runMeasure(measure) {
  const { id } = measure;
  const peers = measure.peers ?? [];
  const { times, usage } = await alternate({
    subjects: [measure.a, measure.b, ...peers],
    runs,
    warmup,
    onProgress: (done, total) => process.stderr.write(`\r[bench] ${id}: ${done}/${total} rounds`),
  });
  const [aTimes, bTimes, ...peerTimes] = times;
  const [aUsage, bUsage, ...peerUsage] = usage;
  const result = {
    ...measure,
    aUsage,
    bUsage,
    stats: compare(aTimes, bTimes),
    peers: peers.map((peer, k) => ({
      ...peer,
      usage: peerUsage[k],
      stats: compare(aTimes, peerTimes[k]),
      toFloor: compare(peerTimes[k], bTimes),
    })),
  };
  const line = (against, s, target, outcome) =>
    `[bench] ${id}: ${s.a.median.toFixed(1)} ms vs ${s.b.median.toFixed(1)} ms ${against}, ` +
    `pair ratio ${s.pairRatio.median.toFixed(3)}, ratio of medians ${s.ratioOfMedians.toFixed(3)} ` +
    `(target ${target ?? '–'}) ${outcome}\n`;
  process.stderr.write(`\n${line('(floor)', result.stats, measure.target, verdict(result))}`);
  for (const peer of result.peers)
    process.stderr.write(line(`(${peer.label})`, peer.stats, peer.target, peerVerdict(peer)));
  return result;
}

const ws = createWorkspace();
const machine = describeMachine();
const results = [];
const skipped = [];
const notes = [];
for (const id of only) {
  let measures = [];
  try {
    process.stderr.write(`\n[bench] ${id}: setting up\n`);
    measures = [await MEASURES[groupOf(id)](ws)].flat();
    const selected = measures.filter((measure) => id === groupOf(id) || measure.id === id);
    if (selected.length === 0)
      throw new Error(`no measure ${id}; its group has ${measures.map((m) => m.id).join(', ')}`);
    for (const measure of selected) {
      if (measure.skip) {
        notes.push(`\`${measure.id}\` not run: ${measure.skip}`);
        process.stderr.write(`[bench] ${measure.id}: not run: ${measure.skip}\n`);
        continue;
      }
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
const section = renderResults({
  machine: { ...machine, loadAtEnd: loadAverage() },
  options: { runs, warmup, subset: subset && only, notes },
  results,
  skipped,
});
writeResults(file, machine.nodeMajor, section, { keepOthers: !subset });
process.stderr.write(`[bench] wrote ${file}\n`);
if (skipped.length) process.exitCode = 1;
