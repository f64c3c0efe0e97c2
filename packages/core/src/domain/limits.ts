import { ErrorCode, InferError } from '../errors.js';

/**
 * How big and how deep a stored conversation may be for infer to read it. Anything beyond is
 * refused when it is loaded ({@link DocumentLimitError}), before it is rendered or copied: a deeper
 * document would exhaust the stack of recursive code (`JSON.stringify`, `structuredClone`), a larger
 * one the memory of the reader and the longest string the runtime can build.
 */
export const DOCUMENT_LIMITS = Object.freeze({
  /**
   * Nesting of arrays and objects in the metadata or the entries, counted from the entries array
   * (1) or the metadata object (1): an entry is 2, its message 3, a content part 5.
   */
  maxDepth: 100,
  /** The JSON text a conversation is stored as (metadata, optimized messages, entries), in bytes of UTF-8. */
  maxBytes: 64 * 1024 * 1024,
});

/**
 * What a stored conversation is beyond: too deep, too large, or not JSON at all (written by another program, or
 * damaged).
 */
export type DocumentLimit = 'depth' | 'size' | 'json';

/** A stored conversation is beyond {@link DOCUMENT_LIMITS}; it was not read, and nothing was changed. */
export class DocumentLimitError extends InferError {
  readonly id: string;
  readonly limit: DocumentLimit;
  constructor(id: string, limit: DocumentLimit, detail?: number | string) {
    const what =
      limit === 'depth'
        ? `is nested deeper than ${DOCUMENT_LIMITS.maxDepth} levels`
        : limit === 'json'
          ? `is not stored as valid JSON (${detail})`
          : `is stored as ${detail === undefined ? 'more than' : `${detail} bytes of JSON,`} more than the limit ` +
            `of ${DOCUMENT_LIMITS.maxBytes / 2 ** 20} MiB`;
    super(ErrorCode.DocumentLimit, `conversation ${id} ${what}, so it is not read`, {
      hint:
        `fix or remove it with the application that wrote it, or delete it with "infer conversations delete ${id} ` +
        '--yes"; the other conversations are not affected',
    });
    this.id = id;
    this.limit = limit;
  }
}

/**
 * True when `value` nests arrays and objects deeper than {@link DOCUMENT_LIMITS}.maxDepth. Walks
 * with its own stack, not by recursion, so no depth can overflow it; stops at the first too-deep value.
 */
export function nestedTooDeep(value: unknown): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [current, depth] = next;
    if (current === null || typeof current !== 'object') continue;
    if (depth > DOCUMENT_LIMITS.maxDepth) return true;
    for (const child of Object.values(current))
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return false;
}

/** Throws {@link DocumentLimitError} when any of `documents` (parts of conversation `id`) is nested too deep. */
export function assertDepthWithinLimit(id: string, ...documents: unknown[]): void {
  if (documents.some(nestedTooDeep)) throw new DocumentLimitError(id, 'depth');
}

/** Throws {@link DocumentLimitError} when conversation `id` is stored as more than the limit's bytes. */
export function assertSizeWithinLimit(id: string, bytes: number): void {
  if (bytes > DOCUMENT_LIMITS.maxBytes) throw new DocumentLimitError(id, 'size', bytes);
}

/**
 * Parses the JSON text a conversation is stored as; text that is not JSON is a {@link DocumentLimitError} naming the
 * conversation.
 */
export function parseStoredJson<T>(id: string, text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new DocumentLimitError(id, 'json', `${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
