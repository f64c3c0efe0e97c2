import { benchConversation, canonical, OPS_ENTRIES } from './conversation.js';

/** Timed iterations per run, after WARMUP untimed ones; both sides run the same loop. */
export const ITERATIONS = 200;
export const WARMUP = 50;

/**
 * The storage-ops loop both sides of the measure run in their own process: save, load and list
 * one conversation, WARMUP times untimed, then ITERATIONS times under process.hrtime. `store` is a
 * backend of ours or a floor with the same three methods and `close`. Returns the time and what
 * the last iteration read, for the harness to verify.
 */
export async function runOps(store, id) {
  const conversation = benchConversation(id);
  const once = async () => {
    await store.save(conversation);
    return { loaded: await store.load(id), listed: await store.list() };
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const started = process.hrtime.bigint();
  let last;
  for (let i = 0; i < ITERATIONS; i++) last = await once();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await store.close();
  const { optimized_messages: _, ...summary } = conversation.metadata;
  return {
    ms,
    iterations: ITERATIONS,
    entries: last.loaded.entries.length,
    loadedSame: canonical(last.loaded) === canonical(conversation),
    listed: last.listed.length,
    listedSame: canonical(last.listed[0]) === canonical(summary),
  };
}

/** What the harness checks in a child's report; a problem string, or undefined. */
export function checkOps(report) {
  if (report.iterations !== ITERATIONS) return `ran ${report.iterations} iterations, expected ${ITERATIONS}`;
  if (report.entries !== OPS_ENTRIES || !report.loadedSame)
    return `load returned ${report.entries} entries, same as saved: ${report.loadedSame}`;
  if (report.listed !== 1 || !report.listedSame)
    return `list returned ${report.listed} summaries, the saved one: ${report.listedSame}`;
  return undefined;
}
