import { ErrorCode, isInferError } from '@infer/core';
import { minimal } from '@infer/core/testing';
import { type TestCertificates, makeTestCertificates } from '@infer/test-servers';
import { ThrowawayRedisCluster, passwordArgs, redisEnabled, uniquePrefix } from '@infer/test-servers/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET_TAGS, RedisBackend, type RedisConfigInput, fnv1a } from '../src/index.js';

const PASSWORD = 'pw-Cluster-Osprey:4k@/secret';
const USER = { name: 'infer-app', password: 'pw-User-Heron:9q@/secret' };
const TIMEOUTS = { connect_timeout: 1, command_timeout: 1 };

let cluster: ThrowawayRedisCluster;
let certs: TestCertificates;

/**
 * A backend on the cluster as its ACL user, over TLS verified against the test CA (the certificate names
 * localhost, the nodes are 127.0.0.1: `verify-ca`).
 */
function open(config: RedisConfigInput): Promise<RedisBackend> {
  const settings = {
    cluster: { nodes: cluster.nodes.slice(0, 2) },
    ...({ tls: 'verify-ca', tls_root_cert: certs.caFile, username: USER.name, password: USER.password } as const),
  };
  return RedisBackend.open({ config: { ...settings, ...config } });
}

/** A failure as users see it: one line, code E_CONNECTION, no password anywhere. */
function expectOneLine(error: unknown): void {
  expect(isInferError(error, ErrorCode.Connection), String(error)).toBe(true);
  const { message, hint } = error as Error & { hint?: string };
  expect(message).not.toContain('\n');
  for (const secret of [PASSWORD, USER.password]) expect(`${message} ${hint}`).not.toContain(secret);
}

interface Traffic {
  readonly acknowledged: string[];
  readonly failures: { error: unknown; ms: number }[];
  stop(): Promise<void>;
}

/** Writers saving new conversations back to back until stopped; what was acknowledged and what failed, how fast. */
function traffic(backend: RedisBackend, writers: number): Traffic {
  const acknowledged: string[] = [];
  const failures: { error: unknown; ms: number }[] = [];
  let running = true;
  let next = 0;
  const loops = Array.from({ length: writers }, async () => {
    while (running) {
      const id = `t-${next++}`;
      const started = Date.now();
      try {
        await backend.save(minimal(id, new Date().toISOString()));
        acknowledged.push(id);
      } catch (error) {
        failures.push({ error, ms: Date.now() - started });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });
  return {
    acknowledged,
    failures,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe.runIf(redisEnabled)('a Redis Cluster with TLS and ACL users losing a master (SIGKILL) under traffic', () => {
  beforeAll(async () => {
    // TLS only; every node asks for a password, replicas give it to their masters, the backend logs in as an ACL user.
    certs = makeTestCertificates();
    cluster = await ThrowawayRedisCluster.start({
      args: [...passwordArgs(PASSWORD, USER), '--masterauth', PASSWORD],
      tls: {
        ...{ certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, caFile: certs.caFile },
        client: { certFile: certs.clientCertFile, keyFile: certs.clientKeyFile },
      },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
    certs?.remove();
  });

  it('logs in as the ACL user over TLS on every node; refuses a wrong password or plain text in one line', async () => {
    const backend = await open({ key_prefix: uniquePrefix(), ...TIMEOUTS });
    await backend.health();
    await backend.close();
    // As for one server, of the first node.
    const cluster_ = /^Redis Cluster at 127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+: /.source;
    for (const [wrong, message] of [
      [{ password: 'not-it' }, `${cluster_}the server refused the credentials; correct storage\\.redis\\.password`],
      [{ tls: 'disable' }, `${cluster_}the connection was lost`],
      [{ tls: 'verify-full' }, `${cluster_}the server certificate`],
    ] as const) {
      const error = await open({ ...wrong, ...TIMEOUTS }).catch((e: unknown) => e);
      expectOneLine(error);
      expect((error as Error).message).toMatch(new RegExp(message));
    }
  });

  it('keeps every acknowledged write; writes in flight fail in one line within the timeouts', async () => {
    const prefix = uniquePrefix();
    // Acknowledged = on the master and on its replica (WAIT): what a failover keeps.
    const backend = await open({ key_prefix: prefix, wait_replicas: 1, ...TIMEOUTS });
    const writes = traffic(backend, 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { killed, promoted } = await cluster.killMaster();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await writes.stop();

    expect(writes.acknowledged.length).toBeGreaterThan(20);
    // Those on the killed master's slots failed while it was down: each at once or within the timeouts.
    expect(writes.failures.length).toBeGreaterThan(0);
    for (const { error, ms } of writes.failures) {
      expectOneLine(error);
      expect(ms).toBeLessThan((TIMEOUTS.connect_timeout + TIMEOUTS.command_timeout) * 1000 + 500);
    }

    // After the failover, both the backend that lived through it and a new one list and load every acknowledged
    // conversation; the new master's shard has no replica left, so a write there is not confirmed.
    for (const reader of [backend, await open({ key_prefix: prefix, ...TIMEOUTS })]) {
      const listed = new Set((await reader.list({ limit: 100_000 })).map((s) => s.id));
      for (const id of writes.acknowledged) expect(listed.has(id), id).toBe(true);
      for (const id of writes.acknowledged) expect((await reader.load(id)).metadata.id).toBe(id);
      await reader.close();
    }
    const alone = await open({ key_prefix: prefix, wait_replicas: 1, ...TIMEOUTS });
    const id = await idOnMaster(promoted);
    const error = await alone.save(minimal(id, new Date().toISOString())).catch((e: unknown) => e);
    expectOneLine(error);
    expect((error as Error).message).toMatch(/the write was made on the master but not confirmed on 1 replica /);
    await alone.close();
    expect(killed).not.toBe(promoted);
  });
});

/** An id whose bucket's slot `master` now holds. */
async function idOnMaster(master: string): Promise<string> {
  const client = cluster.client(master);
  try {
    const ranges = (await client.cluster('SLOTS')) as [number, number, [string, number]][];
    const mine = ranges.filter(([, , [host, port]]) => `${host}:${port}` === master);
    const held = (bucket: number) =>
      mine.some(([from, to]) => from <= (bucket + 0.5) * 1024 && (bucket + 0.5) * 1024 <= to);
    for (let i = 0; ; i++) if (held(fnv1a(`on-${i}`) % BUCKET_TAGS.length)) return `on-${i}`;
  } finally {
    client.disconnect();
  }
}
