import { isKeyword, isSymbol, type SqlToken } from './tokenize.js';

/**
 * The table that `CREATE [UNLOGGED | VIRTUAL] TABLE [IF NOT EXISTS] [schema.]name` creates, as
 * `name` or `schema.name` with each part unquoted and in the case written. Temporary tables
 * (`CREATE TEMP TABLE`, `CREATE TEMPORARY TABLE`) are not listed: they end with the session.
 *
 * @example
 * createdTables(tokenize('CREATE TABLE IF NOT EXISTS "app"."Users" (id INT)', 'postgres')) // ['app.Users']
 */
export function createdTables(tokens: readonly SqlToken[]): string[] {
  if (!isKeyword(tokens[0], 'CREATE')) return [];
  let i = isKeyword(tokens[1], 'UNLOGGED') || isKeyword(tokens[1], 'VIRTUAL') ? 2 : 1;
  if (!isKeyword(tokens[i], 'TABLE')) return [];
  i++;
  if (isKeyword(tokens[i], 'IF') && isKeyword(tokens[i + 1], 'NOT') && isKeyword(tokens[i + 2], 'EXISTS')) i += 3;
  const parts: string[] = [];
  for (; isName(tokens[i]); i += 2) {
    parts.push(tokens[i]!.value);
    if (!isSymbol(tokens[i + 1], '.')) break;
  }
  return parts.length === 0 ? [] : [parts.join('.')];
}

function isName(token: SqlToken | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'quoted';
}
