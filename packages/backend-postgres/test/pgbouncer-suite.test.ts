import { runBackendSuite } from '@infer/core/testing';
import { afterAll } from 'vitest';
import { postgresBackend } from '../src/index.js';
import { SERVER, ThrowawayPgBouncer, createDatabase, dropDatabases, postgresEnabled } from './database.js';
import { type SuiteSection, byHand, migrationLock } from './suite-options.js';

// The shared suite again, every database reached through one PgBouncer in transaction pooling:
// server connections shared between clients, no reset between them, no session state kept.
let pgbouncer: Promise<ThrowawayPgBouncer> | undefined;
afterAll(async () => {
  await (await pgbouncer)?.stop();
  await dropDatabases();
});

runBackendSuite({
  descriptor: postgresBackend,
  packageJson: new URL('../package.json', import.meta.url),
  server: postgresEnabled,
  async newStorage(): Promise<SuiteSection> {
    pgbouncer ??= ThrowawayPgBouncer.start({ server: SERVER, poolMode: 'transaction' });
    const { host, port, user } = await pgbouncer;
    return { host, port, username: user, database: await createDatabase() };
  },
  byHand,
  // `session` is refused there (pooler-lock-mode.test.ts).
  lockVariants: [{ lock_mode: 'auto' }, { lock_mode: 'transaction' }],
  lock: migrationLock,
  groups: { descriptor: false },
});
