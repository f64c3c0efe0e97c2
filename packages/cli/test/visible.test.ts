import { describe, expect, it } from 'vitest';
import { terminalLine, visible } from '../src/output/visible.js';

describe('visible: what stored text may show on a terminal', () => {
  it('escapes every C0 control, ESC, DEL and every C1 control on a line', () => {
    const controls = [
      ...Array.from({ length: 0x20 }, (_, i) => i),
      0x7f,
      ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
    ];
    const shown = visible(String.fromCharCode(...controls));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding raw control characters is the point
    expect(shown).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
    expect(shown).toContain(String.raw`\x00\x01`);
    expect(shown).toContain(String.raw`\t\n\x0b\x0c\r`);
    expect(shown).toContain(String.raw`\x1a\e\x1c`);
    expect(shown).toContain(String.raw`\x1f\x7f\x80`);
    expect(shown.endsWith(String.raw`\x9b\x9c\x9d\x9e\x9f`)).toBe(true);
  });

  it('keeps newlines and tabs in a body (CRLF as a newline), escapes a lone carriage return', () => {
    expect(visible('a\tb\r\nc\rd\u001B[2J\n', 'body')).toBe(`a\tb\n${String.raw`c\rd\e[2J`}\n`);
  });

  it('escapes the marks that reorder text and the Unicode line separators, on a line and in a body', () => {
    const reordering = 'invoice\u202Efdp.exe \u2066x\u2069 a\u2028b';
    const shown = String.raw`invoice\u{202e}fdp.exe \u{2066}x\u{2069} a\u{2028}b`;
    expect(visible(reordering)).toBe(shown);
    expect(visible(reordering, 'body')).toBe(shown);
  });

  it('leaves printable text alone: Unicode, emoji, backslashes', () => {
    const text = String.raw`Héllo 世界 👋 C:\path ¡¿ ÿ`;
    expect(visible(text)).toBe(text);
    expect(visible(text, 'body')).toBe(text);
  });

  it('makes an error message one line, without credentials or control characters', () => {
    expect(terminalLine('failed for postgres://me:secret@db/x\nbecause \u001B]52;c;AAAA\u0007')).toBe(
      String.raw`failed for postgres://me:***@db/x. because \e]52;c;AAAA\x07`,
    );
  });
});
