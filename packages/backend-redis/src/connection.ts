import { messageOf } from '@infer/core';
import { tlsConnectionOptions } from '@infer/core/kit';
import type { ChainableCommander, Redis } from 'ioredis';
import { type RedisConfig, TLS_KEYS } from './config-schema.js';
import { hideFromDebugOutput } from './debug-redaction.js';
import { type Endpoint, isForeignReply, noAnswerError, toConnectionError } from './errors.js';

/**
 * Reconnect attempts from 50 ms apart, backing off to 500 ms, for as long as the backend is open:
 * a refused connect costs nothing, and a restarted server is in use again within half a second.
 */
const retryDelay = (attempt: number): number => Math.min(attempt * 50, 500);

/**
 * One ioredis client and what the backend needs around it: waiting for it to be ready within the
 * connect timeout, the last error it reported (ioredis rejects a failed connect with a bare
 * "Connection is closed.", the real reason comes as an `error` event), and turning failures into
 * `ConnectionError`s.
 */
export class Connection {
  readonly client: Redis;
  readonly endpoint: Endpoint;
  readonly #owned: boolean;
  #lastError: unknown;
  /**
   * The last command went unanswered (a frozen or overloaded server): `close` then does not wait for QUIT's answer too.
   */
  #unanswered = false;
  readonly #recordError = (error: unknown): void => {
    // A reply that is not Redis's says why the connection then closed: the close must not hide it.
    if (!isForeignReply(this.#lastError)) this.#lastError = error;
  };

  private constructor(client: Redis, endpoint: Endpoint, owned: boolean) {
    this.client = client;
    this.endpoint = endpoint;
    this.#owned = owned;
    // Also keeps ioredis from printing "Unhandled error event" for every reconnect attempt.
    client.on('error', this.#recordError);
  }

  /** A client of our own. ioredis is imported here, when a backend opens, never at plugin load. */
  static async create(config: RedisConfig): Promise<Connection> {
    // Certificate files are read before the driver loads: a missing one is a configuration error.
    const { tls: mode, tls_root_cert: rootCert, tls_cert: cert, tls_key: key } = config;
    const tls = mode === 'disable' ? undefined : tlsConnectionOptions({ mode, rootCert, cert, key, keys: TLS_KEYS });
    const { Redis } = await import('ioredis');
    hideFromDebugOutput(config.password);
    const connectTimeoutMs = config.connect_timeout * 1000;
    const commandTimeoutMs = config.command_timeout * 1000;
    const client = new Redis({
      host: config.host,
      port: config.port,
      tls,
      db: config.db,
      password: config.password,
      username: config.username,
      lazyConnect: true,
      connectTimeout: connectTimeoutMs,
      commandTimeout: commandTimeoutMs,
      retryStrategy: retryDelay,
      // Nothing is queued while disconnected: `ready()` waits for the connection instead, so a
      // write that was reported as failed can never be replayed later by a reconnect.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      // Commands in flight when the connection drops fail at once instead of at the command timeout.
      maxRetriesPerRequest: 0,
      // disconnect() arms a timer (2 s by default) waiting for a 'close' that a socket which is
      // already closed never emits again: it kept a failed CLI run alive for two more seconds.
      disconnectTimeout: 0,
    });
    const { host, port, db, password } = config;
    const endpoint = { host, port, db, connectTimeoutMs, commandTimeoutMs, tls: tls !== undefined };
    return new Connection(client, { ...endpoint, secrets: secretsOf(password) }, true);
  }

  /**
   * A client the caller brought; the backend uses it as configured (its own `keyPrefix`, queueing
   * and retry options included) and never closes it.
   */
  static adopt(client: Redis): Connection {
    const options = client.options;
    hideFromDebugOutput(options.password);
    const endpoint: Endpoint = {
      host: options.host ?? 'localhost',
      port: options.port ?? 6379,
      db: options.db ?? 0,
      connectTimeoutMs: options.connectTimeout ?? 10_000,
      commandTimeoutMs: options.commandTimeout,
      tls: options.tls !== undefined,
      secrets: secretsOf(options.password),
    };
    return new Connection(client, endpoint, false);
  }

  /**
   * Resolves once the client is ready; connects a lazy client. A first connect fails at the first
   * refusal; a connection lost later gets until the connect timeout to come back (a restart, a
   * failover), then fails with the reason ioredis last reported.
   */
  async ready(): Promise<void> {
    const { client } = this;
    if (client.status === 'ready') return;
    if (client.status === 'end') throw toConnectionError(new Error('Connection is closed.'), this.endpoint);
    const firstConnect = client.status === 'wait';
    if (firstConnect) this.#lastError = undefined;
    const ready = firstConnect ? { promise: client.connect(), cancel: () => {} } : nextEvent(client, 'ready');
    ready.promise.catch(() => {}); // it may settle after the timeout won the race
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.#lastError ?? noAnswerError()), this.endpoint.connectTimeoutMs);
    });
    try {
      await Promise.race([ready.promise, timeout]);
    } catch (error) {
      throw toConnectionError(this.#lastError ?? error, this.endpoint);
    } finally {
      clearTimeout(timer);
      ready.cancel();
    }
    // ioredis reports a failed SELECT (no such database) as an error event and goes on with
    // database 0; refuse that rather than read and write another database.
    if (firstConnect && this.#lastError !== undefined) throw toConnectionError(this.#lastError, this.endpoint);
  }

  /** Runs commands once the client is ready; any driver failure becomes a `ConnectionError`. */
  async run<T>(commands: (client: Redis) => Promise<T>): Promise<T> {
    await this.ready();
    try {
      const result = await commands(this.client);
      this.#unanswered = false;
      return result;
    } catch (error) {
      this.#unanswered = messageOf(error) === 'Command timed out';
      throw this.failure(error);
    }
  }

  /** A failure found by the backend itself, worded like the driver's. */
  failure(error: unknown): Error {
    return toConnectionError(error, this.endpoint);
  }

  /**
   * Closes a client of our own (waiting for pending replies when connected and answering, so that a
   * failed run does not wait a second command timeout); leaves a brought one alone.
   */
  async close(): Promise<void> {
    if (!this.#owned) {
      this.client.off('error', this.#recordError);
      return;
    }
    if (this.client.status === 'ready' && !this.#unanswered) {
      try {
        await this.client.quit();
        return;
      } catch {
        // Not answered in time: drop the connection below.
      }
    }
    this.client.disconnect();
  }
}

/** Sends a MULTI ... EXEC and returns each reply, throwing the first failed command's error. */
export async function transaction(multi: ChainableCommander): Promise<unknown[]> {
  const replies = await multi.exec();
  if (!replies) throw new Error('the transaction was aborted');
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

/** The next `event` of the client, and a way to stop listening when something else won the race. */
function nextEvent(client: Redis, event: string): { promise: Promise<void>; cancel: () => void } {
  let listener = (): void => {};
  const promise = new Promise<void>((resolve) => {
    listener = resolve;
    client.once(event, listener);
  });
  return { promise, cancel: () => client.off(event, listener) };
}

function secretsOf(password: string | undefined): string[] {
  return password ? [password] : [];
}
