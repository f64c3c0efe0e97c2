/**
 * Renders one run, a section of bench/RESULTS.md (`## Node <major>`, lib/results-file.js), from the machine facts
 * and the compared measures.
 */

const ms = (value) => `${value.toFixed(1)} ms`;
const x = (value) => `${value.toFixed(3)}×`;
const spread = (s) => `IQR ${s.p25.toFixed(1)}–${s.p75.toFixed(1)}, min–max ${s.min.toFixed(1)}–${s.max.toFixed(1)}`;
const ratioSpread = (s) => `IQR ${x(s.p25)}–${x(s.p75)}, min–max ${x(s.min)}–${x(s.max)}`;
const mib = (u) => (u === undefined ? 'n/a' : `${u.rssMiB.toFixed(0)} MiB`);
const cpu = (u) => (u === undefined ? 'n/a' : `${u.cpuMs.toFixed(0)} ms`);
const cpuRatio = (u, v) => (u && v ? x(u.cpuMs / v.cpuMs) : 'n/a');

/** How much more peak RSS the command took than its floor (MiB), NaN without /usr/bin/time. */
export function rssGrowth(result) {
  return result.aUsage && result.bUsage ? result.aUsage.rssMiB - result.bUsage.rssMiB : Number.NaN;
}

/** The command's median peak RSS (MiB), NaN without /usr/bin/time. */
const peakRss = (result) => result.aUsage?.rssMiB ?? Number.NaN;

/**
 * The command against its floor: both ratios within the target, and the RSS growth and peak within their bounds if it
 * has them; a measure without a target is only reported.
 */
export function verdict(result) {
  if (result.target === undefined) return 'reported';
  const withinRss = result.maxRssGrowthMiB === undefined || rssGrowth(result) <= result.maxRssGrowthMiB;
  const withinPeak = result.maxPeakRssMiB === undefined || peakRss(result) <= result.maxPeakRssMiB;
  const { a, b } = result.stats;
  const withinMs = result.maxMedianMs === undefined || Math.max(a.median, b.median) <= result.maxMedianMs;
  return result.stats.worstRatio <= result.target && withinRss && withinPeak && withinMs ? 'PASS' : 'MISS';
}

/** The command against a peer tool: PASS/MISS against the peer's target (a bound on ours / peer), or only reported. */
export function peerVerdict(peer) {
  if (peer.target === undefined) return 'reported';
  return peer.stats.worstRatio <= peer.target ? 'PASS' : 'MISS';
}

/** A verdict as the tables show it: PASS and MISS in bold. */
const shown = (outcome) => (outcome === 'reported' ? outcome : `**${outcome}**`);

function targetText(result) {
  if (result.target === undefined) return '–';
  const parts = [`≤ ${result.target}×`];
  if (result.maxRssGrowthMiB !== undefined)
    parts.push(`peak RSS growth ≤ ${result.maxRssGrowthMiB} MiB (measured ${rssGrowth(result).toFixed(1)} MiB)`);
  if (result.maxPeakRssMiB !== undefined)
    parts.push(`peak RSS ≤ ${result.maxPeakRssMiB} MiB (measured ${peakRss(result).toFixed(1)} MiB)`);
  if (result.maxMedianMs !== undefined) parts.push(`each median ≤ ${result.maxMedianMs} ms`);
  return parts.join('; ');
}

