import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresBackend } from '@infer/backend-postgres';
import { minimal } from '@infer/core/testing';
import { describe, expect, it } from 'vitest';
import { repetitions } from './scale.js';
import { expectClearConnectionFailures, expectWholeOrAbsent, keepBusy } from './support/busy-backend.js';
import { postgresEnabled } from './support/postgres-cli.js';
import { SERVER_FAULTS, type ServerFault, throwawayPostgresForFile } from './support/throwaway-postgres.js';

/**
 * Issue 7, item 2: the PostgreSQL server goes away while an application saves, lists and loads
 * through the public API. Every operation that fails says so in one line within the connect
 * timeout, a conversation is saved whole or not at all, and once the server is back the same
 * backend (its pool reconnects) and a new one both work.
 */
const ROUNDS = repetitions({ full: 10, ci: 1 });
const WRITERS = 4;
const CONNECT_TIMEOUT_S = 2;
const MARGIN_MS = 2000;
const PASSWORD = 'Pg-Storage-Owner-4q!';

const FAULTS = [SERVER_FAULTS.killed, SERVER_FAULTS.restarted];

const throwaway = throwawayPostgresForFile(PASSWORD);

async function busyRound(fault: ServerFault): Promise<string> {
  const { host, port, user: username, database } = await throwaway.database('storage');
  const { server } = throwaway;
  const config = {
    host,
    port,
    username,
    password: PASSWORD,
    database,
    ssl_mode: 'disable',
    connect_timeout: CONNECT_TIMEOUT_S,
  } as const;
  const backend = await PostgresBackend.open({ config });
  try {
    const busy = keepBusy(backend, WRITERS);
    while (busy.operations.filter((op) => op.kind === 'save' && !op.error).length < 20) await sleep(10);
    await fault(server);
    await sleep(300); // operations go on against the server as the fault left it
    const operations = await busy.stop();

    const failed = expectClearConnectionFailures(
      operations,
      [`127.0.0.1:${port}`, `database "${database}"`],
      PASSWORD,
      CONNECT_TIMEOUT_S * 1000 + MARGIN_MS,
    );
    expect(failed, 'no operation met the fault').toBeGreaterThan(0);

    await server.restart();
    // The same backend: its pool dropped the dead connections and makes new ones.
    await backend.save(minimal('after-the-fault', '2026-01-01T00:00:00Z'));
    expect((await backend.load('after-the-fault')).metadata.id).toBe('after-the-fault');
    await backend.delete('after-the-fault');
    const { saved, failedButKept } = await expectWholeOrAbsent(backend, operations);
    // And a backend opened afresh sees the same.
    const fresh = await PostgresBackend.open({ config });
    await expectWholeOrAbsent(fresh, operations).finally(() => fresh.close());
    return (
      `${operations.length} operations, ${failed} failed (slowest failure ` +
      `${Math.round(Math.max(...operations.filter((op) => op.error).map((op) => op.ms)))} ms), ${saved} ` +
      `conversations whole, ${failedButKept} of them from a save that reported failure`
    );
  } finally {
    await backend.close();
  }
}

describe.runIf(postgresEnabled)(
  `the PostgreSQL server goes away under ${WRITERS} writers and a reader using the public API`,
  () => {
    for (const [name, fault] of FAULTS) {
      it(
        `${name}, ${ROUNDS} time(s): one-line E_CONNECTION errors within the connect timeout, every ` +
          'conversation whole or absent, the same backend works again',
        async () => {
          for (let round = 0; round < ROUNDS; round++) console.log(`${name}: ${await busyRound(fault)}`);
        },
        60_000 + ROUNDS * 15_000,
      );
    }
  },
);
