/**
 * The secp256k1-zkp primitives `VerifyAmounts` needs for confidential fields (assets spec §5.1),
 * behind an interface so that the pure explicit path needs no WASM and tests can inject fakes.
 * The real implementation is `ZkpConfidentialVerifier` (zkp-verifier.ts, async factory).
 *
 * Serialized forms are the transaction's: generators `0a|0b || x` (33 bytes), Pedersen commitments
 * `08|09 || x` (33 bytes). No method throws on bad input: failures are `false` / `null`.
 */
export interface ConfidentialVerifier {
  /** `secp256k1_generator_generate(assetId)` (hash-to-curve), serialized. Never fails. */
  generator(assetId: Uint8Array): Uint8Array;
  /**
   * `secp256k1_generator_generate_blinded(assetId, blinder)`, serialized; `null` when the blinder
   * is not a valid scalar.
   */
  blindedGenerator(assetId: Uint8Array, blinder: Uint8Array): Uint8Array | null;
  /** `secp256k1_generator_parse` succeeds. */
  isValidGenerator(generator: Uint8Array): boolean;
  /** `secp256k1_pedersen_commitment_parse` succeeds. */
  isValidCommitment(commitment: Uint8Array): boolean;
  /**
   * `secp256k1_pedersen_commit` with a zero blinding factor: `value·generator`, serialized; `null`
   * when the result is the point at infinity (value 0) or the generator does not parse.
   */
  commitExplicit(value: bigint, generator: Uint8Array): Uint8Array | null;
  /** `secp256k1_pedersen_verify_tally`: Σ inputs − Σ outputs is the point at infinity. */
  verifyTally(inputs: readonly Uint8Array[], outputs: readonly Uint8Array[]): boolean;
  /**
   * `secp256k1_rangeproof_verify(commitment, proof, extraCommit, generator)`: the proven range, or
   * `null` when the proof (or a point) does not verify.
   */
  verifyRangeProof(
    proof: Uint8Array,
    commitment: Uint8Array,
    generator: Uint8Array,
    extraCommit: Uint8Array,
  ): { minValue: bigint; maxValue: bigint } | null;
  /** `secp256k1_surjectionproof_parse` + `_verify` against the ordered `targets`. */
  verifySurjectionProof(proof: Uint8Array, targets: readonly Uint8Array[], outputGenerator: Uint8Array): boolean;
}

/** Thrown when a transaction needs the confidential path but no verifier was supplied. */
export class ConfidentialVerifierRequiredError extends Error {
  override readonly name = 'ConfidentialVerifierRequiredError';
  constructor() {
    super('transaction has confidential fields: a ConfidentialVerifier is required to verify its amounts');
  }
}
