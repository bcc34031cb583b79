import { base58CheckDecode, base58CheckEncode } from '../encoding/base58.js';
import { DecodeError, assert } from '../encoding/errors.js';
import { concatBytes } from '../encoding/hex.js';
import type { WifKey } from '../address/wif.js';
import type { BitcoinNetwork } from './bitcoin-network.js';

const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** WIF of a Bitcoin private key: Base58Check(`net.wif ‖ key32 [‖ 01]`). */
export function encodeBitcoinWif(key: Uint8Array, compressed: boolean, net: BitcoinNetwork): string {
  assert(key.length === 32, 'private key must be 32 bytes');
  return base58CheckEncode(concatBytes(Uint8Array.of(net.wif), key, compressed ? Uint8Array.of(1) : new Uint8Array(0)));
}

/** Decode a Bitcoin WIF of `net` (32 bytes, or 33 ending in 01; key in 1…n−1); throws `DecodeError`. */
export function decodeBitcoinWif(text: string, net: BitcoinNetwork): WifKey {
  const raw = base58CheckDecode(text);
  if (raw.length < 1 || raw[0] !== net.wif) throw new DecodeError('invalid private key version');
  const data = raw.subarray(1);
  const compressed = data.length === 33 && data[32] === 1;
  if (data.length !== 32 && !compressed) throw new DecodeError('invalid private key encoding');
  const key = data.slice(0, 32);
  let v = 0n;
  for (const b of key) v = (v << 8n) | BigInt(b);
  if (v === 0n || v >= CURVE_ORDER) throw new DecodeError('private key outside allowed range');
  return { key, compressed };
}
