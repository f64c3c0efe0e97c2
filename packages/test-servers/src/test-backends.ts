/** Every backend the test suites exercise; the servers some of them need are in `servers.ts`. */
export const TEST_BACKENDS = ['sqlite', 'memory', 'postgres', 'redis', 'mariadb'] as const;

/**
 * The backends whose tests run: `INFER_TEST_BACKENDS` (comma-separated, e.g. `sqlite,memory` for a
 * machine without the servers), or every one of them when it is unset, as in CI.
 */
export function testBackends(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env.INFER_TEST_BACKENDS;
  if (listed === undefined) return [...TEST_BACKENDS];
  return listed
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** Whether the tests of `backend` run (see {@link testBackends}). */
export function testsUse(backend: string): boolean {
  return testBackends().includes(backend);
}

/** One line for each name in INFER_TEST_BACKENDS that is no backend of the tests (a typo skips them). */
export function unknownBackendLines(env: NodeJS.ProcessEnv = process.env): string[] {
  const known: readonly string[] = TEST_BACKENDS;
  return testBackends(env)
    .filter((name) => !known.includes(name))
    .map(
      (name) =>
        `Error: INFER_TEST_BACKENDS names "${name}", which is no backend of the tests. ` +
        `Fix: choose among ${TEST_BACKENDS.join(', ')}`,
    );
}
