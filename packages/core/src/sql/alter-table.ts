import { isKeyword, isSymbol, type SqlToken, topLevel } from './tokenize.js';

/** One action of an `ALTER TABLE`: its tokens up to the next top-level comma. */
export type AlterAction = readonly SqlToken[];

/** What `ALTER TABLE [IF EXISTS] [ONLY] name [*] action, action …` changes. */
export interface AlterTable {
  /** The table's name as the lint compares names (see {@link nameKey}); schema left out. */
  readonly table: string;
  readonly actions: readonly AlterAction[];
}

/**
 * Reads an `ALTER TABLE` statement into its table and its actions; `undefined` for any other
 * statement.
 *
 * @example
 * alterTable(tokenize('ALTER TABLE ONLY app.t ADD COLUMN a int, DROP COLUMN b', 'postgres'))
 * // { table: 't', actions: [[ADD, COLUMN, a, int], [DROP, COLUMN, b]] }
 */
export function alterTable(tokens: readonly SqlToken[]): AlterTable | undefined {
  if (!isKeyword(tokens[0], 'ALTER') || !isKeyword(tokens[1], 'TABLE')) return undefined;
  let i = 2;
  if (isKeyword(tokens[i], 'IF') && isKeyword(tokens[i + 1], 'EXISTS')) i += 2;
  if (isKeyword(tokens[i], 'ONLY')) i++;
  const { key, next } = qualifiedName(tokens, i);
  i = next;
  if (isSymbol(tokens[i], '*')) i++;
  const commas = topLevel(tokens, i).filter((j) => isSymbol(tokens[j], ','));
  const bounds = [i, ...commas.map((j) => j + 1)];
  const actions = bounds.map((start, n) => tokens.slice(start, n < commas.length ? commas[n] : tokens.length));
  return { table: key, actions };
}

/**
 * The name that starts at `from` (`name`, `schema.name`, quoted or not) as a key for comparing
 * names (its last part, see {@link nameKey}), and the index of the token after it.
 */
export function qualifiedName(tokens: readonly SqlToken[], from: number): { key: string; next: number } {
  let i = from;
  while (isSymbol(tokens[i + 1], '.')) i += 2;
  return { key: nameKey(tokens[i]), next: i + 1 };
}

/**
 * A name token as a key for comparing names, in lower case: PostgreSQL and SQLite fold unquoted
 * names, and the names that `CREATE TABLE` lists come without their quotes.
 */
export function nameKey(token: SqlToken | undefined): string {
  return token?.value.toLowerCase() ?? '';
}
