import { type ConversationMetadata, UnsupportedValueError } from '@infer/core';
import { assertStorableId } from './nul.js';

/** `conversations.id` and `conversation_entries.conversation_id` are VARCHAR(255): characters, not bytes. */
const ID_LENGTH = 255;

/** The TIMESTAMPTZ columns a save or a metadata update writes from the metadata. */
const TIMESTAMP_FIELDS = ['created_at', 'updated_at', 'title_generation_time'] as const;

/** RFC 3339: date, `T` (or a space, as RFC 3339 allows), time, optional fraction, `Z` or an offset. */
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Throws, before any write, an `UnsupportedValueError` naming the field when the metadata holds a
 * value that PostgreSQL would reject (its driver error would say neither which conversation nor
 * what to do): an id with U+0000 or longer than 255 characters, a timestamp that is not RFC 3339.
 * `id` is the conversation's key (`updateMetadata` gets it apart from the metadata).
 */
export function assertStorable(id: string, metadata: ConversationMetadata): void {
  assertStorableId(id);
  const length = [...id].length;
  if (length > ID_LENGTH) {
    throw new UnsupportedValueError(
      `PostgreSQL cannot store conversation id ${JSON.stringify(`${[...id].slice(0, 40).join('')}...`)}: it has ` +
        `${length} characters, and ids hold at most ${ID_LENGTH}`,
      { field: 'metadata.id', hint: `give the conversation an id of at most ${ID_LENGTH} characters` },
    );
  }
  for (const field of TIMESTAMP_FIELDS) {
    const value: unknown = metadata[field];
    if (value === undefined || (field === 'title_generation_time' && value === null) || isTimestamp(value)) continue;
    throw new UnsupportedValueError(
      `PostgreSQL cannot store conversation ${JSON.stringify(id)}: metadata.${field} ${JSON.stringify(value)} ` +
        'is not an RFC 3339 timestamp',
      {
        field: `metadata.${field}`,
        hint: `write metadata.${field} as RFC 3339, e.g. 2025-12-19T18:23:19Z or 2025-12-19T20:23:19.5+02:00`,
      },
    );
  }
}

/** RFC 3339 with a real calendar date and an offset up to ±23:59 (queries.ts reads those beyond ±15:59). */
function isTimestamp(value: unknown): boolean {
  const match = typeof value === 'string' ? RFC_3339.exec(value) : null;
  if (!match) return false;
  type Fields = [number, number, number, number, number, number, number, number];
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match
    .slice(1)
    .map((part) => Number(part ?? 0)) as Fields;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const realDate = year > 0 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return realDate && hour < 24 && minute < 60 && second <= 60 && offsetHour < 24 && offsetMinute < 60;
}
