import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import { ThrowawayRedis } from './redis.js';
import { waitFor } from './wait.js';

const run = promisify(execFile);

/** Masters, each with one replica: the smallest cluster that survives the loss of a master. */
const MASTERS = 3;

/** TLS for the cluster bus and replication too; clients are not asked for a certificate. */
const TLS_NODE = ['--tls-cluster', 'yes', '--tls-replication', 'yes', '--tls-auth-clients', 'no'];

export interface ThrowawayClusterOptions {
  /**
   * `cluster-node-timeout` in ms: how long a node may be unreachable before it is failed over. Short, so a failover
   * takes a few seconds; long enough that a busy machine does not fail over a node that is only slow.
   */
  readonly nodeTimeoutMs?: number;
  /** More `redis-server` arguments for every node, e.g. `passwordArgs(...)` plus `['--masterauth', password]`. */
  readonly args?: readonly string[];
  /**
   * Nodes that speak TLS only, to clients, on the cluster bus and for replication, with a server certificate and a
   * client certificate (a node verifies the certificate of every node that connects to it, and a server
   * certificate is no client certificate), both signed by `caFile`. Clients are not asked for a certificate.
   */
  readonly tls?: {
    readonly certFile: string;
    readonly keyFile: string;
    readonly caFile: string;
    readonly client: { readonly certFile: string; readonly keyFile: string };
  };
}

/** One line of CLUSTER NODES: `<id> <host:port@bus> <flags> <master id or -> ... <slots...>`. */
interface NodeLine {
  readonly id: string;
  readonly address: string;
  readonly flags: readonly string[];
  readonly masterId: string;
  readonly slots: readonly string[];
}

/**
 * A Redis Cluster of the test's own: six `redis-server`s on free loopback ports (three masters, three replicas,
 * nothing on disk), joined by `redis-cli --cluster create`, ready once every node reports `cluster_state:ok`.
 * `killMaster` crashes a master (SIGKILL) and resolves once its replica has taken over. Every node's cluster bus
 * gets a free port of its own (`--cluster-port`), so a data port above 55535 is no problem.
 */
export class ThrowawayRedisCluster {
  readonly host = '127.0.0.1';
  readonly #servers: ThrowawayRedis[];
  readonly #password: string | undefined;
  readonly #caFile: string | undefined;

  private constructor(servers: ThrowawayRedis[], password: string | undefined, caFile: string | undefined) {
    this.#servers = servers;
    this.#password = password;
    this.#caFile = caFile;
  }

  static async start(options: ThrowawayClusterOptions = {}): Promise<ThrowawayRedisCluster> {
    const { nodeTimeoutMs = 1000, args = [], tls } = options;
    const node = [
      ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
      ...['--cluster-node-timeout', String(nodeTimeoutMs)],
      // A replica fails over however long it was cut off: a test kills masters on purpose.
      ...['--cluster-replica-validity-factor', '0'],
      ...args,
    ];
    const started = await Promise.allSettled(
      Array.from({ length: MASTERS * 2 }, async () => {
        const bus = ['--cluster-port', String(await freePort())];
        return tls
          ? ThrowawayRedis.startTls(serverFiles(tls), [...bus, ...TLS_NODE, ...clientCertificate(tls.client), ...node])
          : ThrowawayRedis.start([...bus, ...node]);
      }),
    );
    const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const at = args.indexOf('--requirepass');
    const cluster = new ThrowawayRedisCluster(servers, at < 0 ? undefined : args[at + 1], tls?.caFile);
    try {
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      await cluster.#create();
      await cluster.#settled(cluster.nodes, () => true, 'the new cluster did not report cluster_state:ok');
      await cluster.#replicating();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Every node, running or not, as `host:port`: what `storage.redis.cluster.nodes` lists. */
  get nodes(): string[] {
    return this.#servers.map((server) => `${server.host}:${server.port}`);
  }

  /** A plain client of one node (`host:port`), with the cluster's password, over TLS (unverified) if it has it. */
  client(address: string): Redis {
    const [host, port] = address.split(':');
    const tls = this.#caFile === undefined ? undefined : { rejectUnauthorized: false };
    const options = { host, port: Number(port), tls, password: this.#password };
    return new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 1 });
  }

  /**
   * SIGKILL of a master (`address`, or the first master), as a crash would; resolves with the replica that took
   * over, once every running node reports cluster_state:ok and sees the killed node failed and owning no slot.
   */
  async killMaster(address?: string): Promise<{ killed: string; promoted: string }> {
    const before = await this.#clusterNodes(this.#running()[0]!);
    const victim = before.find((line) => (address ? line.address === address : isMaster(line) && line.slots.length));
    if (!victim || !isMaster(victim)) throw new Error(`${address ?? 'no node'} is no master of the cluster`);
    const replica = before.find((line) => line.masterId === victim.id);
    if (!replica) throw new Error(`master ${victim.address} has no replica to fail over to`);
    await this.#server(victim.address).kill();
    await this.#settled(
      this.#running().map((server) => `${server.host}:${server.port}`),
      (lines) => {
        const [gone, promoted] = [victim, replica].map((n) => lines.find((line) => line.id === n.id));
        return Boolean(gone?.flags.includes('fail') && gone.slots.length === 0 && promoted && isMaster(promoted));
      },
      `master ${victim.address} was not failed over to ${replica.address}`,
    );
    return { killed: victim.address, promoted: replica.address };
  }

