import type { ExternalStatementRule, SqlDialect } from './statement.js';
import { isSymbol, keywordOf, type SqlToken, tokenize, topLevel } from './tokenize.js';

/** One element of a keyword pattern: a keyword, any token but a keyword, or any run of tokens. */
type Item = { readonly kind: 'keyword' | 'not'; readonly word: string } | { readonly kind: 'any' };

type Compiled =
  | { readonly kind: 'call'; readonly name: string }
  | { readonly kind: 'keywords'; readonly anchored: boolean; readonly items: readonly Item[] };

const compiled = new Map<string, Compiled>();

/**
 * The reason of the first rule a statement matches, or `undefined`: whether it reaches outside the
 * database (see {@link ExternalStatementRule} for the patterns). The bodies of PostgreSQL
 * `$tag$ … $tag$` strings (functions, DO blocks) are read too, statement by statement, with `^`
 * matching anywhere: a body's statements follow BEGIN, THEN or LOOP as well as a `;`.
 *
 * @example
 * const rules = [{ pattern: '^ COPY … TO !STDOUT', reason: 'COPY TO writes a file' }];
 * externalReason(tokenize("COPY t TO '/tmp/t.csv'", 'postgres'), rules, 'postgres')
 * // 'COPY TO writes a file'
 */
export function externalReason(
  tokens: readonly SqlToken[],
  rules: readonly ExternalStatementRule[],
  dialect: SqlDialect,
  inBody = false,
): string | undefined {
  for (const rule of rules) if (matches(tokens, compile(rule.pattern), inBody)) return rule.reason;
  for (const token of tokens) {
    const body = dollarBody(token);
    if (body === undefined) continue;
    for (const statement of statementsOf(tokenize(body, dialect))) {
      const reason = externalReason(statement, rules, dialect, true);
      if (reason !== undefined) return reason;
    }
  }
  return undefined;
}

function matches(tokens: readonly SqlToken[], rule: Compiled, inBody: boolean): boolean {
  if (rule.kind === 'call') {
    return tokens.some(
      (token, i) =>
        (token.kind === 'word' || token.kind === 'quoted') &&
        token.value.toLowerCase() === rule.name &&
        isSymbol(tokens[i + 1], '('),
    );
  }
  const top = topLevel(tokens).map((i) => tokens[i]!);
  const starts = rule.anchored && !inBody ? [0] : top.keys();
  for (const start of starts) if (matchFrom(top, start, rule.items, 0)) return true;
  return false;
}

function matchFrom(tokens: readonly SqlToken[], at: number, items: readonly Item[], item: number): boolean {
  const wanted = items[item];
  if (wanted === undefined) return true;
  if (wanted.kind === 'any') {
    for (let next = at; next <= tokens.length; next++) if (matchFrom(tokens, next, items, item + 1)) return true;
    return false;
  }
  const token = tokens[at];
  if (token === undefined) return false;
  const keyword = keywordOf(token);
  const fits = wanted.kind === 'keyword' ? keyword === wanted.word : keyword !== wanted.word;
  return fits && matchFrom(tokens, at + 1, items, item + 1);
}

function compile(pattern: string): Compiled {
  let rule = compiled.get(pattern);
  if (rule === undefined) {
    const call = /^\s*([\p{L}_][\p{L}\p{N}_$]*)\(\s*$/u.exec(pattern);
    const parts = pattern.trim().split(/\s+/);
    const anchored = parts[0] === '^';
    rule = call
      ? { kind: 'call', name: call[1]!.toLowerCase() }
      : {
          kind: 'keywords',
          anchored,
          items: parts.slice(anchored ? 1 : 0).map((part): Item => {
            if (part === '…') return { kind: 'any' };
            return part.startsWith('!')
              ? { kind: 'not', word: part.slice(1).toUpperCase() }
              : { kind: 'keyword', word: part.toUpperCase() };
          }),
        };
    compiled.set(pattern, rule);
  }
  return rule;
}

/** The text between the tags of a `$tag$ … $tag$` string token. */
function dollarBody(token: SqlToken): string | undefined {
  if (token.kind !== 'string' || !token.value.startsWith('$')) return undefined;
  const tag = /^\$[^$]*\$/.exec(token.value)?.[0];
  if (tag === undefined || token.value.length < tag.length * 2) return undefined;
  return token.value.slice(tag.length, token.value.endsWith(tag) ? -tag.length : undefined);
}

/** Tokens cut at each top-level `;`. */
function statementsOf(tokens: readonly SqlToken[]): SqlToken[][] {
  const statements: SqlToken[][] = [[]];
  for (const token of tokens) {
    if (isSymbol(token, ';')) statements.push([]);
    else statements.at(-1)!.push(token);
  }
  return statements.filter((statement) => statement.length > 0);
}
