/**
 * A migration's SQL text as its checksum sees it: line endings as LF, no whitespace at the end of
 * a line, no blank lines before the first line or after the last. So re-saving a file with CRLF or
 * an editor that trims trailing spaces changes nothing; any other edit, indentation included, does.
 *
 * @example
 * normalizeForChecksum('\r\nCREATE TABLE t (id INT);  \r\n\r\n') // 'CREATE TABLE t (id INT);'
 */
export function normalizeForChecksum(sql: string): string {
  // One pass of replacements, no array of lines: this runs for every migration before every run.
  return sql
    .replace(/[^\S\r\n]*(?:\r\n?|\n)/g, '\n')
    .trimEnd()
    .replace(/^\n+/, '');
}

/**
 * SHA-256 (lower-case hex) of {@link normalizeForChecksum}'s text, to tell whether an applied
 * migration was edited since.
 *
 * @example
 * checksumOf('SELECT 1;\r\n') === checksumOf('SELECT 1;') // true
 */
export function checksumOf(sql: string): string {
  // node:crypto is loaded on the first hash, not with this module: a start whose migrations all
  // declare their checksum (the shipped ones do) never loads it.
  return process.getBuiltinModule('node:crypto').hash('sha256', normalizeForChecksum(sql), 'hex');
}
