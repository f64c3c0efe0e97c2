// Part of `pnpm lint`: no source line longer than 120 characters and no source file longer than 250
// lines. Biome's formatter keeps code within that width but leaves long strings, regular expressions
// and comments alone; this finds those, and the files that have outgrown one role.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LINE_LIMIT = 120;
const FILE_LIMIT = 250;
const SOURCE = /\.(ts|js|mjs|cjs|sql|sh)$|^\.ci\/run$/;
// Shipped migrations: their SQL is checksummed, so rewrapping a line would report drift on every
// database that applied them.
const FROZEN = new Set(['packages/backend-postgres/src/migrations.ts', 'examples/backend-mariadb/src/migrations.ts']);

// A set: while a merge is unresolved, git lists a file once per side.
const files = new Set(
  execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => SOURCE.test(file) && !FROZEN.has(file)),
);
const longLines = [];
const longFiles = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed by git but deleted in the work tree
  }
  const lines = text.split('\n');
  // The newline that ends the last line starts no line of its own (as wc -l counts).
  if (lines.at(-1) === '') lines.pop();
  if (lines.length > FILE_LIMIT) longFiles.push(`${file}: ${lines.length} lines`);
  lines.forEach((line, i) => {
    if (line.length > LINE_LIMIT) longLines.push(`${file}:${i + 1}: ${line.length} characters`);
  });
}
/** `1 source line is`, `3 source lines are`. */
const counted = (count, noun) => (count === 1 ? `1 ${noun} is` : `${count} ${noun}s are`);
for (const finding of [...longLines, ...longFiles]) console.error(finding);
if (longLines.length > 0) {
  console.error(
    `Error: ${counted(longLines.length, 'source line')} over ${LINE_LIMIT} characters. ` +
      'Fix: wrap them (Biome formats code; strings, regular expressions and comments are yours to wrap).',
  );
}
if (longFiles.length > 0) {
  console.error(
    `Error: ${counted(longFiles.length, 'source file')} over ${FILE_LIMIT} lines. ` +
      'Fix: split each along a seam of responsibility, one role per file (tests by the behaviour they cover).',
  );
}
if (longLines.length + longFiles.length > 0) process.exitCode = 1;
