import type { MigrationResult, MigrationStatusEntry } from '@infer/core';

/** Text renderings of migration results and status; pure, so both commands share them. */

const OUTCOME = Object.freeze({
  applied: { icon: '✅', verb: 'Applied' },
  reverted: { icon: '↩️ ', verb: 'Reverted' },
  baselined: { icon: '📌', verb: 'Marked as applied' },
  skipped: { icon: '⏭️ ', verb: 'Skipped' },
  failed: { icon: '❌', verb: 'Failed' },
  'not-run': { icon: '⏸️ ', verb: 'Not run' },
} as const);

/** `  ✅ Applied 001: Initial schema - conversations table (4 ms)` */
export function resultLine(result: MigrationResult): string {
  const { icon, verb } = OUTCOME[result.outcome];
  const duration = result.durationMs === undefined ? '' : ` (${milliseconds(result.durationMs)})`;
  const note = result.outcome === 'skipped' ? ' (already done by another process)' : '';
  return `  ${icon} ${verb} ${result.version}: ${result.description}${duration}${note}`;
}

export function upToDateLine(dialect: string, applied: number): string {
  return `${dialect} database is up to date (${plural(applied, 'migration')} applied).`;
}

export function appliedSummaryLine(dialect: string, results: readonly MigrationResult[]): string {
  const applied = results.filter((r) => r.outcome === 'applied').length;
  return `Applied ${plural(applied, 'migration')} to the ${dialect} database.`;
}

const STATE = Object.freeze({
  applied: { icon: '✅', label: 'Applied' },
  pending: { icon: '❌', label: 'Pending' },
  unknown: { icon: '⚠️ ', label: 'Applied, unknown to this version of infer' },
} as const);

/**
 * ```
 * SQLite Migration Status:
 *
 *   ✅ Version 001: Initial schema - conversations table (Applied)
 *   ❌ Version 002: Add user preferences table (Pending)
 * ```
 * followed, when the ledger has versions this release does not ship, by a blank line and a line
 * saying so (they are listed, never hidden).
 */
export function statusLines(dialect: string, entries: readonly MigrationStatusEntry[]): string[] {
  const lines = [`${dialect} Migration Status:`, ''];
  for (const entry of entries) {
    const { icon, label } = STATE[entry.state];
    const drift = entry.drift ? ', changed since: drift' : '';
    lines.push(`  ${icon} Version ${entry.version}: ${entry.description} (${label}${drift})`);
  }
  if (entries.length === 0) lines.push('  (no migrations)');
  const unknown = entries.filter((entry) => entry.state === 'unknown').map((entry) => entry.version);
  if (unknown.length > 0) {
    lines.push(
      '',
      `This database was migrated by a newer release of infer (unknown here: ${unknown.join(', ')}); upgrade infer before using it.`,
    );
  }
  const drifted = entries.filter((entry) => entry.drift).map((entry) => entry.version);
  if (drifted.length > 0) {
    lines.push('', `Applied migrations changed since they ran (drift): ${drifted.join(', ')}; "infer migrate repair" accepts the new text.`);
  }
  return lines;
}

function milliseconds(duration: number): string {
  return duration < 1 ? '<1 ms' : `${Math.round(duration)} ms`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
