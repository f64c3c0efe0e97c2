import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import { type Conversation, ErrorCode, type StorageBackend, isInferError } from '@infer/core';
import { conversation, entry } from '@infer/core/testing';
import { expect } from 'vitest';

/** One operation of a busy backend: what it was, how long it took, and its error if it failed. */
export interface Operation {
  readonly kind: 'save' | 'load' | 'list';
  /** The conversation a save wrote. */
  readonly saved?: Conversation;
  readonly ms: number;
  readonly error?: unknown;
}

/** A conversation of `entries` entries with a few KB of text each: a save takes a few milliseconds. */
export function sizeable(id: string, entries = 40): Conversation {
  const text = `${id} `.repeat(300);
  return conversation(
    id,
    {},
    Array.from({ length: entries }, (_, i) => entry(i % 2 ? 'assistant' : 'user', `${i}: ${text}`)),
  );
}

/**
 * `writers` loops saving new conversations one after another, and one loop listing and loading
 * what was saved, until `stop()`; every operation's outcome is kept, failures included.
 */
export function keepBusy(
  backend: StorageBackend,
  writers: number,
): { operations: Operation[]; stop(): Promise<Operation[]> } {
  const operations: Operation[] = [];
  let stopping = false;
  const timed = async (kind: Operation['kind'], work: () => Promise<unknown>, saved?: Conversation) => {
    const started = performance.now();
    try {
      await work();
      operations.push({ kind, saved, ms: performance.now() - started });
    } catch (error) {
      operations.push({ kind, saved, ms: performance.now() - started, error });
      await sleep(10); // a server that is down fails at once: no need for thousands of failures
    }
  };
  const writing = Array.from({ length: writers }, async (_, writer) => {
    for (let n = 0; !stopping; n++) {
      const saved = sizeable(`w${writer}-${n}`);
      await timed('save', () => backend.save(structuredClone(saved)), saved);
    }
  });
  const reading = (async () => {
    while (!stopping) {
      await timed('list', () => backend.list({ limit: 20 }));
      const last = operations.findLast((op) => op.kind === 'save' && op.error === undefined)?.saved;
      if (last) await timed('load', () => backend.load(last.metadata.id));
    }
  })();
  return {
    operations,
    async stop() {
      stopping = true;
      await Promise.all([...writing, reading]);
      return operations;
    },
  };
}

/**
 * Every failed operation is a one-line `E_CONNECTION` error containing each of `names`, with a
 * hint, no trace of `secret` anywhere in it (causes included), and it failed within `limitMs`.
 * Returns how many failed.
 */
export function expectClearConnectionFailures(
  operations: readonly Operation[],
  names: readonly string[],
  secret: string,
  limitMs: number,
): number {
  const failed = operations.filter((op) => op.error !== undefined);
  for (const { kind, error, ms } of failed) {
    expect(isInferError(error, ErrorCode.Connection), `${kind}: ${String(error)}`).toBe(true);
    const { message, hint } = error as Error & { hint?: string };
    expect(message).not.toMatch(/\n/);
    for (const name of names) expect(message).toContain(name);
    expect(hint).toBeTruthy();
    expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(secret);
    expect(ms, `${kind} took ${Math.round(ms)} ms to fail`).toBeLessThan(limitMs);
  }
  return failed.length;
}

/**
 * Nothing is partly written: every save that succeeded loads back equal, every one that failed
 * loads back equal or not at all (its commit may have landed before the connection went), and
 * the listing holds exactly the conversations that load.
 */
export async function expectWholeOrAbsent(
  backend: StorageBackend,
  operations: readonly Operation[],
): Promise<{ saved: number; failedButKept: number }> {
  const present = new Set<string>();
  let failedButKept = 0;
  for (const { saved, error } of operations) {
    if (!saved) continue;
    const id = saved.metadata.id;
    const loaded = await backend.load(id).catch((e: unknown) => {
      if (error !== undefined && isInferError(e, ErrorCode.NotFound)) return undefined;
      throw e;
    });
    if (loaded === undefined) continue;
    expect(loaded, id).toStrictEqual(saved);
    present.add(id);
    if (error !== undefined) failedButKept++;
  }
  const listed = await backend.list({ limit: 100_000 });
  expect(listed.map((s) => s.id).sort()).toEqual([...present].sort());
  return { saved: present.size, failedButKept };
}
