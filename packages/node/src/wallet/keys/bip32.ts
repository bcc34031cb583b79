import { createHmac } from 'node:crypto';
import { ExtendedKey, hash160, type Secp256k1 } from '@ocean-ts/core';

/** Child numbers at or above this are hardened (`BIP32_HARDENED_KEY_LIMIT`). */
export const BIP32_HARDENED_KEY_LIMIT = 0x80000000;

const SEED_KEY = new TextEncoder().encode('Bitcoin seed');

function hmacSha512(key: Uint8Array, ...data: Uint8Array[]): Uint8Array {
  const h = createHmac('sha512', key);
  for (const d of data) h.update(d);
  const out = h.digest();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function be32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/**
 * BIP32 private derivation as Core 0.14's `CExtKey` (core has only the extended-key codec, not the
 * derivation, and must not use node:crypto's HMAC; this lives here until core grows a pure one).
 */

/** `CExtKey::SetMaster(seed)`: `I = HMAC-SHA512("Bitcoin seed", seed)`, key `I_L`, chain code `I_R`. */
export function masterKeyFromSeed(seed: Uint8Array, secp: Secp256k1): ExtendedKey {
  const i = hmacSha512(SEED_KEY, seed);
  const key = i.slice(0, 32);
  if (!secp.privateKeyVerify(key)) throw new RangeError('bip32: the seed gives an invalid master key');
  return new ExtendedKey(true, 0, new Uint8Array(4), 0, i.slice(32, 64), key);
}

/**
 * `CExtKey::Derive(out, child)`: hardened children (`child >= 2^31`) hash `00 || k`, normal ones
 * the compressed public key; the child key is `I_L + k mod n`, the fingerprint the first 4 bytes of
 * HASH160 of the parent's compressed public key. Throws in the (2^-127) case of an invalid child.
 */
export function deriveChild(parent: ExtendedKey, child: number, secp: Secp256k1): ExtendedKey {
  if (!parent.isPrivate) throw new TypeError('bip32: deriveChild needs an extended private key');
  if (!Number.isInteger(child) || child < 0 || child > 0xffffffff) throw new RangeError(`bip32: child number ${child} is not a uint32`);
  if (parent.depth >= 255) throw new RangeError('bip32: depth would exceed 255');
  const parentPub = secp.publicKeyCreate(parent.key, true);
  const data = child >= BIP32_HARDENED_KEY_LIMIT ? Uint8Array.of(0, ...parent.key) : parentPub;
  const i = hmacSha512(parent.chainCode, data, be32(child));
  const key = secp.privateKeyTweakAdd(parent.key, i.slice(0, 32));
  return new ExtendedKey(true, parent.depth + 1, hash160(parentPub).slice(0, 4), child, i.slice(32, 64), key);
}

/** Derive along `path` (child numbers, hardened ones already offset by 2^31). */
export function derivePath(root: ExtendedKey, path: readonly number[], secp: Secp256k1): ExtendedKey {
  let k = root;
  for (const c of path) k = deriveChild(k, c, secp);
  return k;
}
