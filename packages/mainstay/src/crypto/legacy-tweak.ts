/**
 * The original's legacy additive tweak (`crypto.TweakPrivKey` / `TweakPubKey`, spec §1.5): the 16
 * path indices are added as plain integers. Not used by the service; kept for the key tools.
 */
import type { Secp256k1 } from '@ocean-ts/core';
import { commitmentPath } from './commitment-path.js';
import { MainstayCryptoError } from './crypto-error.js';

function sumScalar(commitment: Uint8Array): Uint8Array {
  let sum = 0;
  for (const i of commitmentPath(commitment)) sum += i;
  const out = new Uint8Array(32);
  new DataView(out.buffer).setUint32(28, sum, false);
  return out;
}

/** `k + Σ index_i mod n`. */
export function additiveTweakPrivateKey(secp: Secp256k1, key: Uint8Array, commitment: Uint8Array): Uint8Array {
  if (key.length !== 32 || !secp.privateKeyVerify(key)) throw new MainstayCryptoError('invalid private key');
  const out = secp.privateKeyTweakAdd(key, sumScalar(commitment));
  if (!secp.privateKeyVerify(out)) throw new MainstayCryptoError('tweaked private key is zero');
  return out;
}

/** `K + Σ(index_i · G)`, compressed. */
export function additiveTweakPublicKey(secp: Secp256k1, pubkey: Uint8Array, commitment: Uint8Array): Uint8Array {
  try {
    return secp.publicKeyTweakAdd(pubkey, sumScalar(commitment), true);
  } catch {
    throw new MainstayCryptoError('invalid public key or tweak');
  }
}
