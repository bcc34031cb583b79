import { base58CheckDecode, base58CheckEncode } from '../encoding/base58.js';
import { DecodeError, assert } from '../encoding/errors.js';
import { concatBytes } from '../encoding/hex.js';
import type { Base58Prefixes } from '../chain/base58-prefixes.js';

/** secp256k1 group order. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A private key as WIF carries it. */
export interface WifKey {
  readonly key: Uint8Array;
  /** The public key is used in compressed form (WIF has the `01` suffix). */
  readonly compressed: boolean;
}

function validScalar(key: Uint8Array): boolean {
  let v = 0n;
  for (const b of key) v = (v << 8n) | BigInt(b);
  return v > 0n && v < CURVE_ORDER;
}

/** WIF: Base58Check of `SECRET_KEY || key32 [|| 01]`. */
export function encodeWif(key: Uint8Array, compressed: boolean, prefixes: Base58Prefixes): string {
  assert(key.length === 32, 'private key must be 32 bytes');
  return base58CheckEncode(concatBytes(new Uint8Array([prefixes.secretKey]), key, compressed ? new Uint8Array([1]) : new Uint8Array(0)));
}

/**
 * Decode WIF (`CBitcoinSecret`): version SECRET_KEY, 32 bytes or 33 ending in `01`, and a key in
 * 1…n−1. Throws `DecodeError` otherwise.
 */
export function decodeWif(text: string, prefixes: Base58Prefixes): WifKey {
  const raw = base58CheckDecode(text);
  if (raw.length < 1 || raw[0] !== prefixes.secretKey) throw new DecodeError('invalid private key version');
  const data = raw.subarray(1);
  const compressed = data.length === 33 && data[32] === 1;
  if (data.length !== 32 && !compressed) throw new DecodeError('invalid private key encoding');
  const key = data.slice(0, 32);
  if (!validScalar(key)) throw new DecodeError('private key outside allowed range');
  return { key, compressed };
}

/** True when `decodeWif` succeeds. */
export function isValidWif(text: string, prefixes: Base58Prefixes): boolean {
  try {
    decodeWif(text, prefixes);
    return true;
  } catch (e) {
    if (e instanceof DecodeError) return false;
    throw e;
  }
}
