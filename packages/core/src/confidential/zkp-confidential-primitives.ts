/**
 * `ConfidentialPrimitives` over `@vulpemventures/secp256k1-zkp` (the same WASM instance the verifier
 * uses, see consensus/zkp-loader.ts). Verification and parsing are delegated to
 * `ZkpConfidentialVerifier`; creation, rewinding, ECDH and key handling call the library directly.
 *
 * Library facts relied on (checked by the tests): `pedersen.blindGeneratorBlindSum` takes n values
 * and asset blinders but n − 1 value blinders and returns the n-th; `rangeproof.rewind` recovers at
 * most 64 message bytes (Elements' side channel is exactly 64); `surjectionproof.initialize` uses
 * min(3, n) inputs, like Elements; `ecdh` hashes the compressed shared point with SHA-256 and
 * expects a 33-byte public key.
 */
import type { Zkp } from '../consensus/zkp-loader.js';
import { loadZkp } from '../consensus/zkp-loader.js';
import { ZkpConfidentialVerifier } from '../consensus/zkp-verifier.js';
import type { ConfidentialPrimitives, RangeProofSignArgs, RewoundRangeProof } from './confidential-primitives.js';
import { isPrivateKey, isScalar } from './key-checks.js';

const UINT64_MAX = (1n << 64n) - 1n;
/** `SECP256K1_SURJECTIONPROOF_MAX_N_INPUTS`. */
const SURJECTION_MAX_INPUTS = 256;

function isU64(v: bigint): boolean {
  return v >= 0n && v <= UINT64_MAX;
}

/** Run a library call that throws on failure; `null` instead of the exception. */
function attempt<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

export class ZkpConfidentialPrimitives implements ConfidentialPrimitives {
  private constructor(
    private readonly zkp: Zkp,
    private readonly verifier: ZkpConfidentialVerifier,
  ) {}

  /** Initialise the WASM module (shared with the verifier) and build the primitives. */
  static async create(): Promise<ZkpConfidentialPrimitives> {
    const [zkp, verifier] = await Promise.all([loadZkp(), ZkpConfidentialVerifier.create()]);
    return new ZkpConfidentialPrimitives(zkp, verifier);
  }

  // --- verifier part (delegated) ---

  generator(assetId: Uint8Array): Uint8Array {
    return this.verifier.generator(assetId);
  }

  blindedGenerator(assetId: Uint8Array, blinder: Uint8Array): Uint8Array | null {
    return this.verifier.blindedGenerator(assetId, blinder);
  }

  isValidGenerator(generator: Uint8Array): boolean {
    return this.verifier.isValidGenerator(generator);
  }

  isValidCommitment(commitment: Uint8Array): boolean {
    return this.verifier.isValidCommitment(commitment);
  }

  commitExplicit(value: bigint, generator: Uint8Array): Uint8Array | null {
    return this.verifier.commitExplicit(value, generator);
  }

  verifyTally(inputs: readonly Uint8Array[], outputs: readonly Uint8Array[]): boolean {
    return this.verifier.verifyTally(inputs, outputs);
  }

  verifyRangeProof(
    proof: Uint8Array,
    commitment: Uint8Array,
    generator: Uint8Array,
    extraCommit: Uint8Array,
  ): { minValue: bigint; maxValue: bigint } | null {
    return this.verifier.verifyRangeProof(proof, commitment, generator, extraCommit);
  }

  verifySurjectionProof(proof: Uint8Array, targets: readonly Uint8Array[], outputGenerator: Uint8Array): boolean {
    return this.verifier.verifySurjectionProof(proof, targets, outputGenerator);
  }

  // --- creation ---

  commit(value: bigint, blinder: Uint8Array, generator: Uint8Array): Uint8Array | null {
    if (!isU64(value) || !isScalar(blinder) || !this.isValidGenerator(generator)) return null;
    return attempt(() => this.zkp.pedersen.commitment(value.toString(), generator, blinder));
  }

  blindGeneratorBlindSum(
    values: readonly bigint[],
    assetBlinders: readonly Uint8Array[],
    valueBlinders: readonly Uint8Array[],
    nInputs: number,
  ): Uint8Array | null {
    const n = values.length;
    if (n === 0 || assetBlinders.length !== n || valueBlinders.length !== n - 1) return null;
    if (!Number.isInteger(nInputs) || nInputs < 0 || nInputs > n) return null;
    if (!values.every(isU64) || !assetBlinders.every(isScalar) || !valueBlinders.every(isScalar)) return null;
    return attempt(() =>
      this.zkp.pedersen.blindGeneratorBlindSum(
        values.map((v) => v.toString()),
        [...assetBlinders],
        [...valueBlinders],
        nInputs,
      ),
    );
  }

