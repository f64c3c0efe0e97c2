import {
  ErrorCode,
  InferError,
  InterruptedError,
  type MigrationProgress,
  type StorageBackend,
  instantOf,
  isInferError,
  progressReporter,
  stopRequested,
  counted,
} from '@infer/core';
import { loadWithinLimits } from './limits.js';

/** What a copy did. */
export interface CopyResult {
  /** Conversations in the source (as listed when the copy started). */
  readonly sourceConversations: number;
  /** Conversations in the target after the copy. */
  readonly targetConversations: number;
  /** Missing from the target, or older there (by `updated_at`): saved to the target. */
  readonly copied: number;
  /** Already in the target with the same `updated_at`. */
  readonly skipped: number;
  /** Newer in the target than in the source: left as they are. */
  readonly newerInTarget: readonly string[];
  /** Beyond the documented limits (core's DOCUMENT_LIMITS) in the source: not read, not copied. */
  readonly beyondLimits: readonly string[];
  /** Every source id was found in the target afterwards. */
  readonly verified: true;
}

export interface CopyOptions {
  /** Conversations per `list` page. */
  readonly pageSize: number;
  readonly onProgress?: (progress: MigrationProgress) => void;
  /** Aborted (Ctrl-C): stops before the next conversation with an `InterruptedError` saying how far it got. */
  readonly signal?: AbortSignal;
}

/** Shown by the error when the target lacks conversations after the copy. */
const MISSING_SHOWN = 5;

/**
 * Copies every conversation of `source` that the target lacks or holds an older version of, page by
 * page, and checks at the end that every source id is in the target. The source is only read (list
 * and load), so a copy that stops half-way is simply run again: what arrived is skipped. A source
 * conversation beyond the documented limits is left out, named in `beyondLimits`, and the rest copied.
 */
export async function copyConversations(
  source: StorageBackend,
  target: StorageBackend,
  options: CopyOptions,
): Promise<CopyResult> {
  const wanted = await updatedAtById(source, options.pageSize);
  const existing = await updatedAtById(target, options.pageSize);
  const progress = progressReporter({ version: 'copy', description: 'Copy conversations' }, (event) => {
    if (event.type === 'migration:progress') options.onProgress?.(event);
  });
  let copied = 0;
  let skipped = 0;
  const newerInTarget: string[] = [];
  const beyondLimits: string[] = [];
  let done = 0;
  const total = wanted.size;
  progress(0, total);
  for (const [id, updatedAt] of wanted) {
    if (await stopRequested(options.signal)) throw interrupted(done, total, copied);
    const order = compareUpdated(existing.get(id), updatedAt);
    if (order === 'same') skipped++;
    else if (order === 'newer') newerInTarget.push(id);
    else {
      const outcome = await copyOne(source, target, id);
      if (outcome === 'copied') copied++;
      else wanted.delete(id); // gone from the source since it was listed, or not readable: not in the target either
      if (outcome === 'beyond-limits') beyondLimits.push(id);
    }
    progress(++done, total);
  }
  const after = await updatedAtById(target, options.pageSize);
  const missing = [...wanted.keys()].filter((id) => !after.has(id));
  if (missing.length > 0) {
    const shown =
      missing.slice(0, MISSING_SHOWN).join(', ') +
      (missing.length > MISSING_SHOWN ? `, and ${missing.length - MISSING_SHOWN} more` : '');
    throw new InferError(
      ErrorCode.CopyIncomplete,
      `the copy is incomplete: ${missing.length} of ${counted(wanted.size, 'source conversation')} ` +
        `${missing.length === 1 ? 'is' : 'are'} not in the target (${shown}); the target has ${after.size}`,
      {
        hint:
          'run the same copy again (it copies only what is missing); if they stay missing, check that nothing ' +
          'else deletes or expires conversations in the target (a Redis ttl)',
      },
    );
  }
  return {
    sourceConversations: wanted.size,
    targetConversations: after.size,
    copied,
    skipped,
    newerInTarget,
    beyondLimits,
    verified: true,
  };
}

function interrupted(done: number, total: number, copied: number): InterruptedError {
  return new InterruptedError(
    `interrupted after ${done} of ${counted(total, 'conversation')} ` +
      `(${copied} copied, each whole; the source unchanged)`,
    {
      hint: 'run the same "infer storage copy" again to resume: what arrived is skipped',
    },
  );
}

/** Every conversation's `updated_at`, listed page by page, newest first. */
async function updatedAtById(backend: StorageBackend, pageSize: number): Promise<Map<string, string>> {
  const byId = new Map<string, string>();
  for (let offset = 0; ; offset += pageSize) {
    const page = await backend.list({ limit: pageSize, offset });
    for (const summary of page) byId.set(summary.id, summary.updated_at);
    if (page.length < pageSize) return byId;
  }
}

/** How the target's copy compares with the source's by `updated_at` (by instant, whatever the offset). */
function compareUpdated(inTarget: string | undefined, inSource: string): 'missing' | 'older' | 'same' | 'newer' {
  if (inTarget === undefined) return 'missing';
  if (inTarget === inSource) return 'same';
  const [t, s] = [instantOf(inTarget), instantOf(inSource)];
  if (Number.isNaN(t) || Number.isNaN(s)) return 'older'; // not comparable: the source's version wins
  return t === s ? 'same' : t < s ? 'older' : 'newer';
}

/**
 * Loads from the source and saves to the target, unless the source no longer has it or refuses it as beyond the
 * limits.
 */
async function copyOne(
  source: StorageBackend,
  target: StorageBackend,
  id: string,
): Promise<'copied' | 'gone' | 'beyond-limits'> {
  try {
    await target.save(await loadWithinLimits(source, id));
    return 'copied';
  } catch (error) {
    if (isInferError(error, ErrorCode.NotFound)) return 'gone';
    if (isInferError(error, ErrorCode.DocumentLimit)) return 'beyond-limits';
    throw error;
  }
}
