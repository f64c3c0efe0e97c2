/**
 * What must not outlive the test process even when it ends without cleaning up (a crashed or
 * interrupted run): servers still running, their directories. Each entry runs once, synchronously,
 * at process exit, unless it was removed because the test cleaned up itself.
 */
const atExit = new Set<() => void>();

process.once('exit', () => {
  for (const cleanup of atExit) {
    try {
      cleanup();
    } catch {
      // Best effort: the process is ending, and one leftover must not keep the others.
    }
  }
});

/** Registers `cleanup` for process exit; call the returned function once it is no longer needed. */
export function cleanUpAtExit(cleanup: () => void): () => void {
  atExit.add(cleanup);
  return () => atExit.delete(cleanup);
}
