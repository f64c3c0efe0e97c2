import { tlsConnectionOptions } from '@infer/core/kit';
import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { type RedisConfig, TLS_KEYS } from './config-schema.js';
import { hideFromDebugOutput } from './debug-redaction.js';
import type { Endpoint } from './endpoint.js';

/**
 * Reconnect attempts from 50 ms apart, backing off to 500 ms, for as long as the backend is open:
 * a refused connect costs nothing, and a restarted server is in use again within half a second.
 */
const retryDelay = (attempt: number): number => Math.min(attempt * 50, 500);

/**
 * The ioredis client `config` describes, not yet connected (`lazyConnect`), and where it connects for messages:
 * one server (`Redis`), or a cluster (`Cluster`) reached through `cluster.nodes`, each node with the settings of
 * one server (password, ACL user, TLS, timeouts). ioredis is imported here, when a backend opens.
 */
export async function clientFor(config: RedisConfig): Promise<{ client: Redis | Cluster; endpoint: Endpoint }> {
  // Certificate files are read before the driver loads: a missing one is a configuration error.
  const { tls: mode, tls_root_cert: rootCert, tls_cert: cert, tls_key: key } = config;
  const tls = mode === 'disable' ? undefined : tlsConnectionOptions({ mode, rootCert, cert, key, keys: TLS_KEYS });
  const ioredis = await import('ioredis');
  hideFromDebugOutput(config.password);
  const connectTimeoutMs = config.connect_timeout * 1000;
  const commandTimeoutMs = config.command_timeout * 1000;
  const node: RedisOptions = {
    tls,
    password: config.password,
    username: config.username,
    connectTimeout: connectTimeoutMs,
    commandTimeout: commandTimeoutMs,
    // Commands in flight when the connection drops fail at once instead of at the command timeout,
    // and are never sent again: a write that was reported as failed is never replayed later.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // disconnect() arms a timer (2 s by default) waiting for a 'close' that a socket which is
    // already closed never emits again: it kept a failed CLI run alive for two more seconds.
    disconnectTimeout: 0,
  };
  const shared = { connectTimeoutMs, commandTimeoutMs, tls: tls !== undefined, secrets: secretsOf(config.password) };
  if (config.cluster) {
    const nodes = config.cluster.nodes.map(addressOf);
    const client = new ioredis.Cluster(nodes, {
      lazyConnect: true,
      redisOptions: node,
      clusterRetryStrategy: retryDelay,
      // A command that failed because its node went away (a master that died) or the cluster is down fails, as on
      // one server, instead of being sent again to the master that took over; a MOVED or ASK redirection, which
      // says the command was not run, is still followed.
      retryDelayOnFailover: 0,
      retryDelayOnClusterDown: 0,
      // Reads go to masters (ioredis's default, said here): a replica may not have the last write yet.
      scaleReads: 'master',
      slotsRefreshTimeout: connectTimeoutMs,
    });
    // ioredis sends a command for a node it is still connecting to (each on first use, or a new master after a
    // MOVED) only with enableOfflineQueue, which also queues every command while the whole cluster is down, to be
    // sent whenever it comes back. It reads the option at each command: on while the cluster is ready (a command
    // waits for its node's connection, within the connect timeout), off otherwise, so that nothing is queued to
    // be sent later: `Connection.ready()` waits for the cluster instead, as for one server.
    Object.defineProperty(client.options, 'enableOfflineQueue', { get: () => client.status === 'ready' });
    const [first] = nodes;
    return { client, endpoint: { ...first!, db: 0, nodes: config.cluster.nodes, ...shared } };
  }
  const { host, port, db } = config;
  const client = new ioredis.Redis({
    ...node,
    host,
    port,
    db,
    lazyConnect: true,
    retryStrategy: retryDelay,
    // Nothing is queued while disconnected: `ready()` waits for the connection instead, so a
    // write that was reported as failed can never be replayed later by a reconnect.
    enableOfflineQueue: false,
  });
  return { client, endpoint: { host, port, db, ...shared } };
}

/**
 * Why no node of a cluster answered, in the words of one server: ioredis says only "Failed to refresh slots
 * cache.", its connections having swallowed the reason (refused, TLS, credentials). One connection to `node` with
 * the cluster's node settings finds it; `undefined` if that connection works.
 */
export async function nodeFailure(cluster: Cluster, { host, port }: { host: string; port: number }): Promise<unknown> {
  const { Redis } = await import('ioredis');
  const probe = new Redis({
    ...cluster.options.redisOptions,
    host,
    port,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  let failure: unknown;
  probe.on('error', (error: unknown) => {
    failure ??= error;
  });
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return failure ?? error;
  } finally {
    probe.disconnect();
  }
}

export function secretsOf(password: string | undefined): string[] {
  return password ? [password] : [];
}

/** `host:port` (the host in brackets when it is an IPv6 address) as ioredis takes a node. */
function addressOf(text: string): { host: string; port: number } {
  const at = text.lastIndexOf(':');
  return { host: text.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(text.slice(at + 1)) };
}
