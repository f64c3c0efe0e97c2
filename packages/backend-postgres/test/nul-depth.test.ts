import { DOCUMENT_LIMITS, nestedTooDeep } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { ESCAPED_KEY, restored, storable } from '../src/nul.js';

/** A stored metadata document marked as escaped, nested `depth` levels below its top. */
function markedAndDeep(depth: number): Record<string, unknown> {
  let value: unknown = 'bottom%00';
  for (let i = 0; i < depth; i++) value = { inner: value };
  return { ...storable({ id: 'x', title: 'nul \u0000' }), nested: value };
}

describe('documents escaped for U+0000, beyond the depth limit', () => {
  it('restores one within the limit, and leaves one beyond it as stored, never overflowing the stack', () => {
    const within = markedAndDeep(5);
    expect(within[ESCAPED_KEY]).toBeDefined();
    expect(restored(within)).toMatchObject({ title: 'nul \u0000' });
    const beyond = markedAndDeep(200_000);
    expect(nestedTooDeep(beyond)).toBe(true);
    expect(() => restored(beyond)).not.toThrow();
    expect(restored(beyond)).toBe(beyond);
    expect(DOCUMENT_LIMITS.maxDepth).toBeLessThan(200_000);
  });
});
