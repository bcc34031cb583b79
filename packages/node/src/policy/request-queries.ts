/**
 * What `getrequests` / `getrequestbids` read (ocean-policy.md §9.5): with `-requestlist` the table
 * kept by `RequestListExtension` (requests stay until the block after their end height, spent or
 * not); without it a live UTXO scan (spent requests and bids vanish at once; a request with
 * `end == tip` is already gone).
 */
import { toHex } from '@ocean-ts/core';
import type { KvReader } from '../storage/kv-store.js';
import type { GuardnodeAssets } from './guardnode-assets.js';
import type { RequestWithBids } from './request-records.js';
import { RequestListExtension } from './request-list-extension.js';
import { scanUtxoRequests } from './request-scan.js';

export interface RequestQueriesOptions extends GuardnodeAssets {
  /** `-requestlist`: read the table instead of scanning the UTXO set. */
  readonly listMode: boolean;
}

export class RequestQueries {
  constructor(
    private readonly store: KvReader,
    private readonly options: RequestQueriesOptions,
  ) {}

  get listMode(): boolean {
    return this.options.listMode;
  }

  /** Every request (txid order) with its bids; `tipHeight` is the active chain's height. */
  all(tipHeight: number): RequestWithBids[] {
    if (this.options.listMode) return RequestListExtension.requests(this.store);
    return [...scanUtxoRequests(this.store, tipHeight, this.options).values()];
  }

  /** One request with its bids, or undefined when unknown (or expired). */
  get(txid: Uint8Array, tipHeight: number): RequestWithBids | undefined {
    if (this.options.listMode) return RequestListExtension.request(this.store, txid);
    return scanUtxoRequests(this.store, tipHeight, this.options).get(toHex(txid));
  }
}
