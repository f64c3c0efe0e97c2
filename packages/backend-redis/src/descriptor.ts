import type { BackendDescriptor } from '@infer/core';
import { z } from 'zod';

const seconds = (what: string) => z.number({ error: `must be a number of seconds (${what})` });

/**
 * `storage.redis`: the keys earlier releases read (host, port, password, db, ttl) with their
 * defaults, plus username, key_prefix and the timeouts that make a down server a prompt error.
 */
const redisConfig = z.strictObject({
  host: z.string().trim().min(1, 'must be a host name or address, e.g. localhost').default('localhost'),
  port: z.number().int().min(1).max(65535).default(6379),
  // YAML reads `password: 123456` as a number; it is the string the user typed.
  password: z
    .union([z.string(), z.number()])
    .transform((value) => String(value))
    .optional(),
  username: z.string().min(1).optional(),
  db: z.number().int().min(0).default(0),
  ttl: seconds('0 = keep forever').int().min(0).default(0),
  key_prefix: z.string().default(''),
  connect_timeout: seconds('how long connecting may take').positive().default(5),
  command_timeout: seconds('how long one command may take').positive().default(10),
});

export type RedisConfig = z.infer<typeof redisConfig>;

/** The Redis backend. Its driver (ioredis) loads only when a backend is opened. */
export const redisBackend: BackendDescriptor<RedisConfig> = Object.freeze({
  type: 'redis',
  displayName: 'Redis',
  configSchema: redisConfig,
  migrations: 'none',
  async open(config: RedisConfig) {
    const { RedisBackend } = await import('./redis-backend.js');
    return RedisBackend.open({
      host: config.host,
      port: config.port,
      db: config.db,
      password: config.password,
      username: config.username,
      ttl: config.ttl,
      keyPrefix: config.key_prefix,
      connectTimeoutMs: config.connect_timeout * 1000,
      commandTimeoutMs: config.command_timeout * 1000,
    });
  },
});
