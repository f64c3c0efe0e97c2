/**
 * The message of a strict section schema (valibot's `strictObject(entries, message)` takes it):
 * an unknown key is named by its path, so the message only has to say what is wrong with it.
 */
export function sectionMessage(issue: { readonly expected: string | null }): string {
  return issue.expected === 'never'
    ? 'unknown key (check its spelling against the documentation)'
    : 'must be a mapping of settings';
}
