import { expect } from 'vitest';
import { expectOneLineError } from '@infer/test-servers/cli';
import type { Exit } from '@infer/test-servers';

/**
 * How a run that a server fault ended must look: exit `code`, exactly one `Error: … Fix: …` line on
 * stderr that contains each of `names` (host:port, database…), no stack, and no trace of any of
 * `secrets` on stdout or stderr.
 */
export function expectClearFailure(
  exit: Exit,
  code: number,
  names: readonly (string | RegExp)[],
  secrets: readonly string[],
): void {
  expectOneLineError(exit, code, ...names);
  expect(exit.stderr).toMatch(/ Fix: /);
  for (const secret of secrets) {
    expect(exit.stdout, 'stdout shows a secret').not.toContain(secret);
    expect(exit.stderr, 'stderr shows a secret').not.toContain(secret);
  }
}

/** Milliseconds from `start` (a `performance.now()`) until `promise` settles, and its value. */
export async function timed<T>(start: number, promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const value = await promise;
  return { value, ms: performance.now() - start };
}
