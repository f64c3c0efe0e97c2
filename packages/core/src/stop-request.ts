import { monotonicMs } from './clock.js';

/** How often a loop of synchronous work lets a signal handler run. */
const TURN_EVERY_MS = 50;
let lastTurn = 0;

/**
 * Whether `signal` asks a long run to stop before its next step. A SIGINT handler runs only in a
 * turn of the event loop, which a loop over a synchronous driver (better-sqlite3) never gives:
 * this gives one, at most every 50 ms, before reading the signal.
 */
export async function stopRequested(signal: AbortSignal | undefined): Promise<boolean> {
  if (!signal) return false;
  if (monotonicMs() - lastTurn >= TURN_EVERY_MS) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastTurn = monotonicMs();
  }
  return signal.aborted;
}
