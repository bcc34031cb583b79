import { MetricsHttpServer, MetricsRegistry, type HistogramMetric, type MetricsEndpoint } from '@ocean-ts/service-kit';
import type { AddressInfo } from 'node:net';
import type { NodeMetricsSource, PeerCountSource } from './node-metrics-source.js';
import { RpcMetricsObserver } from './rpc-metrics-observer.js';

/** Buckets of the block processing histogram, seconds. */
export const BLOCK_PROCESS_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface NodeMetricsOptions {
  readonly source: NodeMetricsSource;
  /** Add prom-client's process / Node.js metrics (default true). */
  readonly defaultMetrics?: boolean;
  readonly logger?: { warn(message: string): void };
}

/**
 * oceand's Prometheus metrics (`-metrics`, ADR 0019): chain and header height, mempool size,
 * peers, JSON-RPC latency and in-flight requests, block processing time, and the process
 * defaults; served by a `MetricsHttpServer` once `listen` is called.
 */
export class NodeMetrics {
  readonly registry = new MetricsRegistry();
  /** Give this to the `JsonRpcHandler` (`observer` option). */
  readonly rpcObserver: RpcMetricsObserver;
  readonly #blockProcess: HistogramMetric;
  readonly #server: MetricsHttpServer;
  #peers: PeerCountSource = () => 0;

  constructor(options: NodeMetricsOptions) {
    const { source } = options;
    const r = this.registry;
    if (options.defaultMetrics !== false) r.collectDefaultMetrics();
    r.gauge({ name: 'ocean_chain_height', help: 'Height of the active chain tip.', read: () => source.chainHeight() });
    r.gauge({ name: 'ocean_header_height', help: 'Height of the best known block header.', read: () => source.headerHeight() });
    r.gauge({ name: 'ocean_mempool_transactions', help: 'Transactions in the memory pool.', read: () => source.mempool()?.transactions });
    r.gauge({ name: 'ocean_mempool_bytes', help: 'Sum of the virtual sizes of the memory-pool transactions (getmempoolinfo bytes).', read: () => source.mempool()?.bytes });
    r.gauge({ name: 'ocean_peers', help: 'Connected P2P peers.', read: () => this.#peers() });
    this.rpcObserver = new RpcMetricsObserver(r);
    this.#blockProcess = r.histogram({
      name: 'ocean_block_process_duration_seconds',
      help: 'Time to process a new block (checks, connection and mempool update), by result (accepted or rejected).',
      labelNames: ['result'],
      buckets: BLOCK_PROCESS_BUCKETS,
    });
    this.#server = new MetricsHttpServer({ registry: r, ...(options.logger !== undefined ? { logger: options.logger } : {}) });
  }

  /** Where the peer count comes from (the P2P layer, when it exists; 0 until then). */
  setPeerSource(source: PeerCountSource): void {
    this.#peers = source;
  }

  /** Record the processing time of one block. */
  observeBlockProcess(seconds: number, accepted: boolean): void {
    this.#blockProcess.observe(seconds, { result: accepted ? 'accepted' : 'rejected' });
  }

  /** Time `process` (a block submission resolving to its reject, or null when accepted). */
  async timeBlockProcess<T>(process: () => Promise<T>, accepted: (result: T) => boolean): Promise<T> {
    const start = performance.now();
    const result = await process();
    this.observeBlockProcess((performance.now() - start) / 1000, accepted(result));
    return result;
  }

  /** Start serving `GET /metrics`; rejects when the endpoint cannot be bound. */
  listen(endpoint: MetricsEndpoint): Promise<AddressInfo> {
    return this.#server.listen(endpoint);
  }

  get address(): AddressInfo | undefined {
    return this.#server.address;
  }

  close(): Promise<void> {
    return this.#server.close();
  }
}
