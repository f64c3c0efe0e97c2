import { describe, expect, it } from 'vitest';
import { type SqlDialect, type SqlStatement, splitStatements } from '../src/sql/index.js';

/** The statements' texts, after checking that each one's offsets point at its text. */
function texts(sql: string, dialect: SqlDialect): string[] {
  const statements = splitStatements(sql, dialect);
  for (const { text, start, end } of statements) expect(sql.slice(start, end)).toBe(text);
  return statements.map((s: SqlStatement) => s.text);
}

describe('splitStatements', () => {
  it('does not split at a semicolon inside a string literal', () => {
    expect(texts("INSERT INTO t VALUES ('a;b', 'it''s; fine');\nSELECT 1;", 'sqlite')).toEqual([
      "INSERT INTO t VALUES ('a;b', 'it''s; fine')",
      'SELECT 1',
    ]);
  });

  it('honours MySQL backslash escapes in strings', () => {
    expect(texts("INSERT INTO t VALUES ('it\\'s; x'); SELECT 2", 'mysql')).toEqual([
      "INSERT INTO t VALUES ('it\\'s; x')",
      'SELECT 2',
    ]);
  });

  it('does not split inside quoted identifiers of each dialect', () => {
    expect(texts('CREATE TABLE "a;b" (x INT); SELECT 1', 'postgres')).toEqual([
      'CREATE TABLE "a;b" (x INT)',
      'SELECT 1',
    ]);
    expect(texts('CREATE TABLE `a;b` (x INT); SELECT 1', 'mysql')).toEqual(['CREATE TABLE `a;b` (x INT)', 'SELECT 1']);
    expect(texts('CREATE TABLE [a;b] (`c;d` INT); SELECT 1', 'sqlite')).toEqual([
      'CREATE TABLE [a;b] (`c;d` INT)',
      'SELECT 1',
    ]);
  });

  it('ignores semicolons in comments and drops statements that are only comments', () => {
    const sql =
      '-- create; the table\nCREATE TABLE a (x INT); /* trailing; note */\n/* only; a comment */\n' +
      '-- and another;\n;;\nSELECT 1 -- done; really\n';
    expect(texts(sql, 'postgres')).toEqual(['CREATE TABLE a (x INT)', 'SELECT 1 -- done; really']);
  });

  it('keeps a PostgreSQL $$ function body in one statement', () => {
    const sql = 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql;\nSELECT f();';
    expect(texts(sql, 'postgres')).toEqual([
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql',
      'SELECT f()',
    ]);
  });

  it('keeps a PostgreSQL $tag$ body in one statement, even with $$ inside', () => {
    const body = "$body$\nBEGIN\n  RAISE NOTICE 'a;b $$ c';\n  RETURN NEW;\nEND;\n$body$";
    const sql = `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS ${body};\nDROP TABLE old;`;
    expect(texts(sql, 'postgres')).toEqual([
      `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS ${body}`,
      'DROP TABLE old',
    ]);
  });

  it('keeps a PostgreSQL BEGIN ATOMIC body in one statement', () => {
    const fn =
      'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END';
    expect(texts(`${fn};\nSELECT 3`, 'postgres')).toEqual([fn, 'SELECT 3']);
  });

  it('keeps an SQLite CREATE TRIGGER … BEGIN …; …; END in one statement', () => {
    const trigger =
      'CREATE TRIGGER touch AFTER UPDATE ON t\nBEGIN\n  UPDATE t SET updated = 1 WHERE id = NEW.id;\n' +
      '  INSERT INTO log VALUES (NEW.id);\nEND';
    expect(texts(`${trigger};\nSELECT 1;`, 'sqlite')).toEqual([trigger, 'SELECT 1']);
  });

  it('ends an SQLite trigger at its own END, not at the END of a CASE or inside a word', () => {
    // dbgate-query-splitter's own BEGIN…END tracking gets all three wrong.
    const trigger =
      'CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET legend = CASE WHEN NEW.a THEN 1 ELSE 2 END; ' +
      'DELETE FROM u; END';
    expect(texts(`CREATE TABLE s (beginning TEXT); ${trigger}; SELECT 3`, 'sqlite')).toEqual([
      'CREATE TABLE s (beginning TEXT)',
      trigger,
      'SELECT 3',
    ]);
  });

  it('keeps an unclosed SQLite trigger at the end of the text as one statement', () => {
    expect(texts('SELECT 1; CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM u;', 'sqlite')).toEqual([
      'SELECT 1',
      'CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM u',
    ]);
  });

  it('follows MySQL DELIMITER blocks', () => {
    const sql =
      'DELIMITER //\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; ' +
      'END//\nDELIMITER ;\nSELECT 1;';
    expect(texts(sql, 'mysql')).toEqual([
      'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END',
      'SELECT 1',
    ]);
  });

  it('returns a last statement that has no semicolon', () => {
    expect(texts('CREATE TABLE a (x INT);\nCREATE INDEX i ON a (x)\n\n', 'sqlite')).toEqual([
      'CREATE TABLE a (x INT)',
      'CREATE INDEX i ON a (x)',
    ]);
  });

  it('returns nothing for empty text, white space, lone semicolons and comments', () => {
    expect(splitStatements('', 'sqlite')).toEqual([]);
    expect(splitStatements(' \n;\n ; -- nothing\n/* at all */', 'postgres')).toEqual([]);
  });

  it('reports the 1-based line and offsets where each statement starts, after its comments', () => {
    const sql = 'CREATE TABLE a (x INT);\n\n-- the index\nCREATE INDEX i\n  ON a (x); SELECT 1;\r\n\r\nSELECT 2';
    expect(splitStatements(sql, 'sqlite')).toEqual([
      { text: 'CREATE TABLE a (x INT)', start: 0, end: 22, line: 1 },
      { text: 'CREATE INDEX i\n  ON a (x)', start: 38, end: 63, line: 4 },
      { text: 'SELECT 1', start: 65, end: 73, line: 5 },
      { text: 'SELECT 2', start: 78, end: 86, line: 7 },
    ]);
  });
});
