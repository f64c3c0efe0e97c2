import { join } from 'node:path';
import { lastJson } from '../lib/child-output.js';
import { OPS_ENTRIES } from '../lib/conversation.js';
import { checkOps, ITERATIONS, WARMUP } from '../lib/ops-loop.js';
import { STORE_SETUP } from '../setup/stores.js';

const CONVERSATION_ID = 'bench-ops-conversation';

/** Module loading would dominate a whole process: the children time their own loop. */
const TIMING =
  `in-process: ${ITERATIONS} iterations of save + load + list after ${WARMUP} untimed ones, the child's own ` +
  `process.hrtime (ms per run of ${ITERATIONS})`;

function side(ws, store, label, script, target) {
  return {
    label,
    command: async () => {
      await store.prepare?.(target);
      return {
        argv: [ws.node, join(ws.childrenDir, script), store.type, JSON.stringify(target), CONVERSATION_ID],
        cwd: ws.root,
        env: ws.env,
      };
    },
    async verify(run) {
      return checkOps(lastJson(run.stdout)) ?? (await store.inspect(target, CONVERSATION_ID));
    },
    elapsed: (run) => lastJson(run.stdout).ms,
  };
}

async function storeMeasure(ws, type) {
  const store = { type, ...(await STORE_SETUP[type](ws)) };
  return {
    id: `storage-ops:${type}`,
    title:
      `save + load + list, one conversation of ${OPS_ENTRIES} entries, ${type} backend (in-process, ${ITERATIONS} ` +
      'iterations)',
    floorTitle:
      'the driver by hand, same statements ' +
      `(${type === 'memory' ? 'a Map, structuredClone in and out' : 'bench/src/children/stores'})`,
    target: 1.2,
    timing: TIMING,
    a: side(ws, store, `${type} backend`, 'storage-ops-ours.js', store.targets.ours),
    b: side(ws, store, `raw ${type}`, 'storage-ops-raw.js', store.targets.raw),
    teardown: store.teardown,
  };
}

/**
 * save, load and list of one conversation on each backend, through our backend against its driver
 * by hand. One measure per backend; a backend whose server is unreachable fails the whole group.
 */
export async function storageOpsMeasures(ws) {
  const measures = [];
  try {
    for (const type of Object.keys(STORE_SETUP)) measures.push(await storeMeasure(ws, type));
  } catch (error) {
    for (const measure of measures) await measure.teardown();
    throw error;
  }
  return measures;
}
