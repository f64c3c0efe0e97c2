import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_LIMITS,
  type DocumentLimitError,
  ErrorCode,
  assertDepthWithinLimit,
  isInferError,
  nestedTooDeep,
} from '../src/index.js';
import { assertSizeWithinLimit } from '../src/kit/index.js';

/** `depth` levels of arrays and objects, alternating, around a string. */
function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = level % 2 ? { inner: value } : [value];
  return value;
}

describe('DOCUMENT_LIMITS', () => {
  it('counts arrays and objects, not scalars: exactly the limit passes, one more does not', () => {
    expect(nestedTooDeep(nested(DOCUMENT_LIMITS.maxDepth))).toBe(false);
    expect(nestedTooDeep(nested(DOCUMENT_LIMITS.maxDepth + 1))).toBe(true);
    expect(nestedTooDeep('text')).toBe(false);
    expect(nestedTooDeep(null)).toBe(false);
  });

  it('measures 200 000 levels without overflowing the stack (no recursion)', () => {
    expect(nestedTooDeep(JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)))).toBe(true);
  });

  it('finds a deep branch beside wide shallow ones', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => ({ i, tags: ['a', 'b'] }));
    expect(nestedTooDeep({ wide, deep: nested(DOCUMENT_LIMITS.maxDepth) })).toBe(true);
    expect(nestedTooDeep({ wide })).toBe(false);
  });

  it('refuses by code, naming the conversation and the limit, with a fix', () => {
    const refuse = (check: () => void) => {
      try {
        check();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const deep = refuse(() => assertDepthWithinLimit('c-1', { ok: true }, nested(DOCUMENT_LIMITS.maxDepth + 1)));
    expect(isInferError(deep, ErrorCode.DocumentLimit)).toBe(true);
    expect(deep).toMatchObject({
      id: 'c-1',
      limit: 'depth',
      message: 'conversation c-1 is nested deeper than 100 levels, so it is not read',
    });
    expect((deep as DocumentLimitError).hint).toContain('infer conversations delete c-1 --yes');
    const large = refuse(() => assertSizeWithinLimit('c-2', DOCUMENT_LIMITS.maxBytes + 1));
    expect(large).toMatchObject({
      code: 'E_DOCUMENT_LIMIT',
      id: 'c-2',
      limit: 'size',
      message:
        `conversation c-2 is stored as ${DOCUMENT_LIMITS.maxBytes + 1} bytes of JSON, more than the limit of 64 ` +
        'MiB, so it is not read',
    });
    expect(refuse(() => assertSizeWithinLimit('c-3', DOCUMENT_LIMITS.maxBytes))).toBeUndefined();
    expect(refuse(() => assertDepthWithinLimit('c-4', nested(DOCUMENT_LIMITS.maxDepth)))).toBeUndefined();
  });
});
