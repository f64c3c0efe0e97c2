// Part of `pnpm lint`: no source line longer than 120 characters. Biome's formatter keeps code within
// that width but leaves long strings, regular expressions and comments alone; this finds those.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 120;
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
const long = [...files].flatMap((file) => {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return []; // listed by git but deleted in the work tree
  }
  return text
    .split('\n')
    .flatMap((line, i) => (line.length > LIMIT ? [`${file}:${i + 1}: ${line.length} characters`] : []));
});
for (const line of long) console.error(line);
if (long.length > 0) {
  console.error(
    `Error: ${long.length} source line(s) over ${LIMIT} characters. ` +
      'Fix: wrap them (Biome formats code; strings, regular expressions and comments are yours to wrap).',
  );
  process.exitCode = 1;
}
