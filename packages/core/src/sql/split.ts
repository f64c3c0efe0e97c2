import {
  type SplitterOptions,
  mysqlSplitterOptions,
  postgreSplitterOptions,
  sqliteSplitterOptions,
  splitQuery,
} from 'dbgate-query-splitter';
import type { SplitResultItemRich } from 'dbgate-query-splitter/lib/splitQuery.js';
import { endsInsideBlock } from './block.js';
import type { SqlDialect, SqlStatement } from './statement.js';
import { tokenize } from './tokenize.js';

const OPTIONS: Record<SqlDialect, SplitterOptions> = {
  // The splitter's own BEGIN … END tracking for SQLite matches "begin" and "end" inside words
  // (`beginning`, `legend`) and ends a trigger at the END of a CASE, so it is off here and
  // endsInsideBlock does that job. SQLite also quotes identifiers with `x` and [x].
  sqlite: {
    ...sqliteSplitterOptions,
    skipSeparatorBeginEnd: false,
    stringsBegins: ["'", '"', '`', '['],
    stringsEnds: { "'": "'", '"': '"', '`': '`', '[': ']' },
    stringEscapes: { "'": "'", '"': '"', '`': '`' },
  },
  postgres: postgreSplitterOptions,
  mysql: mysqlSplitterOptions,
};

/**
 * The statements of a migration's SQL text, in order, by dbgate-query-splitter: `;` inside
 * strings, quoted identifiers, comments, PostgreSQL `$tag$` bodies, SQLite trigger bodies and
 * MySQL `DELIMITER` blocks does not end a statement; the last statement needs no `;`. Empty
 * statements and statements made only of comments are dropped.
 *
 * @example
 * splitStatements("INSERT INTO t VALUES ('a;b');\n-- done\nSELECT 1", 'sqlite')
 * // [{ text: "INSERT INTO t VALUES ('a;b')", start: 0, end: 28, line: 1 },
 * //  { text: 'SELECT 1', start: 38, end: 46, line: 3 }]
 */
export function splitStatements(sql: string, dialect: SqlDialect): SqlStatement[] {
  const pieces = splitQuery(sql, { ...OPTIONS[dialect], returnRichInfo: true }) as SplitResultItemRich[];
  const statements: SqlStatement[] = [];
  const lines = lineCounter(sql);
  // Start of a statement that was cut at a `;` inside its BEGIN … END block.
  let open: number | undefined;
  for (const [index, piece] of pieces.entries()) {
    const start = open ?? piece.trimStart!.position;
    const end = piece.trimEnd!.position;
    const tokens = tokenize(sql.slice(start, end), dialect);
    // A block still open at the end of the text is a statement all the same: the database reports it.
    if (endsInsideBlock(tokens, dialect) && index < pieces.length - 1) {
      open = start;
      continue;
    }
    open = undefined;
    if (tokens[0] === undefined) continue;
    const from = start + tokens[0].start;
    statements.push({ text: sql.slice(from, end), start: from, end, line: lines(from) });
  }
  return statements;
}

/** 1-based line of an offset; offsets must come in increasing order (one pass over the text). */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let counted = 0;
  return (offset) => {
    for (; counted < offset; counted++) if (text[counted] === '\n') line++;
    return line;
  };
}
