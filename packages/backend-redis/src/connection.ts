import { messageOf } from '@infer/core';
import type { Cluster, Redis } from 'ioredis';
import { clientFor, nodeFailure, secretsOf } from './clients.js';
import type { RedisConfig } from './config-schema.js';
import { hideFromDebugOutput } from './debug-redaction.js';
import { type Endpoint, noAnswerError } from './endpoint.js';
import { isForeignReply, toConnectionError, unconfirmedWrite } from './errors.js';

/** A client of one server, or of a cluster (which sends each command to the master of its keys' slot). */
export type Client = Redis | Cluster;

/** One command as ioredis takes it in a batch: its name, then its arguments. */
export type Command = [name: string, ...args: (string | number)[]];

/**
 * One ioredis client and what the backend needs around it: waiting for it to be ready within the
 * connect timeout, the last error it reported (ioredis rejects a failed connect with a bare
 * "Connection is closed.", the real reason comes as an `error` event), and turning failures into
 * `ConnectionError`s.
 */
export class Connection {
  readonly client: Client;
  readonly endpoint: Endpoint;
  /** Replicas each write waits for (`storage.redis.wait_replicas`); 0 waits for none. */
  readonly #waitReplicas: number;
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

  private constructor(client: Client, endpoint: Endpoint, owned: boolean, waitReplicas: number) {
    this.client = client;
    this.endpoint = endpoint;
    this.#owned = owned;
    this.#waitReplicas = waitReplicas;
    // Also keeps ioredis from printing "Unhandled error event" for every reconnect attempt.
    client.on('error', this.#recordError);
  }

  /** A client of our own. ioredis is imported here, when a backend opens, never at plugin load. */
  static async create(config: RedisConfig): Promise<Connection> {
    const { client, endpoint } = await clientFor(config);
    return new Connection(client, endpoint, true, config.wait_replicas);
  }

  /**
   * A client the caller brought; the backend uses it as configured (its own `keyPrefix`, queueing
   * and retry options included) and never closes it.
   */
  static adopt(client: Redis, waitReplicas = 0): Connection {
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
    return new Connection(client, endpoint, false, waitReplicas);
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
    let timedOut = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(this.#lastError ?? noAnswerError());
      }, this.endpoint.connectTimeoutMs);
    });
    try {
      await Promise.race([ready.promise, timeout]);
    } catch (error) {
      // A cluster that failed to connect before the timeout is asked why by one node (it refused, TLS...).
      const probe = firstConnect && client.isCluster && !timedOut;
      const found = probe ? await nodeFailure(client as Cluster, this.endpoint) : undefined;
      throw toConnectionError(found ?? this.#lastError ?? error, this.endpoint);
    } finally {
      clearTimeout(timer);
      ready.cancel();
    }
    // ioredis reports a failed SELECT (no such database) as an error event and goes on with
    // database 0; refuse that rather than read and write another database. (A cluster has no
    // SELECT, and reports each startup node it could not reach although it reached another.)
    if (firstConnect && !client.isCluster && this.#lastError !== undefined) {
      throw toConnectionError(this.#lastError, this.endpoint);
    }
  }

  /** Runs commands once the client is ready; any driver failure becomes a `ConnectionError`. */
  async run<T>(commands: (client: Client) => Promise<T>): Promise<T> {
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

  /**
   * Runs `commands` as one MULTI/EXEC and returns each reply, throwing the first failed command's error. With
   * `wait_replicas` (unless `wait` is false: a probe), WAIT follows on the same connection (a cluster sends the
   * whole batch to the master of the keys' slot): fewer replicas acknowledging within the command timeout is an
   * error saying so.
   */
  async transaction(commands: Command[], { wait = true } = {}): Promise<unknown[]> {
    const replicas = wait ? this.#waitReplicas : 0;
    if (replicas === 0) return this.run((c) => c.multi(commands).exec().then(repliesOf));
    // WAIT answers a second (or half the timeout) before the command timeout would give up on it: its reply
    // says how many replicas confirmed.
    const commandTimeoutMs = this.endpoint.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    const timeoutMs = Math.floor(Math.max(commandTimeoutMs / 2, commandTimeoutMs - 1000));
    const [exec, waited] = await this.run(async (c) => {
      const batch = await c.pipeline([['multi'], ...commands, ['exec'], ['wait', replicas, timeoutMs]]).exec();
      return repliesOf(batch).slice(-2);
    });
    const failed = (exec as unknown[]).find((reply) => reply instanceof Error);
    if (failed) throw this.failure(failed);
    const acknowledged = Number(waited);
    if (acknowledged < replicas) throw unconfirmedWrite(this.endpoint, { replicas, acknowledged, timeoutMs });
    return exec as unknown[];
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

/** The command timeout WAIT keeps within when a client brought by the caller has none. */
const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

/** The replies of a MULTI/EXEC or a batch, throwing the first failed command's error. */
function repliesOf(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new Error('the transaction was aborted');
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

/** The next `event` of the client, and a way to stop listening when something else won the race. */
function nextEvent(client: Client, event: string): { promise: Promise<void>; cancel: () => void } {
  let listener = (): void => {};
  const promise = new Promise<void>((resolve) => {
    listener = resolve;
    client.once(event, listener);
  });
  return { promise, cancel: () => client.off(event, listener) };
}
