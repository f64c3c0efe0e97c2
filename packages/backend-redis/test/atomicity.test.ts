import { DOCUMENT_LIMITS } from '@infer/core';
import { minimal } from '@infer/core/testing';
import { ThrowawayRedis } from '@infer/test-servers';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBackend } from '../src/index.js';
import { rawClient, redisEnabled } from '@infer/test-servers/redis';

let server: ThrowawayRedis;
let backend: RedisBackend;
let marker: Redis;
let watcher: Redis;
let monitor: Redis;
const seen: { source: string; args: string[] }[] = [];

/**
 * Waits until MONITOR has reported every command the server executed so far: a marker ECHO from
 * another connection, sent now, comes after them. Returns the marker connection's source.
 */
async function reported(): Promise<string> {
  const token = `marker-${Math.random()}`;
  await marker.echo(token);
  await expect.poll(() => seen.some((c) => c.args[1] === token), { timeout: 2000, interval: 10 }).toBe(true);
  return seen.find((c) => c.args[1] === token)!.source;
}

/**
 * The commands the backend sent while `action` ran, in the order the server executed them, as
 * MONITOR reports them (a transaction shows as MULTI, its commands, EXEC). Commands sent before
 * are drained first: MONITOR reports them late, and they would otherwise count as the action's.
 */
async function commandsOf(action: () => Promise<unknown>): Promise<string[][]> {
  await reported();
  seen.length = 0;
  await action();
  const markerSource = await reported();
  return seen.filter((c) => c.source !== markerSource).map((c) => c.args);
}

const names = (commands: string[][]) => commands.map((args) => args[0]!.toLowerCase());

// MONITOR sees every client of a server, so it runs on a server of its own.
describe.runIf(redisEnabled)('every write of one conversation is one MULTI/EXEC (observed with MONITOR)', () => {
  beforeAll(async () => {
    server = await ThrowawayRedis.start();
    backend = await RedisBackend.open({ config: { host: '127.0.0.1', port: server.port, ttl: 30 } });
    marker = rawClient({ port: server.port });
    await marker.ping();
    watcher = rawClient({ port: server.port });
    monitor = await watcher.monitor();
    monitor.on('monitor', (_time: string, args: string[], source: string) => seen.push({ source, args }));
  });
  afterAll(async () => {
    await backend?.close();
    monitor?.disconnect();
    watcher?.disconnect();
    marker?.disconnect();
    await server?.stop();
  });

  it('save: MULTI, SET metadata, SET entries (both with the TTL), ZADD index, EXEC', async () => {
    // ASCII only: MONITOR prints other bytes escaped.
    const saved = minimal('atomic', '2025-12-19T18:25:00.25+02:00', { tags: ['a'], x_unknown: { kept: true } });
    const commands = await commandsOf(() => backend.save(saved));
    expect(names(commands)).toEqual(['multi', 'set', 'set', 'zadd', 'exec']);
    expect(commands[1]).toEqual(['set', 'conversation:atomic', JSON.stringify(saved.metadata), 'EX', '30']);
    expect(commands[2]).toEqual(['set', 'conversation:atomic:entries', JSON.stringify(saved.entries), 'EX', '30']);
    expect(commands[3]).toEqual([
      'zadd',
      'conversations:index',
      String(Date.parse(saved.metadata.updated_at) / 1000),
      'atomic',
    ]);
  });

  it('updateMetadata: MULTI, SET XX, EXPIRE entries, ZADD XX, EXEC', async () => {
    const commands = await commandsOf(() =>
      backend.updateMetadata('atomic', minimal('atomic', '2026-01-01T00:00:00Z').metadata),
    );
    expect(names(commands)).toEqual(['multi', 'set', 'expire', 'zadd', 'exec']);
    expect(commands[1]!.slice(3)).toEqual(['EX', '30', 'XX']);
    expect(commands[3]!.slice(0, 3)).toEqual(['zadd', 'conversations:index', 'XX']);
  });

  it('delete: MULTI, DEL both keys, ZREM index, EXEC', async () => {
    await backend.save(minimal('doomed', '2025-01-01T00:00:00Z'));
    const commands = await commandsOf(() => backend.delete('doomed'));
    expect(commands).toEqual([
      ['multi'],
      ['del', 'conversation:doomed', 'conversation:doomed:entries'],
      ['zrem', 'conversations:index', 'doomed'],
      ['exec'],
    ]);
  });

  // The load script reads the sizes, then both values.
  it('reads without a round trip per conversation: load is one script, a page ZREVRANGE + one MGET', async () => {
    for (let i = 0; i < 15; i++)
      await backend.save(minimal(`page-${i}`, `2025-02-01T00:00:${String(i).padStart(2, '0')}Z`));
    const load = await commandsOf(() => backend.load('atomic'));
    expect(load[0]!.slice(0, 1).concat(load[0]!.slice(2))).toEqual([
      'eval',
      '2',
      'conversation:atomic',
      'conversation:atomic:entries',
      String(DOCUMENT_LIMITS.maxBytes),
    ]);
    expect(names(load.slice(1))).toEqual(['type', 'strlen', 'type', 'strlen', 'type', 'get', 'type', 'get']);
    expect(names(await commandsOf(() => backend.list({ limit: 10, offset: 2 })))).toEqual(['zrevrange', 'mget']);
    expect(names(await commandsOf(() => backend.listNeedingTitles(5)))).toEqual(['zrevrange', 'mget', 'mget']);
  });

  it('health: SET, GET and DEL of a short-lived key in one transaction', async () => {
    const commands = await commandsOf(() => backend.health());
    expect(names(commands)).toEqual(['multi', 'set', 'get', 'del', 'exec']);
    expect(commands[1]!.slice(2)).toEqual(['ok', 'EX', '10']);
  });
});
