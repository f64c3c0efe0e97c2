import { ErrorCode, type InferError, isInferError } from '@infer/core';
import { minimal } from '@infer/core/testing';
import { ThrowawayPostgres } from '@infer/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresBackend } from '../src/index.js';
import { postgresEnabled } from '@infer/test-servers/postgres';

const PASSWORD = 'Frozen-Pg-Pw-5q!';
const QUERY_TIMEOUT_S = 1;

async function failureOf(promise: Promise<unknown>): Promise<{ error: InferError; ms: number }> {
  const start = performance.now();
  const error = await promise.then(
    () => expect.fail('expected the operation to fail'),
    (e: unknown) => e,
  );
  return { error: error as InferError, ms: performance.now() - start };
}

/**
 * A server that accepts connections and answers nothing (every server process stopped with
 * SIGSTOP, as a hung host): each storage operation fails at `query_timeout` with one line, and the
 * same backend works again once the server answers, its stuck connections dropped, not reused.
 */
describe.runIf(postgresEnabled)('PostgreSQL storage against a frozen server', () => {
  let server: ThrowawayPostgres;
  let backend: PostgresBackend;
  beforeAll(async () => {
    server = await ThrowawayPostgres.start({ user: 'infer_frozen', password: PASSWORD });
    const config = {
      host: server.host,
      port: server.port,
      database: 'postgres',
      username: 'infer_frozen',
      password: PASSWORD,
      ssl_mode: 'disable' as const,
    };
    backend = await PostgresBackend.open({ config: { ...config, query_timeout: QUERY_TIMEOUT_S } });
  }, 60_000);
  afterAll(async () => {
    server?.thaw();
    await backend?.close();
    await server?.stop();
  });

  const expectNoAnswer = (error: InferError, ms: number) => {
    expect(isInferError(error, ErrorCode.Connection), String(error)).toBe(true);
    expect(error.message).toBe(
      `no answer from PostgreSQL at 127.0.0.1:${server.port}, database "postgres": nothing within 1 s (query_timeout)`,
    );
    expect(error.hint).toContain('storage.postgres.query_timeout');
    expect(JSON.stringify({ message: error.message, hint: error.hint })).not.toContain(PASSWORD);
    expect(ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_S * 1000 - 50);
    expect(ms).toBeLessThan(QUERY_TIMEOUT_S * 1000 + 1500);
  };

  it('load, list, delete, updateMetadata, health and save each fail at the deadline with one line', async () => {
    await backend.save(minimal('kept', '2025-01-01T00:00:00Z'));
    // An idle connection for each operation: each timed-out one is dropped, and a new connection to
    // a frozen server would fail at connect_timeout instead (the next test's recovery shows that).
    await Promise.all(Array.from({ length: 6 }, () => backend.load('kept')));
    server.freeze();
    try {
      for (const operation of [
        () => backend.load('kept'),
        () => backend.list(),
        () => backend.delete('kept'),
        () => backend.updateMetadata('kept', minimal('kept', '2025-01-02T00:00:00Z').metadata),
        () => backend.health(),
        () => backend.save(minimal('late', '2025-01-03T00:00:00Z')),
      ]) {
        const { error, ms } = await failureOf(operation());
        expectNoAnswer(error, ms);
      }
    } finally {
      server.thaw();
    }
    // The writes reached the server before it froze: it may run them once it answers again (a
    // client cannot call a statement back), each whole or not at all; the backend works on.
    const late = minimal('late', '2025-01-03T00:00:00Z');
    const listed = await backend.list();
    expect(listed.map((s) => s.id).filter((id) => id !== 'kept' && id !== 'late')).toEqual([]);
    const kept = listed.find((s) => s.id === 'kept');
    if (kept) expect(['2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z']).toContain(kept.updated_at);
    if (listed.some((s) => s.id === 'late')) expect(await backend.load('late')).toEqual(late);
    await backend.save(minimal('after-thaw', '2025-01-04T00:00:00Z'));
    expect((await backend.load('after-thaw')).metadata.id).toBe('after-thaw');
  });

  it('an unanswered save is committed whole or not at all once the server answers; the pool recovers', async () => {
    const before = minimal('busy', '2025-02-01T00:00:00Z', {}, 3);
    const after = minimal('busy', '2025-02-02T00:00:00Z', {}, 40);
    await backend.save(before);
    server.freeze();
    try {
      const { error, ms } = await failureOf(backend.save(after));
      expectNoAnswer(error, ms);
    } finally {
      server.thaw();
    }
    expect([before, after]).toContainEqual(await backend.load('busy'));
    const ids = Array.from({ length: 20 }, (_, i) => `again-${i}`);
    for (const id of ids) await backend.save(minimal(id, '2025-03-01T00:00:00Z'));
    expect((await backend.list({ limit: 100 })).map((s) => s.id)).toEqual(expect.arrayContaining(ids));
  });
});
