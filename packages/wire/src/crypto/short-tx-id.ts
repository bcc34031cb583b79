import { Writer, assert, sha256, type BlockHeader } from '@ocean-ts/core';
import { SipHashKey, siphash24 } from './siphash.js';

/** Low 48 bits: a BIP152 short transaction id is 6 bytes. */
const SHORT_ID_MASK = (1n << 48n) - 1n;

/**
 * BIP152 `FillShortTxIDSelector`: k0, k1 are the first two little-endian uint64 words of a single
 * SHA256 of the header in network serialization (Ocean: challenge and solution included) followed
 * by the uint64 LE nonce.
 */
export function compactBlockKey(header: BlockHeader, nonce: bigint): SipHashKey {
  const w = new Writer(256);
  header.write(w, true);
  w.u64le(nonce);
  const d = sha256(w.finish());
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  return new SipHashKey(view.getBigUint64(0, true), view.getBigUint64(8, true));
}

/** `GetShortID`: SipHash-2-4 of the 32-byte txid (v1) or full-serialization hash (v2), low 48 bits. */
export function shortTxId(key: SipHashKey, hash: Uint8Array): bigint {
  assert(hash.length === 32, 'short ids hash 32-byte transaction hashes');
  return siphash24(key, hash) & SHORT_ID_MASK;
}
