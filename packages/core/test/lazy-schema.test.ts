import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { lazySchema } from '../src/kit/index.js';

describe('lazySchema', () => {
  it('loads the real schema on first validation only, once', async () => {
    let loads = 0;
    const schema = lazySchema(async () => {
      loads++;
      return v.strictObject({ path: v.optional(v.string(), '/d') });
    });
    expect(loads).toBe(0);
    expect(await schema['~standard'].validate({})).toMatchObject({ value: { path: '/d' } });
    expect(await schema['~standard'].validate({ path: 1 })).toMatchObject({
      issues: [{ message: expect.stringContaining('Expected string') }],
    });
    expect(loads).toBe(1);
  });
});
