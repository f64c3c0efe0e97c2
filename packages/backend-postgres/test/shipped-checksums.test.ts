import { checksumOf } from '@infer/core/sql';
import { describe, expect, it } from 'vitest';
import { postgresMigrations } from '../src/index.js';

// The conformance suite checks this too, but only where a PostgreSQL server runs the tests.
describe('the shipped PostgreSQL migrations', () => {
  it('each declare the checksum of their SQL, so that opening a database hashes nothing', () => {
    const declared = postgresMigrations.map((m) => ({ version: m.version, checksum: m.checksum }));
    expect(declared).toEqual(
      postgresMigrations.map((m) => ({ version: m.version, checksum: checksumOf(m.up as string) })),
    );
  });
});
