import { createWorkspace } from '../setup/workspace.js';
import { node24 } from '../setup/node-24.js';
import { pgCliStatusMeasure } from './pg-cli-status.js';
import { pgStatusMeasure } from './pg-status.js';

/**
 * The start-up measures that need no native addon (pg-status, pg-cli-status: the CLI, its floor and
 * the peers are all JavaScript) run again on Node 24, once with Node's compile cache (enabled by
 * the CLI's bin from Node 22.1 on; warm after the warm-up rounds) and once without. Each pass in a
 * workspace of its own (bench/.work/node-24, node-24-no-cache). cli-status is left out: its SQLite
 * database needs better-sqlite3 built for the Node that runs it, and the checkout's is built for one.
 */
export async function node24Measures(ws) {
  const node = node24(ws);
  const measures = [];
  for (const compileCache of [true, false]) {
    const suffix = compileCache ? '' : ':no-cache';
    const wsOn24 = createWorkspace({ name: `node-24${compileCache ? '' : '-no-cache'}`, node, compileCache });
    const cache = compileCache ? 'compile cache on' : 'no compile cache';
    for (const measure of [pgStatusMeasure, pgCliStatusMeasure]) {
      const built = await measure(wsOn24);
      measures.push({ ...built, id: `node-24:${built.id}${suffix}`, title: `${built.title}; Node 24, ${cache}` });
    }
  }
  return measures;
}
