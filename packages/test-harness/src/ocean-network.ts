import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { HarnessNode } from './harness-node.js';
import { topologyEdges, type Topology } from './topology.js';
import { waitFor } from './wait-for.js';

/** Options every node gets unless it overrides them: a regtest chain with free coins, quiet console. */
export const DEFAULT_CHAIN_ARGS: readonly string[] = ['-chain=elementsregtest', '-initialfreecoins=2100000000000000', '-printtoconsole=0'];

export interface NodeSpec {
  /** Default `node<i>`. */
  readonly name?: string;
  /** Options after the network's `commonArgs` (later options win). */
  readonly args?: readonly string[];
}

export interface NetworkOptions {
  /** How many nodes, or one spec per node. */
  readonly nodes: number | readonly NodeSpec[];
  /** Default `line`. */
  readonly topology?: Topology;
  /**
   * Default true: every edge is two connections, one opened from each side (the functional
   * tests' `connect_nodes_bi`). A node in initial block download fetches blocks only from
   * outbound peers (Core's `fPreferredDownload`), so a fresh node whose only outbound peer has
   * nothing would never take the blocks an inbound peer announces.
   */
  readonly bidirectional?: boolean;
  /** Default `DEFAULT_CHAIN_ARGS`. */
  readonly commonArgs?: readonly string[];
  /** Nodes to leave stopped at first (by index); their edges come up when they are started. */
  readonly stopped?: readonly number[];
  /** Temp directory prefix. */
  readonly prefix?: string;
}

/** What `node:test`'s `t` offers that the harness needs. */
export interface TestContextLike {
  after(fn: () => unknown): void;
}

interface Edge {
  readonly from: HarnessNode;
  readonly to: HarnessNode;
  /** Cut by `partition` (until `reconnect`). */
  cut: boolean;
}

interface PeerRow {
  readonly addr: string;
  readonly inbound: boolean;
  readonly version: number;
}

const DEFAULT_SYNC_TIMEOUT_MS = 60_000;

/**
 * N real oceand processes on loopback, each with its own temp data directory, RPC port and P2P
 * port. Connections are made with `addnode <peer> onetry` (no automatic reconnection), so the
 * harness alone decides the topology: it remembers every edge and brings edges back after a
 * restart, a `reconnect` or a `rejoin`. Everything is killed and removed in `t.after`.
 */
export class OceanNetwork {
  readonly nodes: HarnessNode[] = [];
  readonly root: string;
  readonly #edges: Edge[] = [];
  readonly #isolated = new Set<HarnessNode>();
  readonly #commonArgs: readonly string[];
  #stopped = false;

  private constructor(root: string, commonArgs: readonly string[]) {
    this.root = root;
    this.#commonArgs = commonArgs;
  }

  /** Creates, starts and connects the nodes; `t.after` stops them whatever the test's outcome. */
  static async start(t: TestContextLike, options: NetworkOptions): Promise<OceanNetwork> {
    const net = new OceanNetwork(mkdtempSync(join(tmpdir(), options.prefix ?? 'ocean-harness-')), options.commonArgs ?? DEFAULT_CHAIN_ARGS);
    t.after(() => net.stopAll());
    const specs: readonly NodeSpec[] = typeof options.nodes === 'number' ? Array.from({ length: options.nodes }, () => ({})) : options.nodes;
    try {
      for (const spec of specs) await net.addNode(spec, { start: false });
      const stopped = new Set(options.stopped ?? []);
      await Promise.all(net.nodes.filter((_, i) => !stopped.has(i)).map((n) => n.start()));
      const both = options.bidirectional ?? true;
      for (const [a, b] of topologyEdges(options.topology ?? 'line', net.nodes.length)) {
        net.#edges.push({ from: net.nodes[a]!, to: net.nodes[b]!, cut: false });
        if (both) net.#edges.push({ from: net.nodes[b]!, to: net.nodes[a]!, cut: false });
      }
      await net.settle();
    } catch (e) {
      await net.stopAll();
      throw e;
    }
    return net;
  }

  node(i: number): HarnessNode {
    const n = this.nodes[i];
    if (n === undefined) throw new Error(`no node ${i}`);
    return n;
  }

