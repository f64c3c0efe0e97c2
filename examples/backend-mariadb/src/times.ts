import { instantOf } from '@infer/core';

/** An RFC 3339 timestamp (or a Date) as a UTC `DATETIME(6)` literal: `2025-12-19 16:25:00.000`. */
export function toDatetime(timestamp: string | Date): string {
  const ms = typeof timestamp === 'string' ? instantOf(timestamp) : timestamp.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an RFC 3339 timestamp: ${String(timestamp)}`);
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

/** A UTC `DATETIME` read as text (`dateStrings`) back to RFC 3339: `2025-12-19T16:25:00.000Z`. */
export function fromDatetime(text: string): string {
  return new Date(`${text.replace(' ', 'T')}Z`).toISOString();
}
