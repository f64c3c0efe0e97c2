import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendCapabilities } from '../contract/capabilities.js';
import type { StorageBackend } from '../contract/storage-backend.js';
import { toSummary } from '../domain/conversation.js';
import { ErrorCode } from '../errors.js';
import type { BackendSuiteOptions } from './backend-suite.js';
import { conversation, entry, minimal } from './fixtures.js';
import { keysetTests } from './keyset-tests.js';
import { configFor } from './section-config.js';
import { expectCode, rejection } from './suite-support.js';

/** Errors are recognised by code, never by class identity across copies of `@infer/core`. */
const rejectsWith = async (promise: Promise<unknown>, code: ErrorCode) => expectCode(await rejection(promise), code);

/**
 * The whole `StorageBackend` contract as vitest tests, on backends opened through the descriptor,
 * plus the checks of what the backend declares: its migrations applied on open, and its data
 * outliving a close (`persistent`), its pages continuing after an id (`keysetPagination`).
 */
export function contractGroup<Section extends object, Config>(
  options: BackendSuiteOptions<Section, Config>,
  capabilities: BackendCapabilities,
): void {
  const { descriptor } = options;
  let section: Section;
  let backend: StorageBackend;
  const open = async () => descriptor.open(await configFor(descriptor, section));

  beforeEach(async () => {
    section = await options.newStorage();
    backend = await open();
  });
  afterEach(async () => {
    await backend.close();
  });

  describe('round trip', () => {
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

  describe('listing', () => {
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

  if (capabilities.keysetPagination) keysetTests(() => backend);

  describe('not found', () => {
    it('throws E_NOT_FOUND for load, delete and updateMetadata of a missing id', async () => {
      await rejectsWith(backend.load('missing'), ErrorCode.NotFound);
      await rejectsWith(backend.delete('missing'), ErrorCode.NotFound);
      await rejectsWith(
        backend.updateMetadata('missing', minimal('missing', '2025-01-01T00:00:00Z').metadata),
        ErrorCode.NotFound,
      );
    });
  });

  describe('delete and update', () => {
    it('deletes a conversation and only that one', async () => {
      await backend.save(minimal('keep', '2025-01-01T00:00:00Z'));
      await backend.save(conversation('gone'));
      await backend.delete('gone');
      await rejectsWith(backend.load('gone'), ErrorCode.NotFound);
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

  describe('titles', () => {
    it('lists conversations needing titles: not generated or invalidated, with two entries or more', async () => {
      await backend.save(minimal('untitled', '2025-01-01T00:00:03Z', { title_generated: false }));
      await backend.save(
        minimal('invalidated', '2025-01-01T00:00:02Z', { title_generated: true, title_invalidated: true }),
      );
      await backend.save(
        minimal('titled', '2025-01-01T00:00:04Z', { title_generated: true, title_invalidated: false }),
      );
      await backend.save(minimal('too-short', '2025-01-01T00:00:05Z', { title_generated: false, message_count: 1 }, 1));
      await backend.save(minimal('never-set', '2025-01-01T00:00:01Z'));
      expect((await backend.listNeedingTitles(10)).map((s) => s.id)).toEqual(['untitled', 'invalidated', 'never-set']);
      expect((await backend.listNeedingTitles(1)).map((s) => s.id)).toEqual(['untitled']);
    });
  });

  describe('health and close', () => {
    it('is healthy while open', async () => {
      await expect(backend.health()).resolves.toBeUndefined();
    });

    it('closes idempotently and refuses work afterwards with E_CLOSED', async () => {
      await backend.close();
      await backend.close();
      await rejectsWith(backend.load('any'), ErrorCode.Closed);
      await rejectsWith(backend.save(minimal('late', '2025-01-01T00:00:00Z')), ErrorCode.Closed);
    });
  });

  describe('capabilities', () => {
    it('reports the capabilities its descriptor declares', () => {
      expect(backend.capabilities).toEqual(capabilities);
    });

    if (descriptor.migrations === 'none') {
      it('declares no migrations and reports none', async () => {
        expect(await backend.migrationStatus()).toEqual([]);
      });
    } else {
      const versions = descriptor.migrations.map((m) => m.version).sort();
      it('has applied every shipped migration when opened', async () => {
        const status = await backend.migrationStatus();
        expect(status.map((s) => [s.version, s.state])).toEqual(versions.map((v) => [v, 'applied']));
      });
    }

    it.runIf(capabilities.persistent)('keeps what it saved after a close, for a backend opened anew', async () => {
      const saved = conversation('c-persistent');
      await backend.save(saved);
      await backend.close();
      backend = await open();
      expect(await backend.load('c-persistent')).toStrictEqual(saved);
    });
  });
}
