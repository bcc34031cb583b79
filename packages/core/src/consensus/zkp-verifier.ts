/**
 * `ConfidentialVerifier` over `@vulpemventures/secp256k1-zkp` (libsecp256k1-zkp compiled to WASM,
 * initialised asynchronously) plus `@noble/curves` point arithmetic.
 *
 * What comes from where:
 * - generator_generate / generator_generate_blinded, pedersen_commit, rangeproof_verify /
 *   rangeproof_info, surjectionproof_verify: the WASM library.
 * - `secp256k1_pedersen_verify_tally`, `secp256k1_generator_parse` and
 *   `secp256k1_pedersen_commitment_parse` are not exported by the library; they are implemented
 *   here with noble's field/point arithmetic, following libsecp256k1-zkp exactly: the 33-byte
 *   form is `prefix || x` where x < p must be on the curve, the point's y is the quadratic residue
 *   root for the even prefix (`08` / `0a`) and its negation for the odd prefix (`09` / `0b`); the
 *   tally is Σ inputs − Σ outputs = infinity.
 * - The range proof's minimum value: the library's `verify` does not return it; `rangeproof_info`
 *   reads the same header fields `secp256k1_rangeproof_verify` reports (both call
 *   `secp256k1_rangeproof_getheader_impl`).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { ConfidentialVerifier } from './confidential-verifier.js';
import { loadZkp, type Zkp } from './zkp-loader.js';
type NoblePoint = InstanceType<typeof secp256k1.Point>;

const Point = secp256k1.Point;
const Fp = Point.Fp;
const P = Fp.ORDER;
const LEGENDRE_EXP = (P - 1n) / 2n;
const ZERO32 = new Uint8Array(32);

function bytesToBigInt(b: Uint8Array, from: number, to: number): bigint {
  let v = 0n;
  for (let i = from; i < to; i++) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

/** Parse `prefix || x` with `base`/`base + 1` prefixes the libsecp256k1-zkp way; null if invalid. */
function parseQuadPoint(bytes: Uint8Array, base: number): NoblePoint | null {
  if (bytes.length !== 33) return null;
  const prefix = bytes[0]!;
  if ((prefix & 0xfe) !== base) return null;
  const x = bytesToBigInt(bytes, 1, 33);
  if (x >= P) return null;
  const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 7n);
  let y: bigint;
  try {
    y = Fp.sqrt(rhs);
  } catch {
    return null;
  }
  if (!Fp.eql(Fp.sqr(y), rhs)) return null;
  // Choose the root that is itself a quadratic residue (p ≡ 3 mod 4: exactly one of ±y is).
  if (Fp.pow(y, LEGENDRE_EXP) !== 1n) y = Fp.neg(y);
  if ((prefix & 1) === 1) y = Fp.neg(y);
  try {
    const pt = Point.fromAffine({ x, y });
    pt.assertValidity();
    return pt;
  } catch {
    return null;
  }
}

export class ZkpConfidentialVerifier implements ConfidentialVerifier {
  private constructor(private readonly zkp: Zkp) {}

  /** Initialise the WASM module and build a verifier. */
  static async create(): Promise<ZkpConfidentialVerifier> {
    return new ZkpConfidentialVerifier(await loadZkp());
  }

  generator(assetId: Uint8Array): Uint8Array {
    return this.zkp.generator.generate(assetId);
  }

  blindedGenerator(assetId: Uint8Array, blinder: Uint8Array): Uint8Array | null {
    try {
      return this.zkp.generator.generateBlinded(assetId, blinder);
    } catch {
      return null;
    }
  }

  isValidGenerator(generator: Uint8Array): boolean {
    return parseQuadPoint(generator, 0x0a) !== null;
  }

  isValidCommitment(commitment: Uint8Array): boolean {
    return parseQuadPoint(commitment, 0x08) !== null;
  }

  commitExplicit(value: bigint, generator: Uint8Array): Uint8Array | null {
    if (value < 0n || value >= 1n << 64n || !this.isValidGenerator(generator)) return null;
    try {
      return this.zkp.pedersen.commitment(value.toString(), generator, ZERO32);
    } catch {
      return null;
    }
  }

  verifyTally(inputs: readonly Uint8Array[], outputs: readonly Uint8Array[]): boolean {
    let acc: NoblePoint = Point.ZERO;
    for (const c of inputs) {
      const pt = parseQuadPoint(c, 0x08);
      if (pt === null) return false;
      acc = acc.add(pt);
    }
    for (const c of outputs) {
      const pt = parseQuadPoint(c, 0x08);
      if (pt === null) return false;
      acc = acc.subtract(pt);
    }
    return acc.is0();
  }

  verifyRangeProof(
    proof: Uint8Array,
    commitment: Uint8Array,
    generator: Uint8Array,
    extraCommit: Uint8Array,
  ): { minValue: bigint; maxValue: bigint } | null {
    if (proof.length === 0 || !this.isValidCommitment(commitment) || !this.isValidGenerator(generator)) return null;
    try {
      if (!this.zkp.rangeproof.verify(proof, commitment, generator, extraCommit)) return null;
      const info = this.zkp.rangeproof.info(proof);
      return { minValue: BigInt(info.minValue), maxValue: BigInt(info.maxValue) };
    } catch {
      return null;
    }
  }

  verifySurjectionProof(proof: Uint8Array, targets: readonly Uint8Array[], outputGenerator: Uint8Array): boolean {
    if (proof.length === 0 || targets.length === 0 || !this.isValidGenerator(outputGenerator)) return false;
    try {
      return this.zkp.surjectionproof.verify(proof, [...targets], outputGenerator);
    } catch {
      return false;
    }
  }
}
