/** Mempool figures shown as metrics (those of `getmempoolinfo`). */
export interface MempoolFigures {
  /** Transactions in the pool. */
  readonly transactions: number;
  /** Sum of their virtual sizes (`getmempoolinfo` `bytes`). */
  readonly bytes: number;
}

/**
 * What the node's gauges read at each scrape. Each returns undefined while the part it reads is
 * not loaded yet (the gauge then keeps its last value).
 */
export interface NodeMetricsSource {
  /** Height of the active chain's tip. */
  chainHeight(): number | undefined;
  /** Height of the best known header (at least the tip's). */
  headerHeight(): number | undefined;
  mempool(): MempoolFigures | undefined;
}

/** Connected P2P peers. The P2P layer plugs one in with `NodeMetrics.setPeerSource`. */
export type PeerCountSource = () => number;
