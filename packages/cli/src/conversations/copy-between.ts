import { ConfigurationError, type StorageBackend, type StorageConfig } from '@infer/core';
import { progressRenderer } from '../migrations/progress.js';
import { withBackend } from './backend.js';
import { type CopyResult, copyConversations } from './copy.js';
import { describeLocation, sameLocation } from './location.js';

/** `infer storage copy --json`: where from, where to, and what the copy did. */
export interface CopyReport extends CopyResult {
  /** The source's type and location (`sqlite (path=/home/me/.infer/conversations.db)`), never a credential. */
  readonly from: string;
  readonly to: string;
}

/**
 * Copies the conversations of the `source` configuration's backend into the `target`'s. The source is
 * opened read-only (a copy never creates, migrates or changes it: a SQLite source keeps its bytes,
 * its `-wal` and `-shm` and its journal mode) and refused if it has pending migrations; the target is
 * created and migrated on open like any backend.
 */
export async function copyBetween(
  source: StorageConfig,
  target: StorageConfig,
  options: { pageSize: number; progress: boolean; signal?: AbortSignal },
): Promise<CopyReport> {
  const [from, to] = [describeLocation(source), describeLocation(target)];
  if (sameLocation(source, target)) {
    throw new ConfigurationError(`the source and the target are the same store: ${from}`, {
      hint: 'pass --to a configuration file that names another database, file or key prefix',
    });
  }
  const renderer = options.progress ? progressRenderer(process.stderr, 'conversations') : undefined;
  const result = await withBackend(
    source,
    async (reader) => {
      await assertMigrated(reader, from);
      return withBackend(target, (writer) =>
        copyConversations(reader, writer, {
          pageSize: options.pageSize,
          signal: options.signal,
          onProgress: (p) => renderer?.update(p),
        }),
      );
    },
    { readOnly: true },
  ).finally(() => renderer?.stop());
  return { from, to, ...result };
}

async function assertMigrated(backend: StorageBackend, location: string): Promise<void> {
  const pending = (await backend.migrationStatus()).filter((m) => m.state === 'pending').map((m) => m.version);
  if (pending.length === 0) return;
  throw new ConfigurationError(
    `the source ${location} has pending migrations (${pending.join(', ')}), and a copy never changes its source`,
    {
      hint: 'run "infer migrate" with the source configuration first',
    },
  );
}
