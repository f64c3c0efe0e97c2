import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumOf, normalizeForChecksum } from '../src/sql/checksum.js';

const SQL =
  'CREATE TABLE users (\n  id INT PRIMARY KEY,\n  email TEXT\n);\n\nCREATE INDEX users_email ON users (email);';

describe('normalizeForChecksum', () => {
  it('turns CRLF and CR into LF, trims line ends and blank lines at both ends', () => {
    expect(normalizeForChecksum('\r\n  \n  SELECT 1;  \r\n\tSELECT 2;\t\rSELECT 3;\n\n \n')).toBe(
      '  SELECT 1;\n\tSELECT 2;\nSELECT 3;',
    );
  });

  it('keeps inner blank lines and leading indentation', () => {
    expect(normalizeForChecksum('a\n\n\n  b')).toBe('a\n\n\n  b');
  });
});

describe('checksumOf', () => {
  it('is the SHA-256 hex of the normalized text', () => {
    expect(checksumOf(`${SQL}  \r\n`)).toBe(createHash('sha256').update(SQL).digest('hex'));
    expect(checksumOf(SQL)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not change with line endings, trailing spaces or blank lines at the ends', () => {
    const same = [
      SQL.replaceAll('\n', '\r\n'),
      SQL.replaceAll('\n', '\r'),
      SQL.replaceAll('\n', ' \t\n'),
      `\n\n${SQL}\n\n`,
      `${SQL}\r\n`,
    ];
    for (const variant of same) expect(checksumOf(variant)).toBe(checksumOf(SQL));
  });

  it.each([
    ['a changed identifier', SQL.replace('email TEXT', 'mail TEXT')],
    ['a changed literal case', SQL.replace('INT', 'int')],
    ['changed indentation', SQL.replace('  id', '    id')],
    ['a removed inner blank line', SQL.replace(';\n\n', ';\n')],
    ['an added comment', `-- users\n${SQL}`],
    ['spaces inside a line', SQL.replace('id INT', 'id  INT')],
  ])('changes with %s', (_, changed) => {
    expect(checksumOf(changed)).not.toBe(checksumOf(SQL));
  });
});
