import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendRegistry, ErrorCode, isInferError, loadStorageConfig } from '@infer/core';
import { describe, expect, it } from 'vitest';
import hook from '../src/hook.js';
import { redisBackend } from '../src/index.js';

const validate = (section: unknown) => redisBackend.configSchema['~standard'].validate(section);

describe('the redis descriptor and its storage.redis section', () => {
  it('fills in the defaults of earlier releases (an empty prefix is their layout)', async () => {
    expect((await validate({})).value).toEqual({
      host: 'localhost',
      port: 6379,
      db: 0,
      ttl: 0,
      key_prefix: '',
      connect_timeout: 5,
      command_timeout: 10,
      tls: 'disable',
      wait_replicas: 0,
    });
    expect(redisBackend).toMatchObject({ type: 'redis', displayName: 'Redis', migrations: 'none' });
  });

  it('reads a numeric YAML password as the string the user typed, and rejects unknown keys', async () => {
    expect(await validate({ password: 123456, username: 'app', ttl: 3600, key_prefix: 'team-a:' })).toMatchObject({
      value: { password: '123456', username: 'app', ttl: 3600, key_prefix: 'team-a:' },
    });
    for (const bad of [
      { database: 1 },
      { port: 0 },
      { port: '6379x' },
      { db: -1 },
      { ttl: 1.5 },
      { connect_timeout: 0 },
    ]) {
      expect((await validate(bad)).issues, JSON.stringify(bad)).toBeDefined();
    }
  });

  it('takes every key from the file and INFER_STORAGE_REDIS_* variables', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'infer-redis-config-'));
    mkdirSync(join(cwd, '.infer'));
    writeFileSync(
      join(cwd, '.infer/config.yaml'),
      'storage:\n  type: redis\n  redis:\n    host: cache.internal\n    ttl: 60\n',
    );
    const env = {
      INFER_STORAGE_REDIS_PASSWORD: '123456',
      INFER_STORAGE_REDIS_DB: '2',
      INFER_STORAGE_REDIS_KEY_PREFIX: 'ci:',
      INFER_STORAGE_REDIS_CONNECT_TIMEOUT: '1.5',
    };
    const config = await loadStorageConfig({ cwd, homeDir: cwd, env, registry: new BackendRegistry([redisBackend]) });
    expect(config.options).toEqual({
      host: 'cache.internal',
      port: 6379,
      password: '123456',
      db: 2,
      ttl: 60,
      key_prefix: 'ci:',
      connect_timeout: 1.5,
      command_timeout: 10,
      tls: 'disable',
      wait_replicas: 0,
    });
    const error = await loadStorageConfig({
      cwd,
      homeDir: cwd,
      env: { INFER_STORAGE_REDIS_PORT: 'six' },
      registry: new BackendRegistry([redisBackend]),
    }).catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.Configuration) && error.message).toMatch(
      /storage\.redis\.port.*INFER_STORAGE_REDIS_PORT/,
    );
  });

  it('registers itself through its infer:backend:redis hook', async () => {
    const registered: unknown[] = [];
    const result = await hook({
      container: {
        register: (_token: unknown, provider: { useValue: unknown }) => registered.push(provider.useValue),
      } as never,
    });
    expect(result).toEqual({ type: 'redis', displayName: 'Redis', migrations: 'none' });
    expect(registered).toEqual([redisBackend]);
  });

  it('loads ioredis only when a backend opens, never with the hook or the package entry', () => {
    const dist = fileURLToPath(new URL('../dist/', import.meta.url));
    const script = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('/ioredis/'));
      await import(${JSON.stringify(join(dist, 'hook.js'))});
      await import(${JSON.stringify(join(dist, 'index.js'))});
      const before = loaded();
      const { RedisBackend } = await import(${JSON.stringify(join(dist, 'index.js'))});
      await RedisBackend.open({ config: { host: '127.0.0.1', port: 1, connect_timeout: 0.5 } }).catch(() => {});
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ before: false, after: true });
  });
});
