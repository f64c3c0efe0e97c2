import type { SqlDialect } from './statement.js';
import { isKeyword, type SqlToken } from './tokenize.js';

/**
 * Whether a statement, cut at a `;`, stops inside a `BEGIN … END` block that the `;` does not
 * end: the body of an SQLite `CREATE TRIGGER` or of a PostgreSQL `BEGIN ATOMIC` function. `CASE …
 * END` is counted too, so the `END` of a CASE inside the body does not close it. (MySQL bodies
 * are fenced with `DELIMITER`, which the splitter follows.)
 *
 * @example
 * endsInsideBlock(tokenize('CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b', 'sqlite'), 'sqlite') // true
 */
export function endsInsideBlock(tokens: readonly SqlToken[], dialect: SqlDialect): boolean {
  if (!hasBlock(tokens, dialect)) return false;
  let depth = 0;
  for (const token of tokens) {
    if (isKeyword(token, 'BEGIN') || isKeyword(token, 'CASE')) depth++;
    else if (isKeyword(token, 'END')) depth--;
  }
  return depth > 0;
}

function hasBlock(tokens: readonly SqlToken[], dialect: SqlDialect): boolean {
  switch (dialect) {
    case 'sqlite': {
      const temporary = isKeyword(tokens[1], 'TEMP') || isKeyword(tokens[1], 'TEMPORARY');
      return isKeyword(tokens[0], 'CREATE') && isKeyword(tokens[temporary ? 2 : 1], 'TRIGGER');
    }
    case 'postgres':
      return tokens.some((token, i) => isKeyword(token, 'BEGIN') && isKeyword(tokens[i + 1], 'ATOMIC'));
    case 'mysql':
      return false;
  }
}
