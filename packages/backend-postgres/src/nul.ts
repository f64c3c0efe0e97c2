import { UnsupportedValueError, nestedTooDeep } from '@infer/core';

/**
 * U+0000 in PostgreSQL: neither TEXT nor JSONB can hold it, while every other backend keeps it
 * (tool output often contains it). What this package does about it:
 *
 * - A JSON document (an entry, the metadata document of migration 003) that contains U+0000 in any
 *   key or string is stored escaped: in each key and string `%` becomes `%25` and U+0000 becomes
 *   `%00`, and the top-level key {@link ESCAPED_KEY} says so. Loading undoes it exactly. A document
 *   without U+0000 is stored as it is, byte for byte what earlier releases wrote; only one that has
 *   a top-level key {@link ESCAPED_KEY} of its own is escaped too, so that loading is never unsure.
 *   Earlier releases could never store such a conversation; they read the escaped entry as an
 *   ordinary one, with `%00` and `%25` in its text.
 * - The columns that only earlier releases and queries read (`title`, `summary`, `model`, `tags`,
 *   `token_stats`, `cost_stats`) get U+FFFD in its place: the document keeps the exact text.
 * - An id is a key: no stored form of an id with U+0000 could differ from every ordinary id, so
 *   saving one is refused before anything is written, and looking one up finds nothing.
 */
export const ESCAPED_KEY = '%infer';
const ESCAPED_VALUE = 'escaped: in every key and string below, %00 is U+0000 and %25 is %';

const NUL = '\u0000';

/** The form of a document (an object) to store in JSONB: itself, or escaped when it must be. */
export function storable<T>(document: T): T {
  const marked = isObject(document) && Object.hasOwn(document, ESCAPED_KEY);
  if (!marked && !containsNul(document)) return document;
  if (!isObject(document)) throw new TypeError('only an object can be stored escaped');
  return { [ESCAPED_KEY]: ESCAPED_VALUE, ...(mapText(asJson(document), escapeNul) as object) } as T;
}

/** The document as it was saved, from what {@link storable} stored. */
export function restored<T>(stored: T): T {
  // Beyond core's depth limit nothing recursive may walk it: left as it is, and the reader names it.
  if (!isObject(stored) || stored[ESCAPED_KEY] !== ESCAPED_VALUE || nestedTooDeep(stored)) return stored;
  const { [ESCAPED_KEY]: _mark, ...document } = stored;
  return mapText(document, unescapeNul) as T;
}

/** A value for a column that earlier releases read: U+0000 replaced by U+FFFD in every key and string. */
export function replacingNul<T>(value: T): T {
  return containsNul(value) ? (mapText(asJson(value), (text) => text.replaceAll(NUL, '\uFFFD')) as T) : value;
}

/** Throws before any write when an id cannot be stored. */
export function assertStorableId(id: string): void {
  if (isStorableId(id)) return;
  throw new UnsupportedValueError(
    `PostgreSQL cannot store conversation id ${JSON.stringify(id)}: it contains U+0000 (NUL), which no ` +
      'PostgreSQL text can hold',
    {
      field: 'metadata.id',
      hint: 'give the conversation an id without U+0000 (every other character is kept as it is)',
    },
  );
}

/** True when an id can exist in the database (lookups of any other find nothing). */
export function isStorableId(id: string): boolean {
  return !id.includes(NUL);
}

function escapeNul(text: string): string {
  return text.includes('%') || text.includes(NUL) ? text.replaceAll('%', '%25').replaceAll(NUL, '%00') : text;
}

function unescapeNul(text: string): string {
  return text.replace(/%(25|00)/g, (_, code: string) => (code === '25' ? '%' : NUL));
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (Array.isArray(value)) return value.some(containsNul);
  if (isObject(value)) return Object.entries(value).some(([key, item]) => key.includes(NUL) || containsNul(item));
  return false;
}

/** What JSON keeps of `value` (dates as text, no undefined): what the column would hold. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** `value` with `map` applied to every string and every object key, at any depth. */
function mapText(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapText(item, map));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [map(key), mapText(item, map)]));
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
