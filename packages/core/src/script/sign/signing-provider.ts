/**
 * Where the signing engine gets keys and scripts (Core 0.14's `CKeyStore` as seen by
 * `ProduceSignature`): private keys and public keys by key id, redeem / witness scripts by script
 * id. Key and script ids are HASH160s (20 bytes). The raw-transaction RPC passes a
 * {@link MemorySigningProvider} built from `privkeys` / `prevtxs`; a wallet passes its key store.
 */

/** A private key together with the public-key form it signs for. */
export interface SigningKey {
  /** 32-byte secret. */
  readonly privateKey: Uint8Array;
  /** The key's public key is used compressed (33 bytes) rather than uncompressed (65). */
  readonly compressed: boolean;
}

export interface SigningProvider {
  /** The private key whose public key hashes (HASH160) to `keyId`. */
  getKey(keyId: Uint8Array): SigningKey | undefined;
  /** The serialized public key hashing to `keyId` (held key or watch-only key). */
  getPubKey(keyId: Uint8Array): Uint8Array | undefined;
  /**
   * The script whose HASH160 is `scriptId` (P2SH redeem scripts; P2WSH witness scripts are looked
   * up by `RIPEMD160(SHA256(script))`, which is the same HASH160).
   */
  getScript(scriptId: Uint8Array): Uint8Array | undefined;
}

/** A provider that knows nothing (signing can then only complete scripts that need no key). */
export const EMPTY_SIGNING_PROVIDER: SigningProvider = Object.freeze({
  getKey: () => undefined,
  getPubKey: () => undefined,
  getScript: () => undefined,
});
