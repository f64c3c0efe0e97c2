import { checksumOf } from '../sql/checksum.js';
import type { Migration } from './migration.js';

/** What the ledger records for a migration: its SQL's checksum, or a data migration's declared one. */
export function migrationChecksum(migration: Migration): string | undefined {
  return typeof migration.up === 'string' ? checksumOf(migration.up) : migration.checksum;
}
