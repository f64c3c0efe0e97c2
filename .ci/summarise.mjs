// Prints a line per test run (`<label>=<vitest JSON report>` arguments) and, last, their sum:
// "N passed, N failed". Exits 1 when a run left no report or ran no test.
import { existsSync, readFileSync } from 'node:fs';

const total = { passed: 0, failed: 0, skipped: 0 };
let incomplete = 0;
const counts = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;

for (const argument of process.argv.slice(2)) {
  const [label, file] = argument.split('=');
  if (!existsSync(file)) {
    console.log(`${label}: no results (see the output above)`);
    incomplete++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const run = { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests };
  console.log(`${label}: ${counts(run)}`);
  if (report.numTotalTests === 0) incomplete++;
  for (const key of Object.keys(total)) total[key] += run[key];
}
const without = incomplete === 1 ? '1 run without results' : `${incomplete} runs without results`;
console.log(counts(total) + (incomplete ? `, ${without}` : ''));
if (incomplete) process.exitCode = 1;
