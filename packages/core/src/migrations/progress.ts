import type { ProgressSink } from './data-context.js';
import type { MigrationEventListener } from './events.js';
import { monotonicMs } from '../clock.js';

/** At most this many progress events per second, plus the last one: a 1M-row update stays cheap. */
const INTERVAL_MS = 100;

/**
 * Turns a data migration's `done`/`total` counts into `migration:progress` events with a rate and
 * an ETA, throttled, and never going backwards.
 */
export function progressReporter(
  migration: { readonly version: string; readonly description: string },
  onEvent: MigrationEventListener,
  now: () => number = monotonicMs,
): ProgressSink {
  const started = now();
  let emittedAt = -Infinity;
  let emittedDone = -1;
  let seenDone = -1;
  return (done, total) => {
    if (done < seenDone) return;
    seenDone = done;
    const time = now();
    const finished = total !== undefined && done >= total;
    if (done === emittedDone) return;
    if (!finished && emittedDone >= 0 && time - emittedAt < INTERVAL_MS) return;
    emittedAt = time;
    emittedDone = done;
    const elapsed = Math.max(time - started, 1e-3);
    const ratePerSecond = (done * 1000) / elapsed;
    const left = total === undefined ? undefined : Math.max(total - done, 0);
    const eta = left !== undefined && ratePerSecond > 0 ? { etaMs: (left / ratePerSecond) * 1000 } : {};
    const known = total === undefined ? {} : { total };
    onEvent({
      type: 'migration:progress',
      version: migration.version,
      description: migration.description,
      done,
      ...known,
      ratePerSecond,
      ...eta,
    });
  };
}