  /** Adds a node (free ports, fresh data directory) and starts it unless `start: false`; not connected. */
  async addNode(spec: NodeSpec = {}, { start = true }: { start?: boolean } = {}): Promise<HarnessNode> {
    if (this.#stopped) throw new Error('network stopped');
    const name = spec.name ?? `node${this.nodes.length}`;
    if (this.nodes.some((n) => n.name === name)) throw new Error(`duplicate node name ${name}`);
    const datadir = join(this.root, name);
    mkdirSync(datadir);
    const [rpcPort, p2pPort] = await distinctFreePorts(2, this.nodes.flatMap((n) => [n.rpcPort, n.p2pPort]));
    const node = new HarnessNode({ name, datadir, rpcPort: rpcPort!, p2pPort: p2pPort!, args: [...this.#commonArgs, ...(spec.args ?? [])] });
    this.nodes.push(node);
    if (start) await node.start();
    return node;
  }

  /**
   * `from` opens a connection to `to` (and, unless `bidirectional: false`, `to` one to `from`);
   * waits until both sides completed the handshakes.
   */
  async connect(from: HarnessNode, to: HarnessNode, { bidirectional = true }: { bidirectional?: boolean } = {}): Promise<void> {
    if (from === to) throw new Error('a node cannot connect to itself');
    for (const [x, y] of bidirectional ? [[from, to], [to, from]] : [[from, to]]) {
      const existing = this.#edges.find((e) => e.from === x && e.to === y);
      if (existing) existing.cut = false;
      else this.#edges.push({ from: x!, to: y!, cut: false });
    }
    await this.settle();
  }

  /** Removes the edge between `a` and `b` (either direction) and waits until the peers are gone. */
  async disconnect(a: HarnessNode, b: HarnessNode): Promise<void> {
    const edges = this.#edges.filter((e) => (e.from === a && e.to === b) || (e.from === b && e.to === a));
    for (const e of edges) this.#edges.splice(this.#edges.indexOf(e), 1);
    await Promise.all(edges.map((e) => this.#drop(e)));
    await this.settle();
  }

  /**
   * Splits the network into `groups`: every edge between nodes of different groups is cut
   * (`disconnectnode` on the connecting side; nothing reconnects it) until `reconnect()`.
   */
  async partition(...groups: readonly (readonly HarnessNode[])[]): Promise<void> {
    const groupOf = new Map<HarnessNode, number>();
    groups.forEach((g, i) => g.forEach((n) => groupOf.set(n, i)));
    const crossing = this.#edges.filter((e) => !e.cut && groupOf.get(e.from) !== groupOf.get(e.to));
    for (const e of crossing) e.cut = true;
    await Promise.all(crossing.map((e) => this.#drop(e)));
    await this.settle();
  }

  /** Heals every partition: cut edges come back (and isolated nodes rejoin). */
  async reconnect(): Promise<void> {
    for (const e of this.#edges) e.cut = false;
    for (const n of [...this.#isolated]) {
      this.#isolated.delete(n);
      if (n.running) await n.call('setnetworkactive', [true]);
    }
    await this.settle();
  }

  /** `setnetworkactive false` on `node`: it drops every peer and refuses new ones until `rejoin`. */
  async isolate(node: HarnessNode): Promise<void> {
    this.#isolated.add(node);
    await node.call('setnetworkactive', [false]);
    await this.settle();
  }

  /** `setnetworkactive true` and its edges come back. */
  async rejoin(node: HarnessNode): Promise<void> {
    this.#isolated.delete(node);
    await node.call('setnetworkactive', [true]);
    await this.settle();
  }

  /** Starts a stopped node (same data directory and options) and brings its edges back. */
  async startNode(node: HarnessNode): Promise<void> {
    await node.start();
    if (this.#isolated.has(node)) await node.call('setnetworkactive', [false]);
    await this.settle();
  }

  /** Stops `node` with RPC `stop` (its peers see it go). */
  async stopNode(node: HarnessNode): Promise<void> {
    await node.stop();
    await this.settle();
  }

  /** `kill -9` of `node`. Its data directory stays; `startNode` brings it back. */
  async killNode(node: HarnessNode): Promise<void> {
    await node.kill();
    await this.settle();
  }

  /** Stop and start `node`, keeping its data directory; its edges come back. */
  async restartNode(node: HarnessNode): Promise<void> {
    await node.stop();
    await this.startNode(node);
  }

  /**
   * Waits until the connections are what the harness wants: for every edge between two running,
   * non-isolated nodes that is not cut, `from` has `to` as a handshaked outbound peer (asked
   * again with `addnode onetry` while it has not), and every node has exactly as many
   * handshaked peers as it has such edges (so dropped connections are gone on both sides).
   * Connections the harness did not make (raw test peers) break the count: settle before them.
   */
  async settle(timeoutMs = 30_000): Promise<void> {
    const up = (n: HarnessNode) => n.running && !this.#isolated.has(n);
    const wanted = this.#edges.filter((e) => !e.cut && up(e.from) && up(e.to));
    const asked = new Map<Edge, number>();
    let seen = '';
    try {
      await waitFor(
        async () => {
          const rows = new Map<HarnessNode, PeerRow[]>();
          await Promise.all(this.nodes.filter(up).map(async (n) => rows.set(n, await n.call<PeerRow[]>('getpeerinfo'))));
          seen = [...rows].map(([n, p]) => `${n.name}: [${p.map((x) => `${x.inbound ? 'in' : 'out'} ${x.addr} v${x.version}`).join(', ')}]`).join('; ');
          let ok = true;
          for (const e of wanted) {
            const row = rows.get(e.from)!.find((p) => !p.inbound && p.addr === e.to.p2pAddress);
            if (row === undefined) {
              ok = false;
              // ask again at most every 2 s (an attempt against a node still starting fails)
              if (Date.now() - (asked.get(e) ?? 0) > 2_000) {
                asked.set(e, Date.now());
                await e.from.call('addnode', [e.to.p2pAddress, 'onetry']);
              }
            } else if (row.version === 0) ok = false;
          }
          for (const [n, peers] of rows) {
            const degree = wanted.filter((e) => e.from === n || e.to === n).length;
            if (peers.length !== degree || peers.some((p) => p.version === 0)) ok = false;
          }
          return ok;
        },
        { timeoutMs, intervalMs: 100, what: 'the harness topology' },
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; wanted ${wanted.map((w) => `${w.from.name}->${w.to.name}`).join(', ') || 'no edges'}; peers ${seen}`);
    }
  }

  async #drop(e: Edge): Promise<void> {
    if (!e.from.running) return;
    const r = await e.from.rpc.request('disconnectnode', [e.to.p2pAddress]);
    // -29: not connected (already gone) is fine
    if (r.error && r.error.code !== -29) throw new Error(`disconnectnode ${e.to.p2pAddress} on ${e.from.name}: ${r.error.code} ${r.error.message}`);
  }

  /** Waits until every node (default: all running ones) has the same best block; returns its hash. */
  async syncBlocks(nodes: readonly HarnessNode[] = this.nodes.filter((n) => n.running), timeoutMs = DEFAULT_SYNC_TIMEOUT_MS): Promise<string> {
    let seen: string[] = [];
    return waitFor(
      async () => {
        const hashes = await Promise.all(nodes.map((n) => n.call<string>('getbestblockhash')));
        if (hashes.every((h) => h === hashes[0])) return hashes[0];
        seen = await Promise.all(nodes.map(async (n, i) => `${n.name} ${await n.call<number>('getblockcount')} ${hashes[i]!.slice(0, 16)}`));
        return false;
      },
      { timeoutMs, what: `the same best block on ${nodes.map((n) => n.name).join(', ')}` },
    ).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}; tips: ${seen.join(', ')}`);
    });
  }

  /** Waits until every node (default: all running ones) has the same mempool; returns its txids (sorted). */
  async syncMempools(nodes: readonly HarnessNode[] = this.nodes.filter((n) => n.running), timeoutMs = DEFAULT_SYNC_TIMEOUT_MS): Promise<string[]> {
    let seen: string[] = [];
    return waitFor(
      async () => {
        const pools = await Promise.all(nodes.map(async (n) => (await n.call<string[]>('getrawmempool')).sort()));
        const keys = pools.map((p) => p.join(','));
        if (keys.every((k) => k === keys[0])) return pools[0]!;
        seen = nodes.map((n, i) => `${n.name} [${pools[i]!.map((x) => x.slice(0, 8)).join(' ')}]`);
        return false;
      },
      { timeoutMs, what: `the same mempool on ${nodes.map((n) => n.name).join(', ')}` },
    ).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}; mempools: ${seen.join(', ')}`);
    });
  }

  /** Kills every node and removes the data directories (idempotent; `t.after` calls it). */
  async stopAll(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.nodes.map((n) => n.kill()));
    rmSync(this.root, { recursive: true, force: true });
  }
}

async function distinctFreePorts(count: number, taken: readonly number[]): Promise<number[]> {
  const out: number[] = [];
  while (out.length < count) {
    const p = await freePort();
    if (!taken.includes(p) && !out.includes(p)) out.push(p);
  }
  return out;
}
