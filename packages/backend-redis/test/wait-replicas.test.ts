import { ErrorCode, isInferError } from '@infer/core';
import { minimal } from '@infer/core/testing';
import { ThrowawayRedis } from '@infer/test-servers';
import { rawClient, redisEnabled } from '@infer/test-servers/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisBackend } from '../src/index.js';

let master: ThrowawayRedis;
let replica: ThrowawayRedis;
const opened: RedisBackend[] = [];

async function open(wait_replicas: number): Promise<RedisBackend> {
  const config = { host: '127.0.0.1', port: master.port, wait_replicas, command_timeout: 1 };
  const backend = await RedisBackend.open({ config });
  opened.push(backend);
  return backend;
}

/** The message of a write that `replicas` replicas did not confirm, `acknowledged` of them having done so. */
const unconfirmed = (replicas: number, acknowledged: number) =>
  `Redis at 127.0.0.1:${master.port}/0: the write was made on the master but not confirmed on ${replicas} ` +
  `${replicas === 1 ? 'replica' : 'replicas'} within 0.5 s (${acknowledged} acknowledged); check the replicas and ` +
  'their link to the master, or lower storage.redis.wait_replicas';

// The cluster tests wait for the replicas of a cluster's masters; this is one server with one replica.
describe.runIf(redisEnabled)('wait_replicas on one server with a replica', () => {
  beforeAll(async () => {
    master = await ThrowawayRedis.start();
    replica = await ThrowawayRedis.start(['--replicaof', '127.0.0.1', String(master.port)]);
    const client = rawClient({ port: replica.port });
    while (((await client.role()) as unknown[])[3] !== 'connected') await new Promise((r) => setTimeout(r, 25));
    client.disconnect();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((backend) => backend.close()));
  });
  afterAll(async () => {
    await replica?.stop();
    await master?.stop();
  });

  it('confirms each write on the replica, and says in one line when fewer replicas confirm', async () => {
    const confirmed = await open(1);
    await confirmed.save(minimal('w', '2025-06-01T10:00:00Z'));
    await confirmed.updateMetadata('w', minimal('w', '2025-06-02T10:00:00Z').metadata);
    await confirmed.delete('w');

    const error = await (await open(2)).save(minimal('w2', '2025-06-01T10:00:00Z')).catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect((error as Error).message).toBe(unconfirmed(2, 1));
    expect((await confirmed.load('w2')).metadata.id).toBe('w2');

    await replica.kill();
    const lost = await confirmed.save(minimal('w3', '2025-06-01T10:00:00Z')).catch((e: unknown) => e);
    expect((lost as Error).message).toBe(unconfirmed(1, 0));
  });
});
