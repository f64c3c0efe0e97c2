import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeOf } from '../src/exit-codes.js';
import { CLI_DIR } from './helpers.js';

/** The rows of the README's exit-code table: each exit code, with the error codes it names. */
function readmeTable(): Map<number, string[]> {
  const readme = readFileSync(join(CLI_DIR, 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| (\d+) \| .* \|(.*)\|$/gm)];
  return new Map(rows.map(([, code, errors]) => [Number(code), [...errors!.matchAll(/`(E_\w+)`/g)].map((m) => m[1]!)]));
}

describe("the README's exit-code table", () => {
  it('lists every exit code once, and nothing else', () => {
    expect([...readmeTable().keys()].sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });

  it('names each infer error code in the row of the exit code it leads to', () => {
    const table = readmeTable();
    for (const code of Object.values(ErrorCode)) {
      const exit = exitCodeOf(code);
      if (exit === ExitCode.Unexpected) continue; // a programming error, named nowhere on purpose
      expect(table.get(exit), `${code} → exit ${exit}`).toContain(code);
    }
    const named = [...table.values()].flat();
    expect(new Set(named).size, 'an error code named in two rows').toBe(named.length);
  });
});
