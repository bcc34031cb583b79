import { TxoutType, hash160, solver, toHex, type Secp256k1 } from '@ocean-ts/core';
import type { SigningKey } from './block-signing.js';

/**
 * The keys `signblock` may use (the wallet's `CKeyStore` as `GenericSignScript` sees it): a private
 * key by key id, the HASH160 of the public key in the key's own compressed/uncompressed form.
 * Any signing provider with `getKey(keyId)` (the future wallet, a software or HSM key store)
 * satisfies it.
 */
export interface BlockSigningKeys {
  getKey(keyId: Uint8Array): SigningKey | undefined;
}

/** A node that holds no keys (no wallet yet): `signblock` returns an empty fragment. */
export const NO_BLOCK_SIGNING_KEYS: BlockSigningKeys = Object.freeze({ getKey: () => undefined });

/** Keys given to one `signblock` call (the `privkeys` extension, ADR 0016). */
export class EphemeralBlockSigningKeys implements BlockSigningKeys {
  readonly #keys = new Map<string, SigningKey>();

  constructor(private readonly secp: Secp256k1) {}

  add(privateKey: Uint8Array, compressed: boolean): void {
    this.#keys.set(toHex(hash160(this.secp.publicKeyCreate(privateKey, compressed))), { privateKey, compressed });
  }

  getKey(keyId: Uint8Array): SigningKey | undefined {
    return this.#keys.get(toHex(keyId));
  }
}

/**
 * The held keys that can take part in signing `challenge`: the keys of its public keys (pay to
 * pubkey, bare multisig) or of its key hash (pay to pubkey hash). Other templates need no key the
 * block signer could supply.
 */
export function keysForChallenge(challenge: Uint8Array, keys: BlockSigningKeys): SigningKey[] {
  const { ok, type, solutions } = solver(challenge);
  if (!ok) return [];
  let ids: Uint8Array[];
  switch (type) {
    case TxoutType.PUBKEY:
      ids = [hash160(solutions[0]!)];
      break;
    case TxoutType.PUBKEYHASH:
      ids = [solutions[0]!];
      break;
    case TxoutType.MULTISIG:
      ids = solutions.slice(1, -1).map((pub) => hash160(pub));
      break;
    default:
      return [];
  }
  const out: SigningKey[] = [];
  for (const id of ids) {
    const k = keys.getKey(id);
    if (k !== undefined && !out.some((o) => o.privateKey === k.privateKey)) out.push(k);
  }
  return out;
}
