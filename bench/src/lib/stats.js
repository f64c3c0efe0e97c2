/** Order statistics over plain number arrays (milliseconds or ratios). */

export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export const median = (values) => quantile(values, 0.5);

/** Median, quartiles and extremes of one sample. */
export function summarize(values) {
  return {
    n: values.length,
    median: median(values),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/**
 * Compares a command with its floor from runs taken in alternation (pair i = a[i], b[i]).
 * The median of per-pair ratios cancels drift that affects both members of a pair; the ratio of
 * medians is the plain comparison. Both are reported; the verdict uses the worse of the two.
 */
export function compare(aTimes, bTimes) {
  const pairs = aTimes.map((a, i) => a / bTimes[i]);
  const a = summarize(aTimes);
  const b = summarize(bTimes);
  const pairRatio = summarize(pairs);
  return {
    a,
    b,
    pairRatio,
    ratioOfMedians: a.median / b.median,
    worstRatio: Math.max(pairRatio.median, a.median / b.median),
  };
}
