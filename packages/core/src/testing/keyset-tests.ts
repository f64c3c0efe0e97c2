import { describe, expect, it } from 'vitest';
import type { ListOptions, StorageBackend } from '../contract/storage-backend.js';
import { ErrorCode } from '../errors.js';
import { minimal } from './fixtures.js';
import { expectCode, rejection } from './suite-support.js';

/**
 * 27 conversations: ten updated at one instant written four ways (three UTC offsets, a fraction),
 * the rest on later days with offsets from +00:00 to +03:00, so that pages cut through ties.
 */
const TIMESTAMPS = [
  ...['2025-06-01T10:00:00Z', '2025-06-01T12:00:00+02:00', '2025-06-01T05:30:00-04:30'].flatMap((t) => [t, t, t]),
  '2025-06-01T10:00:00.000Z',
  ...Array.from({ length: 17 }, (_, i) => `2025-06-0${2 + (i % 8)}T0${i % 3}:15:00+0${i % 4}:00`),
];

/** Every summary id, in pages of `limit`, each page's options after the first given by `next`. */
async function pagedIds(
  backend: StorageBackend,
  limit: number,
  next: (page: readonly { id: string }[], read: number) => ListOptions,
): Promise<string[]> {
  const ids: string[] = [];
  let options: ListOptions = { limit };
  for (;;) {
    const page = await backend.list(options);
    ids.push(...page.map((summary) => summary.id));
    if (page.length < limit) return ids;
    options = { limit, ...next(page, ids.length) };
  }
}

/**
 * `list({ after })` for a backend that declares `keysetPagination`: the same sequence as paging
 * with `offset`, ties and UTC offsets included; a gone cursor and `after` with `offset` refused.
 */
export function keysetTests(backend: () => StorageBackend): void {
  describe('keyset pagination', () => {
    const seed = async () => {
      const ids = TIMESTAMPS.map((_, i) => `k${String(i).padStart(2, '0')}`);
      for (const [i, id] of ids.entries()) await backend().save(minimal(id, TIMESTAMPS[i]!));
      return ids;
    };

    it('pages with after through the same sequence as with offset, ties and UTC offsets included', async () => {
      const ids = await seed();
      for (const limit of [1, 4, 7]) {
        const byOffset = await pagedIds(backend(), limit, (_, read) => ({ offset: read }));
        const byAfter = await pagedIds(backend(), limit, (page) => ({ after: page.at(-1)!.id }));
        expect(byOffset.toSorted()).toEqual(ids);
        expect(byAfter).toEqual(byOffset);
      }
      const all = await backend().list({ limit: ids.length });
      expect(await backend().list({ after: all.at(-1)!.id })).toEqual([]);
      expect(await backend().list({ after: all[2]!.id, limit: 3 })).toEqual(all.slice(3, 6));
    });

    it('throws E_NOT_FOUND for an after id that is not stored, or no longer', async () => {
      await seed();
      expectCode(await rejection(backend().list({ after: 'missing' })), ErrorCode.NotFound);
      await backend().delete('k05');
      const error = await rejection(backend().list({ after: 'k05', limit: 3 }));
      expectCode(error, ErrorCode.NotFound);
      expect(error.message).toMatch(/page cursor no longer exists/);
    });

    it('refuses after together with an offset other than 0 (E_CONFIG)', async () => {
      await seed();
      expectCode(await rejection(backend().list({ after: 'k01', offset: 2 })), ErrorCode.Configuration);
      const all = await backend().list({ limit: 100 });
      const at = all.findIndex((summary) => summary.id === 'k01');
      expect(await backend().list({ after: 'k01', offset: 0, limit: 3 })).toEqual(all.slice(at + 1, at + 4));
    });
  });
}
