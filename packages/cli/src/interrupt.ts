/** What a long command hands its run so that Ctrl-C stops it between two whole steps. */
export interface Interruption {
  /** Aborted by the first Ctrl-C once armed; the run reads it before each step. */
  readonly signal: AbortSignal;
  /**
   * From now on the first Ctrl-C stops the run between two steps. Until then Ctrl-C ends the
   * process at once, as it always does: a synchronous step such as SQLite's backup would not see
   * the signal before it ends, and nothing has been written yet.
   */
  arm(): void;
}

/**
 * Runs a long command (`migrate`, `storage copy`) so that Ctrl-C stops it between two whole steps:
 * the first SIGINT once armed aborts `signal`, and the command ends with the one line saying how
 * far it got (exit 130). A second Ctrl-C exits at once; what was under way is then rolled back by
 * the database. `armed: false` leaves arming to the run (after its backup).
 */
export async function interruptible<T>(
  work: (interruption: Interruption) => Promise<T>,
  options: { armed?: boolean } = {},
): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  let armed = false;
  const arm = (): void => {
    if (armed) return;
    armed = true;
    process.on('SIGINT', onInterrupt);
  };
  if (options.armed !== false) arm();
  try {
    return await work({ signal: controller.signal, arm });
  } finally {
    if (armed) process.off('SIGINT', onInterrupt);
  }
}
