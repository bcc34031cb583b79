import type { ConfidentialVerifier } from '../consensus/confidential-verifier.js';

/** Arguments of `secp256k1_rangeproof_sign`. */
export interface RangeProofSignArgs {
  readonly value: bigint;
  /** Serialized Pedersen commitment of `value` (33 bytes). */
  readonly commitment: Uint8Array;
  /** Serialized asset generator the commitment uses (33 bytes). */
  readonly generator: Uint8Array;
  /** The commitment's value blinding factor (32 bytes). */
  readonly blinder: Uint8Array;
  /** 32-byte rewind nonce. */
  readonly nonce: Uint8Array;
  readonly minValue: bigint;
  /** Base-10 exponent, −1…18. */
  readonly exponent: number;
  /** Minimum number of bits proven, 0…64. */
  readonly minBits: number;
  /** Side-channel message recoverable by rewinding (Elements: asset id ‖ asset blinder). */
  readonly message: Uint8Array;
  /** Extra data committed to (Elements: the output's scriptPubKey). */
  readonly extraCommit: Uint8Array;
}

/** What `secp256k1_rangeproof_rewind` recovers. */
export interface RewoundRangeProof {
  readonly value: bigint;
  readonly blinder: Uint8Array;
  readonly message: Uint8Array;
  readonly minValue: bigint;
  readonly maxValue: bigint;
}

/**
 * The secp256k1-zkp operations that create and open confidential fields, on top of the verifier's.
 * Synchronous; the real implementation (`ZkpConfidentialPrimitives`) is created asynchronously once.
 * No method throws on bad cryptographic input: failures are `null` (the C function returned 0).
 */
export interface ConfidentialPrimitives extends ConfidentialVerifier {
  /** `secp256k1_pedersen_commit(value, blinder, generator)`, serialized; null on failure. */
  commit(value: bigint, blinder: Uint8Array, generator: Uint8Array): Uint8Array | null;
  /**
   * `secp256k1_pedersen_blind_generator_blind_sum`: the value blinding factor of the last entry that
   * makes Σ inputs (v·r + b) = Σ outputs (v·r + b). `values` and `assetBlinders` cover all entries,
   * `valueBlinders` all but the last; the first `nInputs` entries are inputs.
   */
  blindGeneratorBlindSum(
    values: readonly bigint[],
    assetBlinders: readonly Uint8Array[],
    valueBlinders: readonly Uint8Array[],
    nInputs: number,
  ): Uint8Array | null;
  rangeProofSign(args: RangeProofSignArgs): Uint8Array | null;
  rangeProofRewind(
    proof: Uint8Array,
    commitment: Uint8Array,
    generator: Uint8Array,
    nonce: Uint8Array,
    extraCommit: Uint8Array,
  ): RewoundRangeProof | null;
  /**
   * `secp256k1_surjectionproof_initialize` with `min(3, n)` inputs to use and the given iteration
   * limit and seed, serialized; `inputIndex` = the chosen input whose tag equals `outputTag`.
   */
  surjectionProofInitialize(
    inputTags: readonly Uint8Array[],
    outputTag: Uint8Array,
    maxIterations: number,
    seed: Uint8Array,
  ): { proof: Uint8Array; inputIndex: number } | null;
  /** `secp256k1_surjectionproof_generate` on an initialised proof; the serialized proof. */
  surjectionProofGenerate(
    initialized: Uint8Array,
    inputGenerators: readonly Uint8Array[],
    outputGenerator: Uint8Array,
    inputIndex: number,
    inputAssetBlinder: Uint8Array,
    outputAssetBlinder: Uint8Array,
  ): Uint8Array | null;
  /** `secp256k1_ecdh` with the default hash: SHA256(compressed shared point); null if invalid. */
  ecdh(publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array | null;
  /** Compressed public key of a private key; null if the key is invalid. */
  publicKey(privateKey: Uint8Array): Uint8Array | null;
  /** `CPubKey::IsFullyValid`: the bytes parse as a point (33 or 65 bytes). */
  isValidPublicKey(publicKey: Uint8Array): boolean;
}
