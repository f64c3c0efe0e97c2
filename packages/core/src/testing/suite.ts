import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageBackend } from '../contract/storage-backend.js';
import { toSummary } from '../domain/conversation.js';
import { ErrorCode, isInferError } from '../errors.js';
import type { Migration } from '../migrations/migration.js';
import { checksumOf } from '../sql/checksum.js';
import { conversation, entry, minimal } from './fixtures.js';

/** The groups of the conformance suite; each can be switched off by its name. */
export type ConformanceGroup = 'roundTrip' | 'listing' | 'errors' | 'mutation' | 'titles' | 'lifecycle' | 'migrations';

export interface ConformanceOptions {
  /** Shown in the test names, e.g. `sqlite`. */
  readonly name: string;
  /** A new, empty, open backend; called before every test, closed after it. */
  readonly create: () => Promise<StorageBackend>;
  /** The backend's shipped migrations (all must be applied after `create`), or `'none'`. */
  readonly migrations: readonly Migration[] | 'none';
  /** Groups to leave out, e.g. `{ lifecycle: false }`. */
  readonly groups?: Partial<Record<ConformanceGroup, boolean>>;
}

/** Errors must be recognised by code, never by class identity across copies of `@infer/core`. */
async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected an error with code ${code}`).toBeDefined();
  expect(isInferError(error, code), `expected code ${code}, got ${String(error)}`).toBe(true);
}

/**
 * The whole `StorageBackend` contract as vitest tests. A backend package's test file is one call:
 *
 * @example
 * runConformanceSuite({
 *   name: 'sqlite',
 *   migrations: sqliteBackend.migrations,
 *   create: () => SqliteBackend.open({ config: { path: tempFile() } }),
 * });
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  const enabled = (group: ConformanceGroup) => options.groups?.[group] !== false;
  let backend: StorageBackend;

  describe(`${options.name} conforms to the StorageBackend contract`, () => {
    beforeEach(async () => {
      backend = await options.create();
    });
    afterEach(async () => {
      await backend.close();
    });

    describe.runIf(enabled('roundTrip'))('round trip', () => {
      it('loads exactly what was saved, unknown fields included', async () => {
        const saved = conversation('c-round-trip');
        await backend.save(saved);
        expect(await backend.load('c-round-trip')).toStrictEqual(saved);
      });

      it('keeps minimal metadata minimal (no fields appear that were not saved)', async () => {
        const saved = minimal('c-minimal', '2025-01-01T00:00:00Z');
        await backend.save(saved);
        expect(await backend.load('c-minimal')).toStrictEqual(saved);
      });

      it('replaces a conversation saved again under the same id', async () => {
        await backend.save(conversation('c-replace'));
        const second = conversation('c-replace', { title: 'second', tags: [] }, [entry('user', 'only one')]);
        await backend.save(second);
        expect(await backend.load('c-replace')).toStrictEqual(second);
      });

      it('stores empty, huge and unusual contents', async () => {
        const huge = 'x'.repeat(1_000_000);
        const saved = conversation('c-contents \u{1F600} "quoted" \'single\'', { title: '' }, [
          entry('user', ''),
          entry('assistant', huge),
          { message: { role: 'tool', content: [{ type: 'text', text: 'part' }], tool_call_id: 'call_1' } },
        ]);
        await backend.save(saved);
        expect(await backend.load(saved.metadata.id)).toStrictEqual(saved);
      });

      it('keeps a conversation with no entries', async () => {
        const saved = minimal('c-empty', '2025-01-01T00:00:00Z', { message_count: 0 }, 0);
        await backend.save(saved);
        expect(await backend.load('c-empty')).toStrictEqual(saved);
      });
    });

    describe.runIf(enabled('listing'))('listing', () => {
      it('lists newest first by instant, whatever the offset of the timestamp', async () => {
        await backend.save(minimal('a', '2025-06-01T10:00:00Z'));
        await backend.save(minimal('b', '2025-06-01T11:30:00+02:00'));
        await backend.save(minimal('c', '2025-06-01T10:30:00Z'));
        expect((await backend.list()).map((s) => s.id)).toEqual(['c', 'a', 'b']);
      });

      it('pages with limit and offset without gaps or repeats', async () => {
        for (let i = 0; i < 7; i++) await backend.save(minimal(`p${i}`, `2025-06-01T10:0${i}:00Z`));
        const pages = [];
        for (let offset = 0; offset < 8; offset += 3) pages.push(...(await backend.list({ limit: 3, offset })));
        expect(pages.map((s) => s.id)).toEqual(['p6', 'p5', 'p4', 'p3', 'p2', 'p1', 'p0']);
        expect(await backend.list({ limit: 2, offset: 7 })).toEqual([]);
        expect(await backend.list({ limit: 0 })).toEqual([]);
      });

      it('returns summaries: the metadata without the optimized messages', async () => {
        const saved = conversation('c-summary');
        await backend.save(saved);
        const [summary] = await backend.list();
        expect(summary).toStrictEqual(toSummary(saved.metadata));
      });
    });

    describe.runIf(enabled('errors'))('not found', () => {
      it('throws E_NOT_FOUND for load, delete and updateMetadata of a missing id', async () => {
        await expectCode(backend.load('missing'), ErrorCode.NotFound);
        await expectCode(backend.delete('missing'), ErrorCode.NotFound);
        await expectCode(
          backend.updateMetadata('missing', minimal('missing', '2025-01-01T00:00:00Z').metadata),
          ErrorCode.NotFound,
        );
      });
    });

    describe.runIf(enabled('mutation'))('delete and update', () => {
      it('deletes a conversation and only that one', async () => {
        await backend.save(minimal('keep', '2025-01-01T00:00:00Z'));
        await backend.save(conversation('gone'));
        await backend.delete('gone');
        await expectCode(backend.load('gone'), ErrorCode.NotFound);
        expect((await backend.list()).map((s) => s.id)).toEqual(['keep']);
      });

      it('updates metadata and keeps the entries', async () => {
        const saved = conversation('c-update');
        await backend.save(saved);
        const metadata = {
          ...saved.metadata,
          title: 'Renamed',
          tags: ['new'],
          updated_at: '2026-01-01T00:00:00Z',
          x_added: 1,
        };
        await backend.updateMetadata('c-update', metadata);
        expect(await backend.load('c-update')).toStrictEqual({ metadata, entries: saved.entries });
        expect((await backend.list())[0]).toStrictEqual(toSummary(metadata));
      });
    });

    describe.runIf(enabled('titles'))('titles', () => {
      it('lists conversations needing titles: not generated or invalidated, with two entries or more', async () => {
        await backend.save(minimal('untitled', '2025-01-01T00:00:03Z', { title_generated: false }));
        await backend.save(
          minimal('invalidated', '2025-01-01T00:00:02Z', { title_generated: true, title_invalidated: true }),
        );
        await backend.save(
          minimal('titled', '2025-01-01T00:00:04Z', { title_generated: true, title_invalidated: false }),
        );
        await backend.save(
          minimal('too-short', '2025-01-01T00:00:05Z', { title_generated: false, message_count: 1 }, 1),
        );
        await backend.save(minimal('never-set', '2025-01-01T00:00:01Z'));
        expect((await backend.listNeedingTitles(10)).map((s) => s.id)).toEqual([
          'untitled',
          'invalidated',
          'never-set',
        ]);
        expect((await backend.listNeedingTitles(1)).map((s) => s.id)).toEqual(['untitled']);
      });
    });

    describe.runIf(enabled('lifecycle'))('health and close', () => {
      it('is healthy while open', async () => {
        await expect(backend.health()).resolves.toBeUndefined();
      });

      it('closes idempotently and refuses work afterwards with E_CLOSED', async () => {
        await backend.close();
        await backend.close();
        await expectCode(backend.load('any'), ErrorCode.Closed);
        await expectCode(backend.save(minimal('late', '2025-01-01T00:00:00Z')), ErrorCode.Closed);
      });
    });

    describe.runIf(enabled('migrations'))('migrations', () => {
      if (options.migrations === 'none') {
        it('declares no migrations and reports none', async () => {
          expect(backend.capabilities.migrations).toBe(false);
          expect(await backend.migrationStatus()).toEqual([]);
        });
      } else {
        const shipped = options.migrations;
        const versions = shipped.map((m) => m.version).sort();
        it('has applied every shipped migration when opened', async () => {
          expect(backend.capabilities.migrations).toBe(true);
          const status = await backend.migrationStatus();
          expect(status.map((s) => [s.version, s.state])).toEqual(versions.map((v) => [v, 'applied']));
        });
        it('declares, where a SQL migration declares a checksum, the checksum of its text', () => {
          const declared = shipped.filter((m) => typeof m.up === 'string' && m.checksum !== undefined);
          const actual = declared.map((m) => ({ version: m.version, checksum: checksumOf(m.up as string) }));
          expect(declared.map((m) => ({ version: m.version, checksum: m.checksum }))).toEqual(actual);
        });
      }
    });
  });
}
