/** A backend as far as its migration status goes. */
interface WithMigrationStatus<S> {
  migrationStatus(): Promise<S>;
  close(): Promise<void>;
}

/**
 * The migration status of the backend `opening` opens (with `migrate: false`, for a status that
 * changes nothing), which is closed again before it is returned.
 */
export async function statusOf<S>(opening: Promise<WithMigrationStatus<S>>): Promise<S> {
  const backend = await opening;
  try {
    return await backend.migrationStatus();
  } finally {
    await backend.close();
  }
}

/** A migration of a newer release, as the tests put it into a ledger behind the backend's back. */
export const NEWER_MIGRATION = Object.freeze({
  version: '999',
  description: 'From a newer release',
  appliedAt: '2027-01-01T00:00:00Z',
});

/**
 * How a backend's status shows NEWER_MIGRATION, which its code does not ship: as unknown, never
 * hidden, applied at `appliedAt` (the backend's rendering of NEWER_MIGRATION.appliedAt).
 */
export function newerMigrationStatus(appliedAt: string) {
  const { version, description } = NEWER_MIGRATION;
  return { version, description, state: 'unknown', appliedAt };
}
