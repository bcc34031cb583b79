/**
 * The pay-to-contract key tweak (spec mainstay.md §1.2): ordinary BIP32 non-hardened child key
 * derivation along the 16-index path of a commitment, starting from a base key and chaincode.
 * Depth, fingerprint and child number of the result are kept so that the Go `hdkeychain` string
 * of the test vectors can be reproduced; they do not affect the key.
 */
import { createHmac } from 'node:crypto';
import { ExtendedKey, base58CheckEncode, concatBytes, hash160, type Secp256k1 } from '@ocean-ts/core';
import { commitmentPath, isZeroCommitment } from './commitment-path.js';
import { MainstayCryptoError } from './crypto-error.js';

const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HARDENED = 0x80000000;

function toBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function ckdMaterial(chainCode: Uint8Array, pubkey33: Uint8Array, index: number): { il: Uint8Array; ir: Uint8Array } {
  if (!Number.isInteger(index) || index < 0 || index >= HARDENED) throw new MainstayCryptoError(`child index ${index} is not a non-hardened index`);
  const data = new Uint8Array(37);
  data.set(pubkey33, 0);
  new DataView(data.buffer).setUint32(33, index, false);
  const i = new Uint8Array(createHmac('sha512', chainCode).update(data).digest());
  const il = i.slice(0, 32);
  if (toBig(il) >= CURVE_ORDER) throw new MainstayCryptoError(`invalid child key at index ${index} (IL >= n)`);
  return { il, ir: i.slice(32) };
}

function fingerprint(pubkey33: Uint8Array): Uint8Array {
  return hash160(pubkey33).slice(0, 4);
}

/** One BIP32 CKDpub step (non-hardened). */
export function ckdPublic(secp: Secp256k1, parent: ExtendedKey, index: number): ExtendedKey {
  if (parent.isPrivate) throw new MainstayCryptoError('ckdPublic needs a public extended key');
  const { il, ir } = ckdMaterial(parent.chainCode, parent.key, index);
  let child: Uint8Array;
  try {
    child = secp.publicKeyTweakAdd(parent.key, il, true);
  } catch {
    throw new MainstayCryptoError(`invalid child key at index ${index} (point at infinity)`);
  }
  return new ExtendedKey(false, (parent.depth + 1) & 0xff, fingerprint(parent.key), index, ir, child);
}

/** One BIP32 CKDpriv step (non-hardened only: the tweak never uses hardened indices). */
export function ckdPrivate(secp: Secp256k1, parent: ExtendedKey, index: number): ExtendedKey {
  if (!parent.isPrivate) throw new MainstayCryptoError('ckdPrivate needs a private extended key');
  const parentPub = secp.publicKeyCreate(parent.key, true);
  const { il, ir } = ckdMaterial(parent.chainCode, parentPub, index);
  const child = secp.privateKeyTweakAdd(parent.key, il);
  if (!secp.privateKeyVerify(child)) throw new MainstayCryptoError(`invalid child key at index ${index} (zero key)`);
  return new ExtendedKey(true, (parent.depth + 1) & 0xff, fingerprint(parentPub), index, ir, child);
}

function checkChainCode(chainCode: Uint8Array): void {
  if (chainCode.length !== 32) throw new MainstayCryptoError(`chaincode must be 32 bytes, got ${chainCode.length}`);
}

/** The base public key (any valid encoding, used compressed) with its chaincode, at depth 0. */
export function publicRootKey(secp: Secp256k1, pubkey: Uint8Array, chainCode: Uint8Array): ExtendedKey {
  checkChainCode(chainCode);
  if (!secp.publicKeyVerify(pubkey)) throw new MainstayCryptoError('invalid public key');
  return new ExtendedKey(false, 0, new Uint8Array(4), 0, chainCode, secp.publicKeyConvert(pubkey, true));
}

/** The base private key with its chaincode, at depth 0. */
export function privateRootKey(secp: Secp256k1, key: Uint8Array, chainCode: Uint8Array): ExtendedKey {
  checkChainCode(chainCode);
  if (key.length !== 32 || !secp.privateKeyVerify(key)) throw new MainstayCryptoError('invalid private key');
  return new ExtendedKey(true, 0, new Uint8Array(4), 0, chainCode, key);
}

/** Derive along `path` (public or private, following the root). */
export function deriveAlongPath(secp: Secp256k1, root: ExtendedKey, path: readonly number[]): ExtendedKey {
  let k = root;
  for (const index of path) k = k.isPrivate ? ckdPrivate(secp, k, index) : ckdPublic(secp, k, index);
  return k;
}

/** The extended key tweaked by a commitment (internal bytes): 16 CKD steps, no zero special case. */
export function tweakExtendedKey(secp: Secp256k1, root: ExtendedKey, commitment: Uint8Array): ExtendedKey {
  return deriveAlongPath(secp, root, commitmentPath(commitment));
}

/**
 * The compressed public key tweaked by `commitment` (internal bytes). The zero commitment gives the
 * untweaked key (compressed), in both profiles (ADR 0042).
 */
export function tweakPublicKey(secp: Secp256k1, pubkey: Uint8Array, chainCode: Uint8Array, commitment: Uint8Array): Uint8Array {
  const root = publicRootKey(secp, pubkey, chainCode);
  if (isZeroCommitment(commitmentGuard(commitment))) return root.key;
  return tweakExtendedKey(secp, root, commitment).key;
}

/** The private key tweaked by `commitment` (internal bytes); the zero commitment gives the key unchanged. */
export function tweakPrivateKey(secp: Secp256k1, key: Uint8Array, chainCode: Uint8Array, commitment: Uint8Array): Uint8Array {
  const root = privateRootKey(secp, key, chainCode);
  if (isZeroCommitment(commitmentGuard(commitment))) return root.key.slice();
  return tweakExtendedKey(secp, root, commitment).key;
}

function commitmentGuard(c: Uint8Array): Uint8Array {
  commitmentPath(c); // length check
  return c;
}

/**
 * Go `hdkeychain.ExtendedKey.String()` of a key built with EMPTY version bytes, as the original's
 * tests do: Base58Check of the 74-byte body `depth ‖ parent fingerprint ‖ child number ‖
 * chaincode ‖ keydata` without a version prefix.
 */
export function goExtendedKeyString(key: ExtendedKey): string {
  return base58CheckEncode(concatBytes(key.encodeBody()));
}
