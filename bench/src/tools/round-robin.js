// Compares several commands in round-robin (A, B, C, A, B, C...), for trying a change to packages/*
// in a copy of the repo against the current build. Not part of `pnpm bench`.
//
// Usage: node bench/src/tools/round-robin.js spec.json [runs=20]
// spec.json: [{ "name": "HEAD", "argv": ["node", "…/open-engine.js", "{DB}"], "env": {…},
//               "expect": "text the output must contain", "floor": 2 }, …]
// "{DB}" becomes a fresh SQLite path per run; "floor" names the index of the entry to divide by.
// Reports wall time (process.hrtime) and the child's own CPU time (process.cpuUsage at exit, read
// through a --require hook), which other load on the machine disturbs less.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../lib/stats.js';

const [specFile, runsArg] = process.argv.slice(2);
if (!specFile) throw new Error('usage: node bench/src/tools/round-robin.js spec.json [runs]');
const specs = JSON.parse(readFileSync(specFile, 'utf8'));
const runs = Number(runsArg ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'infer-round-robin-'));
const cpuHook = join(dir, 'cpu.cjs');
writeFileSync(
  cpuHook,
  "process.on('exit', () => { const u = process.cpuUsage(); " +
    "require('fs').writeFileSync(process.env.BENCH_CPU_OUT, String((u.user + u.system) / 1000)); });\n",
);

const removeDatabase = (path) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
};
const wall = specs.map(() => []);
const cpu = specs.map(() => []);
try {
  for (let i = -2; i < runs; i++) {
    specs.forEach((spec, k) => {
      const db = join(dir, `run-${k}.db`);
      const cpuOut = join(dir, `cpu-${k}.txt`);
      removeDatabase(db);
      const [node, ...args] = spec.argv.map((arg) => arg.replace('{DB}', db));
      const started = process.hrtime.bigint();
      const child = spawnSync(node, ['--require', cpuHook, ...args], {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env, BENCH_CPU_OUT: cpuOut },
        encoding: 'utf8',
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (child.status !== 0) throw new Error(`${spec.name}: exit ${child.status}: ${child.stderr}`);
      if (spec.expect && !child.stdout.includes(spec.expect))
        throw new Error(`${spec.name}: output lacks ${spec.expect}`);
      if (i >= 0) {
        wall[k].push(ms);
        cpu[k].push(Number(readFileSync(cpuOut, 'utf8')));
      }
      removeDatabase(db);
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

specs.forEach((spec, k) => {
  const vsFirst = median(wall[k].map((t, i) => t / wall[0][i]));
  const floor = spec.floor;
  const vsFloor =
    floor === undefined
      ? ''
      : `, ×${median(wall[k].map((t, i) => t / wall[floor][i])).toFixed(3)} of floor (pairs), CPU ` +
        `×${(median(cpu[k]) / median(cpu[floor])).toFixed(3)}`;
  console.log(
    `${spec.name.padEnd(36)} wall ${median(wall[k]).toFixed(1).padStart(7)} ms, CPU ` +
      `${median(cpu[k]).toFixed(0).padStart(5)} ms, ×${vsFirst.toFixed(3)} of first${vsFloor}`,
  );
});
