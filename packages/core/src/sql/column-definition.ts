import { isKeyword, isSymbol, keywordOf, type SqlToken, topLevel } from './tokenize.js';

/** What lint reads of the column an `ALTER TABLE … ADD [COLUMN]` action adds. */
export interface AddedColumn {
  readonly name: string;
  /** The type's first word, in upper case (`BIGSERIAL`, `TEXT`); empty when none is written (SQLite). */
  readonly type: string;
  readonly notNull: boolean;
  /** The tokens of the DEFAULT expression, if there is one. */
  readonly default: readonly SqlToken[] | undefined;
  /** A column-level UNIQUE or PRIMARY KEY. */
  readonly unique: boolean;
  readonly references: boolean;
  /** A column computed and stored in every row (`GENERATED ALWAYS AS (…) STORED`, SQLite `AS (…) STORED`). */
  readonly stored: boolean;
  /** `GENERATED … AS IDENTITY`: every existing row gets a value from the sequence. */
  readonly identity: boolean;
}

/** Words that end a DEFAULT expression: the next column constraint. */
const CONSTRAINT_WORDS = new Set([
  'NOT',
  'NULL',
  'CONSTRAINT',
  'CHECK',
  'REFERENCES',
  'UNIQUE',
  'PRIMARY',
  'COLLATE',
  'GENERATED',
  'AS',
]);

/** Words after ADD that start a table constraint, not a column. */
const TABLE_CONSTRAINTS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'EXCLUDE']);

/**
 * The column an `ADD [COLUMN] [IF NOT EXISTS] name type constraints…` action adds; `undefined`
 * for any other action (ADD CONSTRAINT and the other table constraints included).
 *
 * @example
 * addedColumn(tokenize("ADD COLUMN a text NOT NULL DEFAULT 'x'", 'postgres'))
 * // { name: 'a', type: 'TEXT', notNull: true, default: ["'x'"], unique: false, … }
 */
export function addedColumn(action: readonly SqlToken[]): AddedColumn | undefined {
  if (!isKeyword(action[0], 'ADD')) return undefined;
  let i = 1;
  if (isKeyword(action[i], 'COLUMN')) i++;
  else if (TABLE_CONSTRAINTS.has(keywordOf(action[i]) ?? '')) return undefined;
  if (isKeyword(action[i], 'IF') && isKeyword(action[i + 1], 'NOT') && isKeyword(action[i + 2], 'EXISTS')) i += 3;
  const name = action[i]?.value ?? '';
  const typeToken = action[i + 1];
  const type = typeToken?.kind === 'word' && !CONSTRAINT_WORDS.has(keywordOf(typeToken)!) ? keywordOf(typeToken)! : '';
  const top = topLevel(action, i + 1).map((j) => keywordOf(action[j]));
  const has = (word: string) => top.includes(word);
  const notNull = top.some((word, n) => word === 'NOT' && top[n + 1] === 'NULL');
  return {
    name,
    type,
    notNull,
    default: defaultExpression(action, i + 1),
    unique: has('UNIQUE') || has('PRIMARY'),
    references: has('REFERENCES'),
    stored: has('STORED'),
    identity: has('IDENTITY'),
  };
}

/** The tokens after DEFAULT up to the next column constraint at the same level. */
function defaultExpression(action: readonly SqlToken[], from: number): SqlToken[] | undefined {
  const top = topLevel(action, from);
  const at = top.find((j) => isKeyword(action[j], 'DEFAULT'));
  if (at === undefined) return undefined;
  const end = top.find((j) => j > at + 1 && CONSTRAINT_WORDS.has(keywordOf(action[j]) ?? '')) ?? action.length;
  return action.slice(at + 1, end);
}

/** Whether the tokens call one of `functions` (lower-case names), at any depth. */
export function callsAny(tokens: readonly SqlToken[], functions: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i]!;
    if (token.kind === 'word' && isSymbol(tokens[i + 1], '(') && functions.has(token.value.toLowerCase()))
      return token.value.toLowerCase();
  }
  return undefined;
}
