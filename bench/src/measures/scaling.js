import { join } from 'node:path';
import { applySubject, sqliteTargets } from '../lib/apply-subject.js';
import { inferArgv, writeConfig } from '../setup/cli.js';
import { benchType, linkBenchPlugin } from '../setup/plugin.js';

export const SCALING_COUNTS = Object.freeze({ small: 100, large: 1000 });

/**
 * One side: the real `infer migrate` applying `count` migrations (a bench plugin of its own, under a
 * HOME of its own) to a new SQLite file per run; the config file is rewritten to name it.
 */
function migrateSubject(ws, count) {
  const linked = linkBenchPlugin(ws, { name: `plugin-scaling-${count}`, count });
  const config = join(ws.root, `scaling-${count}.yaml`);
  return applySubject(ws, sqliteTargets(ws), {
    label: `infer migrate, ${count} pending`,
    name: `scaling-${count}`,
    count,
    argv: (path) => [...inferArgv(linked), 'migrate', '--config', writeConfig(config, benchType('sqlite'), { path })],
    env: () => linked.env,
    applied: (run) => Number(/^Applied (\d+) migrations? to /m.exec(run.stdout)?.[1]),
  });
}

/**
 * Scaling of `infer migrate` from 100 to 1000 migrations (each a new SQLite file): the time of
 * 1000 over the time of 100 (linear would be under 10×, start-up included), and the growth of
 * peak RSS between them.
 */
export function scalingMeasure(ws) {
  const { small, large } = SCALING_COUNTS;
  return {
    id: 'scaling',
    title: `scaling of \`infer migrate\` on a new SQLite file: ${large} migrations against ${small}`,
    floorTitle: `the same \`infer migrate\` with ${small} migrations`,
    target: 10.5,
    maxRssGrowthMiB: 10,
    a: migrateSubject(ws, large),
    b: migrateSubject(ws, small),
  };
}
