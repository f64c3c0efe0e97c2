import { isInferError, messageOf } from '@infer/core';
import { ExitCode, exitCodeOf } from '../exit-codes.js';
import { redact } from './redact.js';
import { flagSuggestion } from './suggest.js';
import { terminalLine, visible } from './visible.js';

/** What the CLI tells the user about a failure: one line's worth, and the process exit code. */
export interface ErrorReport {
  /** The infer error code (`E_CONFIG`...), absent for errors that are not infer errors. */
  readonly code?: string;
  readonly message: string;
  readonly hint?: string;
  readonly exitCode: number;
}

/** What a command run with --json prints on stdout when it fails. */
export interface ErrorDocument {
  readonly error: ErrorReport;
}

/**
 * Classifies a thrown value. Infer errors are recognised by their brand and code, never with
 * `instanceof`: a plugin may bring its own copy of `@infer/core`. oclif's usage errors carry their
 * exit code (2); anything else is unexpected (1).
 */
export function reportOf(error: unknown, command?: string): ErrorReport {
  if (isInferError(error)) {
    const hint = error.hint === undefined ? {} : { hint: terminalLine(error.hint) };
    return { code: error.code, message: terminalLine(error.message), ...hint, exitCode: exitCodeOf(error.code) };
  }
  const exit = oclifExitOf(error);
  const message = terminalLine(messageOf(error)) || 'unknown error';
  if (exit !== ExitCode.Usage || command === undefined) return { message, exitCode: exit ?? ExitCode.Unexpected };
  // oclif's parser words: "The following error occurred: ... See more help with --help".
  const usage = message
    .replace(/^The following error occurred:\s*/, '')
    .replace(/\.?\s*See more help with --help\.?$/, '')
    // oclif names a missing flag bare ("Missing required flag to"); the user types it as --to.
    .replace(/^Missing required flag ([\w-]+)/, 'Missing required flag --$1');
  return { message: usage, hint: `see "${commandLine(command)} --help"`, exitCode: exit };
}

/**
 * {@link reportOf}, with the nearest flag of the command as the first fix for an unknown flag:
 * `Nonexistent flag: --stauts. Fix: did you mean --status? Otherwise see "infer migrate --help"`.
 */
export function reportWithSuggestion(error: unknown, command?: string): ErrorReport {
  const report = reportOf(error, command);
  const suggestion = flagSuggestion(error);
  if (suggestion === undefined) return report;
  return { ...report, hint: report.hint === undefined ? suggestion : `${suggestion} Otherwise ${report.hint}` };
}

/** Command `id` as a user types it: `infer migrate down` for `migrate:down`. */
export function commandLine(id: string): string {
  return `infer ${id.replaceAll(':', ' ')}`;
}

/** `Error: <message>. Fix: <hint>`, always one line. */
export function errorLine(report: ErrorReport): string {
  if (report.hint === undefined) return report.message;
  const separator = /[.!?]$/.test(report.message) ? ' ' : '. ';
  return `${report.message}${separator}Fix: ${report.hint}`;
}

/** The stack of an error and of every error in its `cause` chain, for DEBUG. */
export function debugDetails(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current) && parts.length < 10) {
    seen.add(current);
    const text = current instanceof Error ? (current.stack ?? current.message) : String(current);
    parts.push(parts.length === 0 ? text : `Caused by: ${text}`);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return visible(redact(parts.join('\n')), 'body');
}

/** The exit code oclif attached to its own errors (`CLIError`, parse errors), if any. */
export function oclifExitOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const exit = (error as { oclif?: { exit?: unknown } }).oclif?.exit;
  return typeof exit === 'number' ? exit : undefined;
}

/** oclif's `this.exit()` signal: not a failure to render. */
export function isExitSignal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EEXIT';
}
