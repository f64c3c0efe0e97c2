import type { SqlDialect } from './statement.js';

/**
 * A token of one statement. Comments and whitespace are dropped; quoted text never reads as a
 * keyword, so `DELETE FROM "where"` has no WHERE and `-- DROP TABLE x` is nothing at all.
 */
export interface SqlToken {
  /** `word`: unquoted keyword or identifier; `quoted`: quoted identifier; `string`: literal. */
  readonly kind: 'word' | 'quoted' | 'string' | 'symbol';
  /** As written, except a quoted identifier, which comes without its quotes (`"a""b"` → `a"b`). */
  readonly value: string;
  /** Offset of the token in the tokenized text. */
  readonly start: number;
}

const WORD = /[\p{L}_][\p{L}\p{N}_$]*|\p{N}[\p{L}\p{N}_.]*/uy;
const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;

/** Closing character of each identifier quote a dialect accepts. */
const IDENTIFIER_QUOTES: Record<SqlDialect, Record<string, string>> = {
  sqlite: { '"': '"', '`': '`', '[': ']' },
  postgres: { '"': '"' },
  mysql: { '"': '"', '`': '`' },
};

/**
 * Splits one statement into tokens. It knows each dialect's comments (`--`, block comments, MySQL `#`),
 * string literals (MySQL backslash escapes, PostgreSQL `$tag$` bodies) and identifier quotes; it
 * does not parse.
 *
 * @example
 * tokenize('DROP TABLE "My Table" -- old', 'postgres').map((t) => t.value) // ['DROP', 'TABLE', 'My Table']
 */
export function tokenize(text: string, dialect: SqlDialect): SqlToken[] {
  const tokens: SqlToken[] = [];
  for (let start = 0; start < text.length; ) {
    const { kind, end } = scan(text, start, dialect);
    if (kind === 'quoted') {
      const close = IDENTIFIER_QUOTES[dialect][text[start]!]!;
      const inner = text.slice(start + 1, text[end - 1] === close && end - start > 1 ? end - 1 : end);
      tokens.push({ kind, value: inner.replaceAll(close + close, close), start });
    } else if (kind !== undefined) {
      tokens.push({ kind, value: text.slice(start, end), start });
    }
    start = end;
  }
  return tokens;
}

/** The token that begins at `i` and where it ends; no kind for whitespace and comments. */
function scan(text: string, i: number, dialect: SqlDialect): { kind?: SqlToken['kind']; end: number } {
  const ch = text[i]!;
  if (/\s/.test(ch)) return { end: i + 1 };
  if (text.startsWith('--', i) || (ch === '#' && dialect === 'mysql')) {
    const eol = text.indexOf('\n', i);
    return { end: eol === -1 ? text.length : eol + 1 };
  }
  if (text.startsWith('/*', i)) {
    const close = text.indexOf('*/', i + 2);
    return { end: close === -1 ? text.length : close + 2 };
  }
  if (ch === "'") return { kind: 'string', end: closingOf(text, i, "'", dialect === 'mysql') };
  const identifierClose = IDENTIFIER_QUOTES[dialect][ch];
  if (identifierClose !== undefined) return { kind: 'quoted', end: closingOf(text, i, identifierClose, false) };
  const tagEnd = dialect === 'postgres' ? matchEnd(DOLLAR_TAG, text, i) : undefined;
  if (tagEnd !== undefined) {
    const close = text.indexOf(text.slice(i, tagEnd), tagEnd);
    return { kind: 'string', end: close === -1 ? text.length : close + tagEnd - i };
  }
  const wordEnd = matchEnd(WORD, text, i);
  return wordEnd === undefined ? { kind: 'symbol', end: i + 1 } : { kind: 'word', end: wordEnd };
}

/** Where a sticky `pattern` that matches at `at` ends, if it does. */
function matchEnd(pattern: RegExp, text: string, at: number): number | undefined {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : undefined;
}

/** Offset just past the quote that closes the one at `open`; a doubled quote is part of the text. */
function closingOf(text: string, open: number, close: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < text.length) {
    if (backslashEscapes && text[i] === '\\') {
      i += 2;
    } else if (text[i] === close) {
      if (text[i + 1] !== close) return i + 1;
      i += 2;
    } else {
      i++;
    }
  }
  return text.length;
}

/** Whether `token` is the unquoted keyword `keyword` (given in upper case). */
export function isKeyword(token: SqlToken | undefined, keyword: string): boolean {
  return keywordOf(token) === keyword;
}

/** The keyword a token is, in upper case, if it is an unquoted word. */
export function keywordOf(token: SqlToken | undefined): string | undefined {
  return token?.kind === 'word' ? token.value.toUpperCase() : undefined;
}

/** Whether `token` is the punctuation `symbol`. */
export function isSymbol(token: SqlToken | undefined, symbol: string): boolean {
  return token?.kind === 'symbol' && token.value === symbol;
}

/**
 * Indexes of the tokens from `from` on at the nesting level of `from`, up to the `)` that closes
 * the level (nested parentheses and their content excluded).
 *
 * @example
 * // tokens of 'DELETE FROM t WHERE a IN (SELECT b FROM u WHERE c)', from 0: DELETE FROM t WHERE a IN
 * // tokens of 'WITH x AS (DELETE FROM t) SELECT 1', from 4 (DELETE): DELETE FROM t
 */
export function topLevel(tokens: readonly SqlToken[], from = 0): number[] {
  const indexes: number[] = [];
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    if (isSymbol(tokens[i], '(')) {
      depth++;
    } else if (isSymbol(tokens[i], ')')) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0) {
      indexes.push(i);
    }
  }
  return indexes;
}