  rangeProofSign(a: RangeProofSignArgs): Uint8Array | null {
    if (!isU64(a.value) || !isU64(a.minValue) || a.minValue > a.value) return null;
    if (!Number.isInteger(a.exponent) || a.exponent < -1 || a.exponent > 18) return null;
    if (!Number.isInteger(a.minBits) || a.minBits < 0 || a.minBits > 64) return null;
    if (a.nonce.length !== 32 || !isScalar(a.blinder)) return null;
    if (!this.isValidCommitment(a.commitment) || !this.isValidGenerator(a.generator)) return null;
    return attempt(() =>
      this.zkp.rangeproof.sign(
        a.value.toString(),
        a.commitment,
        a.generator,
        a.blinder,
        a.nonce,
        a.minValue.toString(),
        a.exponent.toString(),
        a.minBits.toString(),
        a.message,
        a.extraCommit,
      ),
    );
  }

  rangeProofRewind(
    proof: Uint8Array,
    commitment: Uint8Array,
    generator: Uint8Array,
    nonce: Uint8Array,
    extraCommit: Uint8Array,
  ): RewoundRangeProof | null {
    if (proof.length === 0 || nonce.length !== 32) return null;
    if (!this.isValidCommitment(commitment) || !this.isValidGenerator(generator)) return null;
    const r = attempt(() => this.zkp.rangeproof.rewind(proof, commitment, generator, nonce, extraCommit));
    if (r === null) return null;
    return {
      value: BigInt(r.value),
      blinder: Uint8Array.from(r.blinder),
      message: Uint8Array.from(r.message),
      minValue: BigInt(r.minValue),
      maxValue: BigInt(r.maxValue),
    };
  }

  surjectionProofInitialize(
    inputTags: readonly Uint8Array[],
    outputTag: Uint8Array,
    maxIterations: number,
    seed: Uint8Array,
  ): { proof: Uint8Array; inputIndex: number } | null {
    if (inputTags.length === 0 || inputTags.length > SURJECTION_MAX_INPUTS) return null;
    if (!inputTags.every((t) => t.length === 32) || outputTag.length !== 32 || seed.length !== 32) return null;
    return attempt(() => this.zkp.surjectionproof.initialize([...inputTags], outputTag, maxIterations, seed));
  }

  surjectionProofGenerate(
    initialized: Uint8Array,
    inputGenerators: readonly Uint8Array[],
    outputGenerator: Uint8Array,
    inputIndex: number,
    inputAssetBlinder: Uint8Array,
    outputAssetBlinder: Uint8Array,
  ): Uint8Array | null {
    if (inputIndex < 0 || inputIndex >= inputGenerators.length) return null;
    if (!inputGenerators.every((g) => this.isValidGenerator(g)) || !this.isValidGenerator(outputGenerator)) return null;
    if (!isScalar(inputAssetBlinder) || !isScalar(outputAssetBlinder)) return null;
    return attempt(() =>
      this.zkp.surjectionproof.generate(initialized, [...inputGenerators], outputGenerator, inputIndex, inputAssetBlinder, outputAssetBlinder),
    );
  }

  // --- keys ---

  ecdh(publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array | null {
    if (!this.isValidPublicKey(publicKey) || !isPrivateKey(privateKey)) return null;
    const compressed = publicKey.length === 33 ? publicKey : attempt(() => this.zkp.ecc.pointCompress(publicKey, true));
    if (compressed === null) return null;
    return attempt(() => this.zkp.ecdh(compressed, privateKey));
  }

  publicKey(privateKey: Uint8Array): Uint8Array | null {
    if (!isPrivateKey(privateKey)) return null;
    return attempt(() => this.zkp.ecc.pointFromScalar(privateKey, true));
  }

  isValidPublicKey(publicKey: Uint8Array): boolean {
    if (publicKey.length !== 33 && publicKey.length !== 65) return false;
    return attempt(() => this.zkp.ecc.isPoint(publicKey)) === true;
  }
}
