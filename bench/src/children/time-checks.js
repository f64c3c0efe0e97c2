// prerun-checks, our side: loaded with `node --import` into the real `infer migrate`. Wraps the
// engine's `Migrator.prototype.plan` and `up` (with nothing pending, each is the pre-run checks:
// validate the list, read the ledger, checksums of applied migrations, lint) and prints, at exit,
// their time inside the process as the last line on stderr (stdout stays the CLI's own).
// '@infer/core' resolves to the same file as the CLI's copy (pnpm links both to packages/core).
import { Migrator } from '@infer/core';

const timed = { plan: [], up: [] };
for (const name of Object.keys(timed)) {
  const original = Migrator.prototype[name];
  Migrator.prototype[name] = async function (...args) {
    const started = process.hrtime.bigint();
    try {
      return await original.apply(this, args);
    } finally {
      timed[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
}

process.on('exit', () => {
  const ms = [...timed.plan, ...timed.up].reduce((sum, value) => sum + value, 0);
  process.stderr.write(`\n${JSON.stringify({ ms, plan: timed.plan, up: timed.up })}\n`);
});
