import type { Coin, CoinView, OutPoint } from '@ocean-ts/core';
import type { KvReader } from '../storage/kv-store.js';
import { outpointKey } from '../storage/key-codec.js';
import { CHAIN_LAYOUT } from './layout.js';
import { decodeCoin } from './coin-codec.js';

/** The committed UTXO set of a store, as core's read-only `CoinView`. */
export class StoredCoinView implements CoinView {
  constructor(private readonly store: KvReader) {}

  get(outpoint: OutPoint): Coin | undefined {
    const v = this.store.get(coinKey(outpoint.txid, outpoint.index));
    return v === undefined ? undefined : decodeCoin(v);
  }
}

export function coinKey(txid: Uint8Array, index: number): Uint8Array {
  return CHAIN_LAYOUT.key('coin', outpointKey(txid, index));
}
