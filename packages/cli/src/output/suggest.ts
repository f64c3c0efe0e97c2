import { createRequire } from 'node:module';

type Levenshtein = typeof import('fast-levenshtein');
let levenshtein: Levenshtein | undefined;

/**
 * Edits between two spellings, compared as the user's locale compares text. fast-levenshtein is
 * loaded on the first suggestion: loading it costs every start of a command more than its own work.
 */
function distance(a: string, b: string): number {
  levenshtein ??= createRequire(import.meta.url)('fast-levenshtein') as Levenshtein;
  return levenshtein.get(a, b, { useCollator: true });
}

/** The most edits a suggestion may be from what was typed: further, it would mislead more than help. */
const farthest = (typed: string) => Math.max(2, Math.floor(typed.length / 3));

/**
 * The candidate nearest to what the user typed, if it is near enough to be what they meant:
 * `--status` for `--stauts`, nothing for `--to` among `--json` and `--status`.
 */
export function nearest(typed: string, candidates: readonly string[]): string | undefined {
  const ranked = candidates.map((candidate) => ({ candidate, edits: distance(typed, candidate) }));
  const best = ranked.sort((a, b) => a.edits - b.edits)[0];
  return best !== undefined && best.edits <= farthest(typed) ? best.candidate : undefined;
}

/** A flag as oclif's parser describes it, in the error it throws for an unknown flag. */
interface FlagDefinition {
  readonly hidden?: boolean;
  readonly type?: string;
  readonly allowNo?: boolean;
  readonly aliases?: readonly string[];
}

/** oclif's "Nonexistent flag" error: the flags as typed, and the command's flags by name. */
interface UnknownFlags {
  readonly flags: readonly string[];
  readonly parse: { readonly input: { readonly flags: Readonly<Record<string, FlagDefinition>> } };
}

function isUnknownFlags(error: unknown): error is UnknownFlags {
  const { flags, parse } = (error ?? {}) as Partial<UnknownFlags>;
  return Array.isArray(flags) && typeof parse?.input?.flags === 'object' && parse.input.flags !== null;
}

/** Every spelling of the command's flags a user may type: `--name`, `--no-name`, aliases, `--help`. */
function flagSpellings(definitions: Readonly<Record<string, FlagDefinition>>): string[] {
  const spellings = Object.entries(definitions)
    .filter(([, flag]) => !flag.hidden)
    .flatMap(([name, flag]) => [
      name,
      ...(flag.type === 'boolean' && flag.allowNo ? [`no-${name}`] : []),
      ...(flag.aliases ?? []),
    ]);
  return [...spellings, 'help'].map((name) => `--${name}`);
}

/**
 * For oclif's "Nonexistent flag: --stauts": `did you mean --status?`, the command's nearest flag to
 * each unknown long flag (a value typed as `--flag=value` left out), each named when there are
 * several; undefined for other errors, or when no flag is near.
 */
export function flagSuggestion(error: unknown): string | undefined {
  if (!isUnknownFlags(error)) return undefined;
  const typed = error.flags.filter((flag) => flag.startsWith('--')).map((flag) => flag.replace(/=.*$/s, ''));
  const spellings = flagSpellings(error.parse.input.flags);
  const pairs = typed.map((flag) => [flag, nearest(flag, spellings)] as const);
  const found = pairs.filter(([, suggestion]) => suggestion !== undefined);
  if (found.length === 0) return undefined;
  const named = error.flags.length === 1 ? found.map(([, s]) => s) : found.map(([flag, s]) => `${s} for ${flag}`);
  return `did you mean ${named.join(', ')}?`;
}
