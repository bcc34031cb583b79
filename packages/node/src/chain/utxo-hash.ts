import { createHash } from 'node:crypto';
import type { KvReader } from '../storage/kv-store.js';
import { CHAIN_LAYOUT } from './layout.js';

/**
 * A deterministic hash of the UTXO set (like `gettxoutsetinfo`'s hash_serialized, for comparing
 * a chain state with a `-reindex` or a replay): SHA256d over every coin in outpoint-key order, each
 * as outpoint key (36 bytes) || u32le length || stored coin bytes. Returned in internal byte order.
 */
export function utxoSetHash(store: KvReader): UtxoSetStats {
  const h = createHash('sha256');
  const len = new Uint8Array(4);
  const dv = new DataView(len.buffer);
  let coins = 0;
  let transactions = 0;
  let bytes = 0;
  let lastTxid: Uint8Array | undefined;
  for (const [k, v] of store.range(CHAIN_LAYOUT.range('coin'))) {
    const outpoint = k.subarray(1);
    // keys are in outpoint order, so the coins of one transaction are adjacent
    const txid = outpoint.subarray(0, 32);
    if (!lastTxid || !txid.every((b, i) => b === lastTxid![i])) transactions++;
    lastTxid = txid;
    h.update(outpoint);
    dv.setUint32(0, v.length, true);
    h.update(len);
    h.update(v);
    coins++;
    bytes += v.length;
  }
  const once = h.digest();
  return { hash: new Uint8Array(createHash('sha256').update(once).digest()), coins, transactions, bytes };
}

/** `utxoSetHash`'s result: the hash plus the counts `gettxoutsetinfo` reports. */
export interface UtxoSetStats {
  readonly hash: Uint8Array;
  /** Unspent outputs. */
  readonly coins: number;
  /** Distinct transactions with unspent outputs. */
  readonly transactions: number;
  /** Total size of the stored coins. */
  readonly bytes: number;
}
