/**
 * Runs a long command (`migrate`, `storage copy`) so that Ctrl-C stops it between two whole steps:
 * the first SIGINT aborts `signal`, which the run reads before each step, and the command ends with
 * the one line saying how far it got (exit 130). A second Ctrl-C exits at once; what was under way
 * is then rolled back by the database.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
