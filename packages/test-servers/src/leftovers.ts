/**
 * Nothing a test starts is left behind: not a server whose start failed, and not, when the test
 * process ends without cleaning up (a crashed or interrupted run), servers still running or their
 * directories. Each exit entry runs once, synchronously, unless the test cleaned up itself.
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

/** `server` started; when starting fails, removed (the caller never gets it, so it could not clean up). */
export async function startedOrRemoved<S extends { restart(): Promise<void>; stop(): Promise<void> }>(
  server: S,
): Promise<S> {
  try {
    await server.restart();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Registers `cleanup` for process exit; call the returned function once it is no longer needed. */
export function cleanUpAtExit(cleanup: () => void): () => void {
  atExit.add(cleanup);
  return () => atExit.delete(cleanup);
}
