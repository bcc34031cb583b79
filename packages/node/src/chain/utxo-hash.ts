import { createHash } from 'node:crypto';
import type { KvReader } from '../storage/kv-store.js';
import { CHAIN_LAYOUT } from './layout.js';

/**
 * A deterministic hash of the UTXO set (like `gettxoutsetinfo`'s hash_serialized, for comparing
 * a chain state with a `-reindex` or a replay): SHA256d over every coin in outpoint-key order, each
 * as outpoint key (36 bytes) || u32le length || stored coin bytes. Returned in internal byte order.
 */
export function utxoSetHash(store: KvReader): { hash: Uint8Array; coins: number } {
  const h = createHash('sha256');
  const len = new Uint8Array(4);
  const dv = new DataView(len.buffer);
  let coins = 0;
  for (const [k, v] of store.range(CHAIN_LAYOUT.range('coin'))) {
    h.update(k.subarray(1));
    dv.setUint32(0, v.length, true);
    h.update(len);
    h.update(v);
    coins++;
  }
  const once = h.digest();
  return { hash: new Uint8Array(createHash('sha256').update(once).digest()), coins };
}
