/**
 * The request table computed from the UTXO set (ocean-policy.md §9.5): what the reference builds at
 * start-up, and what its RPCs compute live without `-requestlist`.
 */
import {
  bytesEqual,
  compareBids,
  findBid,
  isBidValidFor,
  isRequestValidAt,
  parseRequestScript,
  toHex,
  type TxOut,
} from '@ocean-ts/core';
import { CHAIN_LAYOUT } from '../chain/layout.js';
import { decodeCoin } from '../chain/coin-codec.js';
import type { KvReader } from '../storage/kv-store.js';
import type { GuardnodeAssets } from './guardnode-assets.js';
import type { ListedBid, RequestWithBids } from './request-records.js';

interface CoinGroup {
  txid: Uint8Array;
  height: number;
  isCoinbase: boolean;
  outputs: (TxOut | undefined)[];
}

/** The unspent outputs of each transaction, in txid order. */
function* coinGroups(store: KvReader): Generator<CoinGroup> {
  const prefixLength = CHAIN_LAYOUT.key('coin').length;
  let group: CoinGroup | undefined;
  for (const [k, v] of store.range(CHAIN_LAYOUT.range('coin'))) {
    const txid = k.subarray(prefixLength, prefixLength + 32);
    const index = new DataView(k.buffer, k.byteOffset + prefixLength + 32, 4).getUint32(0, false);
    const coin = decodeCoin(v);
    if (group === undefined || !bytesEqual(group.txid, txid)) {
      if (group !== undefined) yield group;
      group = { txid: txid.slice(), height: coin.height, isCoinbase: coin.isCoinbase, outputs: [] };
    }
    group.outputs[index] = coin.out;
  }
  if (group !== undefined) yield group;
}

/**
 * Requests valid above `tipHeight` (one remaining output, not coinbase, output 0 an explicit
 * PERMISSION request) with their valid bids (from every non-coinbase entry), keyed by txid hex,
 * in txid order; each bid set ordered and cut to `numTickets`.
 */
export function scanUtxoRequests(store: KvReader, tipHeight: number, assets: GuardnodeAssets): Map<string, RequestWithBids> {
  const requests = new Map<string, RequestWithBids>();
  const candidates: ListedBid[] = [];
  const permission = assets.permissionAsset;
  for (const g of coinGroups(store)) {
    if (g.isCoinbase) continue;
    const out0 = g.outputs[0];
    if (permission !== undefined && g.outputs.length === 1 && out0 !== undefined && out0.asset.isExplicit && bytesEqual(out0.asset.id, permission)) {
      const terms = parseRequestScript(out0.scriptPubKey);
      if (terms !== undefined && isRequestValidAt(terms, tipHeight)) {
        requests.set(toHex(g.txid), { request: { ...terms, txid: g.txid, confirmedBlockHeight: g.height }, bids: [] });
      }
    }
    const bid = findBid(g.outputs, assets.domainAsset);
    if (bid !== undefined) {
      candidates.push({
        requestTxid: bid.requestTxid,
        txid: g.txid,
        confirmedBlockHeight: g.height,
        lockHeight: bid.lockHeight,
        stake: bid.stake,
        feePubKey: bid.feePubKey,
      });
    }
  }
  for (const bid of candidates) {
    const entry = requests.get(toHex(bid.requestTxid));
    if (entry !== undefined && isBidValidFor(entry.request, bid)) entry.bids.push(bid);
  }
  for (const entry of requests.values()) {
    entry.bids.sort(compareBids);
    if (entry.bids.length > entry.request.numTickets) entry.bids.length = entry.request.numTickets;
  }
  return requests;
}
