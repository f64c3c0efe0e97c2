/**
 * A count with its noun, in the plural unless the count is exactly 1: `1 migration`,
 * `0 conversations`, `2 entries` (with `many` for nouns that do not just take an `s`).
 * Every count a command prints goes through it, so no message says `migration(s)`.
 */
export function counted(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}

/** The noun alone, agreeing with `count`: `migration` for 1, `migrations` otherwise. */
export function nounFor(count: number, noun: string, many = `${noun}s`): string {
  return count === 1 ? noun : many;
}
