import { hash160 } from '../crypto/hash.js';
import type { Secp256k1 } from '../crypto/secp256k1.js';
import { AssertionError, assert } from '../encoding/errors.js';
import { bytesEqual, concatBytes, isAllZero } from '../encoding/hex.js';
import type { Destination } from '../script/standard.js';

/**
 * Pay-to-contract key tweak (script spec §7): `P' = P + t·G`, `k' = k + t mod n`, where `t` is the
 * 32 contract-hash bytes in internal (raw digest) order read as a big-endian scalar — exactly what
 * libsecp256k1's `tweak_add` does with the `uint256`'s bytes. A zero contract hash means no tweak.
 */

/** Tweak a public key, keeping its compressed / uncompressed form. */
export function tweakPublicKey(pubkey: Uint8Array, contractHash: Uint8Array, secp: Secp256k1): Uint8Array {
  assert(contractHash.length === 32, 'contract hash must be 32 bytes');
  if (isAllZero(contractHash)) return pubkey.slice();
  return secp.publicKeyTweakAdd(pubkey, contractHash, pubkey.length === 33);
}

/** Tweak a private key: `k + t mod n`. */
export function tweakPrivateKey(key: Uint8Array, contractHash: Uint8Array, secp: Secp256k1): Uint8Array {
  assert(contractHash.length === 32, 'contract hash must be 32 bytes');
  if (isAllZero(contractHash)) return key.slice();
  return secp.privateKeyTweakAdd(key, contractHash);
}

/**
 * `validatederivedkeys` / `CheckValidTweakedAddress` for a P2PKH address: true iff the address's key
 * id is `HASH160(tweak(untweakedPubkey))`. False for a script-hash destination or an invalid key.
 */
export function validateDerivedKey(address: Destination, untweakedPubkey: Uint8Array, contractHash: Uint8Array, secp: Secp256k1): boolean {
  assert(contractHash.length === 32, 'contract hash must be 32 bytes');
  if (address.type !== 'keyhash') return false;
  let tweaked: Uint8Array;
  try {
    tweaked = tweakPublicKey(untweakedPubkey, contractHash, secp);
  } catch (e) {
    if (e instanceof AssertionError) throw e;
    return false; // not a valid public key, or the tweak hit infinity
  }
  return bytesEqual(hash160(tweaked), address.hash);
}

/**
 * The redeem script `OP_m <tweak(P1)> … <tweak(Pn)> OP_n OP_CHECKMULTISIG` of a contract-tweaked
 * multisig (keys tweaked individually, order kept); its P2SH is the derived address.
 */
export function tweakedMultisigScript(required: number, pubkeys: readonly Uint8Array[], contractHash: Uint8Array, secp: Secp256k1): Uint8Array {
  assert(pubkeys.length >= 1 && pubkeys.length <= 16 && required >= 1 && required <= pubkeys.length, 'invalid multisig parameters');
  const parts: Uint8Array[] = [new Uint8Array([0x50 + required])];
  for (const p of pubkeys) {
    const t = tweakPublicKey(p, contractHash, secp);
    parts.push(new Uint8Array([t.length]), t);
  }
  parts.push(new Uint8Array([0x50 + pubkeys.length, 0xae]));
  return concatBytes(...parts);
}

/** Like `validateDerivedKey` for a P2SH multisig address built from untweaked keys. */
export function validateDerivedMultisig(
  address: Destination,
  required: number,
  untweakedPubkeys: readonly Uint8Array[],
  contractHash: Uint8Array,
  secp: Secp256k1,
): boolean {
  assert(contractHash.length === 32, 'contract hash must be 32 bytes');
  if (address.type !== 'scripthash') return false;
  try {
    return bytesEqual(hash160(tweakedMultisigScript(required, untweakedPubkeys, contractHash, secp)), address.hash);
  } catch (e) {
    if (e instanceof AssertionError) throw e;
    return false;
  }
}
