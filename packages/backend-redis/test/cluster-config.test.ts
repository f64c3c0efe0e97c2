import { ErrorCode, isInferError } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { parseRedisConfig } from '../src/index.js';

/** The one-line message parsing `section` fails with. */
function refusal(section: object): string {
  try {
    parseRedisConfig(section as never);
  } catch (error) {
    expect(isInferError(error, ErrorCode.Configuration)).toBe(true);
    const { message } = error as Error;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${JSON.stringify(section)} was accepted`);
}

describe('storage.redis.cluster and storage.redis.wait_replicas', () => {
  it('takes a list of host:port nodes, leaving out host and port, which name no node of a cluster', () => {
    const config = parseRedisConfig({ cluster: { nodes: [' 10.0.0.1:7000', 'cache-2.internal:7001', '[::1]:7002'] } });
    expect(config).toMatchObject({
      cluster: { nodes: ['10.0.0.1:7000', 'cache-2.internal:7001', '[::1]:7002'] },
      db: 0,
      wait_replicas: 0,
    });
    expect(config.host).toBeUndefined();
    expect(config.port).toBeUndefined();
    // Validated settings read back the same.
    expect(parseRedisConfig(config)).toEqual(config);
    expect(parseRedisConfig({ wait_replicas: 2 })).toMatchObject({ host: 'localhost', port: 6379, wait_replicas: 2 });
  });

  it.each([
    [{ cluster: { nodes: ['10.0.0.1'] } }, /^storage\.redis\.cluster\.nodes\.0: must be "host:port" with a port/],
    [{ cluster: { nodes: ['a:1', 'b:70000'] } }, /^storage\.redis\.cluster\.nodes\.1: must be "host:port"/],
    [{ cluster: { nodes: ['::1:7000'] } }, /^storage\.redis\.cluster\.nodes\.0: must be "host:port"/],
    [{ cluster: { nodes: [7000] } }, /^storage\.redis\.cluster\.nodes\.0: must be "host:port" text/],
    [{ cluster: { nodes: [] } }, /^storage\.redis\.cluster\.nodes: must list at least one node/],
    [{ cluster: { nodes: 'a:1,b:2' } }, /^storage\.redis\.cluster\.nodes: must be a list of "host:port" entries/],
    [{ cluster: { node: ['a:1'] } }, /^storage\.redis\.cluster\.nodes: is required: the nodes of the cluster/],
    [{ cluster: { nodes: ['a:1'], seeds: [] } }, /^storage\.redis\.cluster\.seeds: unknown key/],
    [{ cluster: 'a:1' }, /^storage\.redis\.cluster: must be a mapping of settings/],
    [{ cluster: { nodes: ['a:1'] }, db: 3 }, /^storage\.redis\.db: must be 0 with storage\.redis\.cluster: a Redis/],
    [{ wait_replicas: -1 }, /^storage\.redis\.wait_replicas: /],
    [{ wait_replicas: 1.5 }, /^storage\.redis\.wait_replicas: /],
  ])('refuses %j in one line naming the key', (section, message) => {
    expect(refusal(section)).toMatch(message);
  });
});
