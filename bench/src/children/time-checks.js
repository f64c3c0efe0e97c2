// prerun-checks, our side: loaded with `node --import` into the real `infer migrate`. Wraps the
// engine's `Migrator.prototype.up` (with nothing pending, it is the pre-run checks: validate the
// list, read the ledger, checksums of applied migrations, lint) and prints, at exit, its time inside
// the process as the last line on stderr (stdout stays the CLI's own).
// '@infer/core' resolves to the same file as the CLI's copy (pnpm links both to packages/core).
import { Migrator } from '@infer/core';

const up = [];
const original = Migrator.prototype.up;
Migrator.prototype.up = async function (...args) {
  const started = process.hrtime.bigint();
  try {
    return await original.apply(this, args);
  } finally {
    up.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
};

process.on('exit', () => {
  process.stderr.write(`\n${JSON.stringify({ ms: up.reduce((sum, value) => sum + value, 0), up })}\n`);
});