export function renderResults({ machine, options, results, skipped }) {
  const lines = [
    `## Node ${machine.nodeMajor}`,
    '',
    `- date: ${machine.date}`,
    `- machine: ${machine.nproc} CPUs (nproc), ${machine.cpu}, ${machine.memory} RAM, ${machine.platform}, ` +
      `kernel ${machine.kernel ?? '?'}`,
    `- node: ${machine.node}; commit: ${machine.gitCommit ?? '?'}`,
    `- load average (1/5/15 min): ${machine.loadAtStart} at start, ${machine.loadAtEnd ?? '?'} at end ` +
      `(${machine.nproc} CPUs; other work on the machine widens the spread)`,
    `- method: ${options.warmup} warm-up rounds, then ${options.runs} measured rounds per measure, command and ` +
      'floor alternating',
    '  (A,B,A,B...), peers in the same rotation (A,B,C,D,A,B,C,D...); wall time of each whole process (process.hrtime',
    '  around spawnSync); every run verified (exit code, output, database contents) before it counts. Peak RSS and CPU',
    '  time (user + system): medians of 5 extra runs in rotation under /usr/bin/time (CPU time is less disturbed by',
    '  other load than wall time). Every process runs with a HOME of its own and without INFER_, OCLIF_ or ' +
      'NODE_ settings',
    '  (NODE_EXTRA_CA_CERTS alone adds ~40 ms to every Node start: bench/FINDINGS.md).',
    "- verdict: PASS when both the median of per-pair ratios and the ratio of medians are within the target. A peer's",
    '  row (↳) gives ours / peer from the same rounds, so "≥ 2× faster" reads ≤ 0.5×; a measure or peer without a ' +
      'target is only reported.',
    ...(options.subset
      ? [`- a subset (BENCH_ONLY=${options.subset.join(',')}); RESULTS.md holds the last full run on each Node line`]
      : []),
    ...(options.runs < 20
      ? [`- **a trial, not a result**: ${options.runs} rounds, fewer than the 20 a result needs`]
      : []),
    '',
    '| measure | command median | floor / peer median | ratio (median of pairs) ' +
      '| ratio of medians | target | verdict |',
    '|---|---|---|---|---|---|---|',
  ];
  const row = (title, s, target, result) =>
    `| ${title} | ${ms(s.a.median)} | ${ms(s.b.median)} | ${x(s.pairRatio.median)} | ${x(s.ratioOfMedians)} | ` +
    `${target} | ${result} |`;
  for (const r of results) {
    lines.push(row(r.title, r.stats, targetText(r), shown(verdict(r))));
    for (const p of r.peers ?? []) {
      const target = p.target === undefined ? '–' : `≤ ${p.target}×`;
      lines.push(row(`↳ \`${r.id}\` against ${p.title}`, p.stats, target, shown(peerVerdict(p))));
    }
  }
  for (const id of skipped) lines.push(`| ${id} | – | – | – | – | – | not run |`);
  lines.push('', '### Spread and memory', '');
  lines.push('| measure | side | median | spread (ms) | peak RSS | CPU time |', '|---|---|---|---|---|---|');
  const side = (id, label, s, usage) =>
    `| ${id} | ${label} | ${ms(s.median)} | ${spread(s)} | ${mib(usage)} | ${cpu(usage)} |`;
  const ratio = (id, label, p, cpuText) =>
    `| ${id} | ${label} | ${x(p.median)} | ${ratioSpread(p)} | | ${cpuText} (CPU) |`;
  for (const r of results) {
    lines.push(side(r.id, r.a.label, r.stats.a, r.aUsage));
    lines.push(side(r.id, `floor: ${r.floorTitle}`, r.stats.b, r.bUsage));
    lines.push(ratio(r.id, 'per-pair ratio (wall)', r.stats.pairRatio, cpuRatio(r.aUsage, r.bUsage)));
    for (const p of r.peers ?? []) {
      lines.push(side(r.id, `peer: ${p.title}`, p.stats.b, p.usage));
      lines.push(
        ratio(r.id, `per-pair ratio ${r.a.label} / ${p.label}`, p.stats.pairRatio, cpuRatio(r.aUsage, p.usage)),
      );
      lines.push(ratio(r.id, `per-pair ratio ${p.label} / floor`, p.toFloor.pairRatio, cpuRatio(p.usage, r.bUsage)));
    }
  }
  const inProcess = results.filter((r) => r.timing);
  if (inProcess.length) {
    lines.push(
      '',
      '### Timing inside the process',
      '',
      'These measures time an operation, not a process: the medians and ratios above are of the time',
      'each child reports for its own loop. Peak RSS and CPU time are still of the whole process.',
      '',
    );
    for (const r of inProcess) lines.push(`- ${r.id}: ${r.timing}`);
  }
  const peerNotes = new Set(results.flatMap((r) => (r.peers ?? []).map((p) => `${p.title}: ${p.semantics}`)));
  if (peerNotes.size) {
    lines.push(
      '',
      '### How each peer runs',
      '',
      'Transactions, ledger and lock of each peer, against ours (one transaction per migration holding its',
      "ledger row; the migration lock: SQLite's write lock, a PostgreSQL advisory lock):",
      '',
    );
    for (const note of peerNotes) lines.push(`- ${note}`);
  }
  if (options.notes?.length) lines.push('', '### Notes', '', ...options.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
