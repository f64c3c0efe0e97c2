import { ErrorCode, isInferError } from '@infer/core';
import { minimal } from '@infer/core/testing';
import { describe, expect, it } from 'vitest';
import { SqliteBackend } from '../src/index.js';
import { holdWriteLock } from '@infer/test-servers/sqlite';
import { tempDatabasePath } from './helpers.js';

/** The process warnings emitted while `work` runs, with when each came. */
async function warningsDuring(
  work: () => Promise<unknown>,
): Promise<{ warnings: { at: number; message: string }[]; error: unknown; ms: number }> {
  const started = performance.now();
  const warnings: { at: number; message: string }[] = [];
  const listener = (warning: Error) => warnings.push({ at: performance.now() - started, message: warning.message });
  process.on('warning', listener);
  try {
    const error = await work().then(
      () => undefined,
      (e: unknown) => e,
    );
    return { warnings, error, ms: performance.now() - started };
  } finally {
    process.off('warning', listener);
  }
}

describe('a write while another process holds the database', () => {
  it('warns once, at the first second, then fails at busyTimeoutMs with E_LOCK_TIMEOUT', async () => {
    const path = tempDatabasePath();
    const backend = await SqliteBackend.open({ config: { path, busy_timeout: 2.5 } });
    await holdWriteLock(path, 60_000);
    const { warnings, error, ms } = await warningsDuring(() =>
      backend.save(minimal('blocked', '2026-01-01T00:00:00Z')),
    );
    await backend.close();
    expect(isInferError(error, ErrorCode.LockTimeout), String(error)).toBe(true);
    expect(String((error as Error).message)).toContain(
      'another process (the Inference Gateway CLI or another infer) held SQLite database',
    );
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/is locked by another process; waiting up to 2\.5 s for it$/),
    ]);
    // Emitted while waiting (synchronously, at the first second), not after the wait ended.
    expect(warnings[0]!.at).toBeGreaterThanOrEqual(900);
    expect(warnings[0]!.at).toBeLessThan(ms - 1000);
    expect(ms).toBeGreaterThanOrEqual(2400);
  });

  it('a lock released within the wait: the write goes through', async () => {
    const path = tempDatabasePath();
    const backend = await SqliteBackend.open({ config: { path, busy_timeout: 10 } });
    await holdWriteLock(path, 1800);
    const { warnings, error } = await warningsDuring(() => backend.save(minimal('waited', '2026-01-01T00:00:00Z')));
    expect(error).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect((await backend.load('waited')).metadata.id).toBe('waited');
    await backend.close();
  });
});
