/**
 * One secp256k1 interface for the whole code base. Two implementations exist: a native one
 * (libsecp256k1 through the `secp256k1` package, for the node's hot path) and a portable pure-JS one
 * (`@noble/curves`). Both pass the same test-suite.
 *
 * Conventions: private keys are 32 bytes; public keys are 33 (compressed) or 65 (uncompressed)
 * bytes; messages are 32-byte digests used as-is; "compact" signatures are 64 bytes r||s;
 * "DER" signatures are strict DER without a sighash byte.
 */
export interface Secp256k1 {
  /** Name of the backend, e.g. 'native' or 'noble'. */
  readonly name: string;

  /** True iff `key` is a valid private key (0 < k < n). */
  privateKeyVerify(key: Uint8Array): boolean;
  /** Serialized public key of `key`. */
  publicKeyCreate(key: Uint8Array, compressed?: boolean): Uint8Array;
  /** True iff `pubkey` parses as a valid compressed/uncompressed/hybrid point. */
  publicKeyVerify(pubkey: Uint8Array): boolean;
  /** Re-serialize a public key; throws on an invalid key. */
  publicKeyConvert(pubkey: Uint8Array, compressed: boolean): Uint8Array;
  /** P + t·G (t a 32-byte big-endian scalar); throws if the tweak is invalid or the result is infinity. */
  publicKeyTweakAdd(pubkey: Uint8Array, tweak: Uint8Array, compressed?: boolean): Uint8Array;
  /** k + t mod n; throws if invalid. */
  privateKeyTweakAdd(key: Uint8Array, tweak: Uint8Array): Uint8Array;
  /** Sum of public keys; throws on infinity. */
  publicKeyCombine(pubkeys: Uint8Array[], compressed?: boolean): Uint8Array;

  /** RFC6979 deterministic, low-S ECDSA signature: compact 64 bytes plus recovery id. */
  sign(msg32: Uint8Array, key: Uint8Array, extraEntropy?: Uint8Array): { signature: Uint8Array; recovery: number };
  /**
   * Verify a compact signature. High-S signatures FAIL (like libsecp256k1); callers that accept
   * high-S must normalize first.
   */
  verify(msg32: Uint8Array, compactSig: Uint8Array, pubkey: Uint8Array): boolean;
  /** Normalize a compact signature to low-S. */
  signatureNormalize(compactSig: Uint8Array): Uint8Array;
  /** Strict DER → compact; throws if not strict DER or r/s overflow. */
  signatureImport(der: Uint8Array): Uint8Array;
  /** compact → strict DER. */
  signatureExport(compactSig: Uint8Array): Uint8Array;
  /** Recover the public key from a compact signature and recovery id (0..3). */
  recover(msg32: Uint8Array, compactSig: Uint8Array, recovery: number, compressed?: boolean): Uint8Array;
  /** ECDH as libsecp256k1 does by default: SHA256(compressed shared point). */
  ecdh(pubkey: Uint8Array, key: Uint8Array): Uint8Array;
}
