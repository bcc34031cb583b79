import { outpointKey as viewKey, type Coin, type CoinView, type OutPoint } from '@ocean-ts/core';
import type { KvReader } from '../storage/kv-store.js';
import { hash32 } from '../storage/key-codec.js';
import { CHAIN_LAYOUT } from './layout.js';
import { decodeCoin } from './coin-codec.js';

const COIN_PREFIX = CHAIN_LAYOUT.key('coin')[0]!;

/**
 * The committed UTXO set of a store, as core's read-only `CoinView`. Every coin read (found or
 * not) is remembered for the life of the view, keyed like core's `CoinViewOverlay`
 * (`outpointKey`), so that what `connectBlock` looked up can be had again without another read
 * (`cached`) — a view lives for one block connection, while the committed state cannot change.
 */
export class StoredCoinView implements CoinView {
  private readonly seen = new Map<string, Coin | undefined>();

  constructor(private readonly store: KvReader) {}

  get(outpoint: OutPoint): Coin | undefined {
    const k = viewKey(outpoint);
    if (this.seen.has(k)) return this.seen.get(k);
    const v = this.store.get(coinKey(outpoint.txid, outpoint.index));
    const coin = v === undefined ? undefined : decodeCoin(v);
    this.seen.set(k, coin);
    return coin;
  }

  /** The coin read earlier for the overlay key `key` (`txidhex:n`); `has` tells whether it was read. */
  cached(key: string): { readonly has: boolean; readonly coin: Coin | undefined } {
    return { has: this.seen.has(key), coin: this.seen.get(key) };
  }
}

/** The `coin` key of an outpoint: prefix || txid (internal order) || u32be index. */
export function coinKey(txid: Uint8Array, index: number): Uint8Array {
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) throw new RangeError(`u32 key part out of range: ${index}`);
  const k = new Uint8Array(37);
  k[0] = COIN_PREFIX;
  k.set(hash32(txid), 1);
  k[33] = index >>> 24;
  k[34] = (index >>> 16) & 0xff;
  k[35] = (index >>> 8) & 0xff;
  k[36] = index & 0xff;
  return k;
}