  /** Kills every node and removes their directories; safe to call twice. */
  async stop(): Promise<void> {
    await Promise.all(this.#servers.map((server) => server.stop()));
  }

  async #create(): Promise<void> {
    const env = { ...process.env, ...(this.#password === undefined ? {} : { REDISCLI_AUTH: this.#password }) };
    // The certificate names localhost, the nodes are reached as 127.0.0.1: encrypted, unverified.
    const tls = this.#caFile === undefined ? [] : ['--tls', '--cacert', this.#caFile, '--insecure'];
    const create = ['--cluster', 'create', ...this.nodes, '--cluster-replicas', '1', '--cluster-yes'];
    await run('redis-cli', [...tls, ...create], { env, timeout: 30_000 });
  }

  /**
   * Waits until each of `addresses` reports cluster_state:ok and its CLUSTER NODES passes `check`; the deadline
   * allows for a failover (node timeout, election) on a busy machine.
   */
  #settled(addresses: string[], check: (lines: NodeLine[]) => boolean, message: string): Promise<void> {
    return this.#poll(
      addresses,
      async (client) =>
        (await client.cluster('INFO')).includes('cluster_state:ok') && check(await this.#clusterNodes(client)),
      message,
    );
  }

  /** Waits until every replica's link to its master is up (ROLE: `connected`), so that WAIT can count it. */
  #replicating(): Promise<void> {
    return this.#poll(
      this.nodes,
      async (client) => {
        const [role, , , state] = (await client.role()) as unknown[];
        return role === 'master' || state === 'connected';
      },
      'the replicas of the new cluster did not connect to their masters',
    );
  }

  /** Polls each node of `addresses` with `check` until all pass at once, for up to 30 s. */
  async #poll(addresses: string[], check: (client: Redis) => Promise<boolean>, message: string): Promise<void> {
    const clients = addresses.map((address) => this.client(address));
    try {
      await waitFor(
        async () => (await Promise.all(clients.map((client) => check(client).catch(() => false)))).every(Boolean),
        30_000,
        message,
      );
    } finally {
      for (const client of clients) client.disconnect();
    }
  }

  async #clusterNodes(at: Redis | ThrowawayRedis): Promise<NodeLine[]> {
    const client = at instanceof Redis ? at : this.client(`${at.host}:${at.port}`);
    try {
      return parseClusterNodes(String(await client.cluster('NODES')));
    } finally {
      if (client !== at) client.disconnect();
    }
  }

  #running(): ThrowawayRedis[] {
    return this.#servers.filter((server) => server.pid !== undefined);
  }

  #server(address: string): ThrowawayRedis {
    const server = this.#servers.find((s) => `${s.host}:${s.port}` === address);
    if (!server) throw new Error(`${address} is no node of this cluster`);
    return server;
  }
}

/** A node's own certificate, its key and the CA, without the client certificate. */
function serverFiles({ certFile, keyFile, caFile }: { certFile: string; keyFile: string; caFile: string }) {
  return { certFile, keyFile, caFile };
}

/** The certificate a node presents when it connects to another node (the cluster bus, replication). */
function clientCertificate(files: { certFile: string; keyFile: string }): string[] {
  return ['--tls-client-cert-file', files.certFile, '--tls-client-key-file', files.keyFile];
}

function isMaster(line: NodeLine): boolean {
  return line.flags.includes('master');
}

function parseClusterNodes(text: string): NodeLine[] {
  return text
    .trim()
    .split('\n')
    .map((row) => {
      const [id, address, flags, masterId, , , , , ...slots] = row.trim().split(' ');
      return { id: id!, address: address!.split('@')[0]!, flags: flags!.split(','), masterId: masterId!, slots };
    });
}
