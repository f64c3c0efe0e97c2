import { setTimeout as sleep } from 'node:timers/promises';
import type { StorageBackend } from '@infer/core';
import { type Exit, ThrowawayRedis } from '@infer/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresEnabled } from '@infer/test-servers/postgres';
import { redisEnabled } from '@infer/test-servers/redis';
import { repetitions } from './scale.js';
import {
  type CopyStore,
  contentsOf,
  postgresOn,
  redisOn,
  removeCopyStores,
  seededSqlite,
} from './support/copy-targets.js';
import { expectClearFailure, timed } from './support/failures.js';
import { startInfer } from './support/processes.js';
import { throwawayPostgresForFile } from './support/throwaway-postgres.js';

/**
 * Issue 7, item 2, at the level of a whole run: `infer storage copy` from SQLite into a PostgreSQL
 * or Redis server that is killed, restarted or frozen while the copy writes. The run ends within
 * the configured timeout with one clear line (or rides a restart out and verifies), every
 * conversation that reached the target is whole, and the next copy completes. What a Redis backend
 * does under these faults operation by operation is proven in packages/backend-redis/test/faults.test.ts.
 */
const ROUNDS = repetitions({ full: 5, ci: 1 });
const CONVERSATIONS = 200;
const TIMEOUT_S = 3;
/** Process teardown on a loaded machine; less than TIMEOUT_S, so that waiting a timeout twice fails. */
const MARGIN_MS = 2500;
const PG_PASSWORD = 'Pg-Copy-Owner-7w!';
const REDIS_PASSWORD = 'Redis-Copy-Pw-3k!';

interface Fault {
  apply(): Promise<void> | void;
  /** Brings the server back as it was (with what it had stored). */
  recover(): Promise<void> | void;
  /** A run may succeed despite it: a restart between two writes goes unnoticed. */
  readonly survivable: boolean;
}

let source: CopyStore;
let expected: Map<string, unknown>;
const postgres = throwawayPostgresForFile(PG_PASSWORD);
/**
 * A server per round, each persisting every write, so that what a killed one acknowledged is there after its restart.
 */
let redis: ThrowawayRedis | undefined;
const REDIS_ARGS = ['--requirepass', REDIS_PASSWORD, '--appendonly', 'yes', '--appendfsync', 'always'];

beforeAll(async () => {
  source = await seededSqlite(CONVERSATIONS);
  expected = await using(source, contentsOf);
}, 60_000);
afterAll(async () => {
  await redis?.stop();
  removeCopyStores();
});

async function using<T>(store: CopyStore, use: (backend: StorageBackend) => Promise<T>): Promise<T> {
  const backend = await store.open();
  try {
    return await use(backend);
  } finally {
    await backend.close();
  }
}

/** Resolves once the target holds `count` conversations; rejects if the run ends first. */
async function untilHolding(target: CopyStore, count: number, exit: Promise<Exit>): Promise<void> {
  let ended: Exit | undefined;
  void exit.then((x) => (ended = x));
  await using(target, async (backend) => {
    // Before the copy has migrated the target, listing fails: that counts as empty.
    while ((await backend.list({ limit: 100_000 }).catch(() => [])).length < count) {
      if (ended) throw new Error(`the copy ended before the fault (exit ${ended.code}): ${ended.stderr}`);
      await sleep(10);
    }
  });
}

function copyTo(target: CopyStore) {
  return startInfer(['storage', 'copy', '--config', source.config, '--to', target.config, '--json'], {});
}

async function interruptedCopy(target: CopyStore, fault: Fault, secret: string): Promise<string> {
  const stopAt = 10 + Math.floor(Math.random() * (CONVERSATIONS / 2 - 10));
  const run = copyTo(target);
  await untilHolding(target, stopAt, run.exit);
  const { value: exit, ms } = await timed(
    performance.now(),
    Promise.resolve(fault.apply()).then(() => run.exit),
  );
  const rodeItOut = fault.survivable && exit.code === 0;
  if (!rodeItOut) expectClearFailure(exit, 4, target.names, [secret]);
  expect(ms, 'from the fault to the end of the run').toBeLessThan(TIMEOUT_S * 1000 + MARGIN_MS);
  await fault.recover();

  const copied = await using(target, contentsOf);
  expect(copied.size).toBeGreaterThanOrEqual(stopAt);
  for (const [id, conversation] of copied) expect(conversation, `${id} is not whole`).toStrictEqual(expected.get(id));

  const rerun = await copyTo(target).exit;
  expect(rerun.code, rerun.stderr).toBe(0);
  expect(JSON.parse(rerun.stdout)).toMatchObject({
    sourceConversations: CONVERSATIONS,
    targetConversations: CONVERSATIONS,
    verified: true,
  });
  expect(await using(target, contentsOf)).toStrictEqual(expected);
  const ending = rodeItOut
    ? 'the run rode it out and verified'
    : `the run ended ${Math.round(ms)} ms after the fault: ${exit.stderr.trim()}`;
  return `${copied.size} of ${CONVERSATIONS} copied when the fault came (after ${stopAt}); ${ending}`;
}

function faultTests(faults: Record<string, Fault>, target: () => Promise<CopyStore>, secret: string): void {
  for (const [name, fault] of Object.entries(faults)) {
    it(
      `${name}, ${ROUNDS} time(s): exit 4 within the timeout with one line naming the server (or a verified ` +
        'copy), whole conversations only, and the next copy completes',
      async () => {
        for (let round = 0; round < ROUNDS; round++)
          console.log(`${name}: ${await interruptedCopy(await target(), fault, secret)}`);
      },
      60_000 + ROUNDS * 20_000,
    );
  }
}

describe.runIf(postgresEnabled)(
  `infer storage copy of ${CONVERSATIONS} conversations from SQLite into PostgreSQL`,
  () => {
    faultTests(
      {
        'the server killed (pg_ctl stop -m immediate)': {
          apply: () => postgres.server.kill(),
          recover: () => postgres.server.restart(),
          survivable: false,
        },
        'the server restarted (stop -m fast, then start)': {
          apply: () => postgres.server.bounce(),
          recover: () => {},
          survivable: true,
        },
      },
      async () => postgresOn(await postgres.database('copy'), TIMEOUT_S),
      PG_PASSWORD,
    );
  },
);

describe.runIf(redisEnabled)(
  `infer storage copy of ${CONVERSATIONS} conversations from SQLite into Redis (append-only file on)`,
  () => {
    faultTests(
      {
        'the server killed (SIGKILL)': {
          apply: () => redis!.kill(),
          recover: () => redis!.restart(),
          survivable: false,
        },
        'the server restarted (SIGKILL, then start)': {
          apply: () => redis!.bounce(),
          recover: () => {},
          survivable: true,
        },
        'the server frozen (SIGSTOP) until the run ends': {
          apply: () => redis!.freeze(),
          recover: () => redis!.thaw(),
          survivable: false,
        },
      },
      async () => {
        await redis?.stop();
        redis = await ThrowawayRedis.start(REDIS_ARGS);
        return redisOn(redis, REDIS_PASSWORD, 'copy:', TIMEOUT_S);
      },
      REDIS_PASSWORD,
    );
  },
);
