import { createHash } from 'node:crypto';

/**
 * A migration's SQL text as its checksum sees it: line endings as LF, no whitespace at the end of
 * a line, no blank lines before the first line or after the last. So re-saving a file with CRLF or
 * an editor that trims trailing spaces changes nothing; any other edit, indentation included, does.
 *
 * @example
 * normalizeForChecksum('\r\nCREATE TABLE t (id INT);  \r\n\r\n') // 'CREATE TABLE t (id INT);'
 */
export function normalizeForChecksum(sql: string): string {
  return sql
    .split(/\r\n?|\n/)
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/**
 * SHA-256 (lower-case hex) of {@link normalizeForChecksum}'s text, to tell whether an applied
 * migration was edited since.
 *
 * @example
 * checksumOf('SELECT 1;\r\n') === checksumOf('SELECT 1;') // true
 */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(normalizeForChecksum(sql), 'utf8').digest('hex');
}
