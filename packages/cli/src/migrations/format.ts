import {
  type LintProblem,
  type MigrationResult,
  type MigrationStatusEntry,
  type PlannedStep,
  type RepairedChecksum,
  counted,
} from '@infer/core';
import { visible } from '../output/visible.js';

/**
 * Text renderings of migration results and status; pure, so both commands share them. Versions,
 * descriptions, paths and messages come from files and the ledger: each is shown {@link visible}.
 */

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
  return `  ${icon} ${verb} ${visible(result.version)}: ${visible(result.description)}${duration}${note}`;
}

/** `  Accepted 004: Add tags (changed)`: a checksum `migrate repair` recorded. */
export function repairedLine(repaired: RepairedChecksum): string {
  return (
    `  Accepted ${visible(repaired.version)}: ${visible(repaired.description)} ` +
    `(${repaired.previous === null ? 'had no checksum' : 'changed'})`
  );
}

export function upToDateLine(database: string, applied: number): string {
  return `${database} database is up to date (${counted(applied, 'migration')} applied).`;
}

export function appliedSummaryLine(database: string, results: readonly MigrationResult[]): string {
  const applied = results.filter((r) => r.outcome === 'applied').length;
  return `Applied ${counted(applied, 'migration')} to the ${database} database.`;
}

export function revertedSummaryLine(database: string, results: readonly MigrationResult[]): string {
  const reverted = results.filter((r) => r.outcome === 'reverted').length;
  return reverted === 0
    ? `Nothing to revert in the ${database} database.`
    : `Reverted ${counted(reverted, 'migration')} of the ${database} database.`;
}

/**
 * The dry run: every step with its exact SQL, indented, or "data migration" for code.
 * ```
 * Dry run: 1 migration would be applied to the SQLite database (nothing was changed).
 *
 * -- 004 up: Add tags (in a transaction)
 *    CREATE TABLE tags (...);
 * ```
 */
export function planLines(database: string, steps: readonly PlannedStep[]): string[] {
  const verb = steps[0]?.direction === 'down' ? 'reverted in' : 'applied to';
  if (steps.length === 0)
    return [`Dry run: nothing to do; the ${database} database is up to date (nothing was changed).`];
  const lines = [
    `Dry run: ${counted(steps.length, 'migration')} would be ${verb} the ${database} database (nothing was changed).`,
  ];
  for (const step of steps) {
    const mode = step.transaction ? 'in a transaction' : 'outside a transaction, statement by statement';
    lines.push('', `-- ${visible(step.version)} ${step.direction}: ${visible(step.description)} (${mode})`);
    lines.push(
      ...(step.kind === 'sql'
        ? dedent(step.sql ?? '').map((line) => `   ${visible(line)}`)
        : ['   data migration (code; its effect cannot be shown)']),
    );
  }
  return lines;
}

/** `infer migrate lint`: one line a problem, then a verdict. */
export function problemLines(database: string, count: number, problems: readonly LintProblem[]): string[] {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const lines = problems.map(
    (p) =>
      `  ${p.severity === 'error' ? 'error  ' : 'warning'} ${visible(p.version)} [${p.rule}] ${visible(p.message)}`,
  );
  const verdict =
    errors > 0
      ? `${counted(errors, 'error')}, ${counted(problems.length - errors, 'warning')}`
      : problems.length > 0
        ? `no errors, ${counted(problems.length, 'warning')}`
        : 'no problems';
  return [...lines, `Checked ${counted(count, 'migration')} with the ${database} parser: ${verdict}.`];
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
export function statusLines(database: string, entries: readonly MigrationStatusEntry[]): string[] {
  const lines = [`${database} Migration Status:`, ''];
  for (const entry of entries) {
    const { icon, label } = STATE[entry.state];
    const drift = entry.drift ? ', changed since: drift' : '';
    lines.push(`  ${icon} Version ${visible(entry.version)}: ${visible(entry.description)} (${label}${drift})`);
  }
  if (entries.length === 0) lines.push('  (no migrations)');
  const unknown = entries.filter((entry) => entry.state === 'unknown').map((entry) => visible(entry.version));
  if (unknown.length > 0) {
    lines.push(
      '',
      `This database was migrated by a newer release of infer (unknown here: ${unknown.join(', ')}); upgrade ` +
        'infer before using it.',
    );
  }
  const drifted = entries.filter((entry) => entry.drift).map((entry) => visible(entry.version));
  if (drifted.length > 0) {
    lines.push(
      '',
      `Applied migrations changed since they ran (drift): ${drifted.join(', ')}; "infer migrate repair" ` +
        'accepts the new text.',
    );
  }
  return lines;
}

/** The SQL's lines without their common indentation and surrounding blank lines. */
function dedent(sql: string): string[] {
  const lines = sql
    .replace(/\r\n?/g, '\n')
    .replace(/^\s*\n|\s+$/g, '')
    .split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => /^\s*/.exec(line)![0].length));
  return lines.map((line) => line.slice(indent).trimEnd());
}

function milliseconds(duration: number): string {
  return duration < 1 ? '<1 ms' : `${duration} ms`;
}
