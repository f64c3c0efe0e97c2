import { checksumOf } from '../sql/checksum.js';
import type { Migration } from './migration.js';

/** Checksums already computed, by migration (with the text they were computed from). */
const computed = new WeakMap<Migration, { readonly up: string; readonly checksum: string }>();

/**
 * What the ledger records for a migration: its declared checksum (a data migration's, or a SQL
 * migration's precomputed one), else its SQL's.
 * Kept per migration object while its text is the same: `--status` and `repair` hash every applied
 * migration twice (the inspection, then the report or the repair), and a SHA-256 per migration is
 * most of that work.
 */
export function migrationChecksum(migration: Migration): string | undefined {
  const { up } = migration;
  if (typeof up !== 'string' || migration.checksum !== undefined) return migration.checksum;
  const known = computed.get(migration);
  if (known?.up === up) return known.checksum;
  const checksum = checksumOf(up);
  computed.set(migration, { up, checksum });
  return checksum;
}

/**
 * What is wrong with a SQL migration's declared checksum, or undefined when it declares none or
 * the right one. Hashes the text: called only for migrations about to be applied or repaired.
 */
export function declaredChecksumProblem(migration: Migration): string | undefined {
  const { up, checksum } = migration;
  if (typeof up !== 'string' || checksum === undefined) return undefined;
  const actual = checksumOf(up);
  return checksum === actual
    ? undefined
    : `declares checksum ${checksum} but its SQL's is ${actual}: correct it or leave it out`;
}
