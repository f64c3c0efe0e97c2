/**
 * Milliseconds on a monotonic clock, for durations and deadlines. Not `performance.now()`: the
 * first use of that global loads Node's whole perf_hooks stack, about ten internal modules, which a
 * process that only opens a store or applies migrations has no other use for.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
