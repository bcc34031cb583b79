import { createHash, randomBytes } from 'node:crypto';

/**
 * The randomness coin selection draws: `GetRandInt` for the shuffle and `FastRandomContext::rand32`
 * for the stochastic subset search. Injected so tests are deterministic.
 */
export interface CoinSelectionRandom {
  /** Uniform integer in [0, n), n ≥ 1. */
  randInt(n: number): number;
  /** 32 uniform random bits as an unsigned integer. */
  rand32(): number;
}

/**
 * xoshiro128** (a fast non-cryptographic generator, like Core's `FastRandomContext`; the randomness
 * here only avoids degenerate selections and adds some privacy). Seed it from a label for
 * reproducible tests, or from the system CSPRNG.
 */
export class XoshiroRandom implements CoinSelectionRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: Uint8Array) {
    if (seed.length !== 16) throw new RangeError('xoshiro128 seed must be 16 bytes');
    const v = new DataView(seed.buffer, seed.byteOffset, 16);
    this.s0 = v.getUint32(0, true);
    this.s1 = v.getUint32(4, true);
    this.s2 = v.getUint32(8, true);
    this.s3 = v.getUint32(12, true);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator seeded with SHA-256(label) — the same label always gives the same draws. */
  static seeded(label: string): XoshiroRandom {
    return new XoshiroRandom(createHash('sha256').update(label).digest().subarray(0, 16));
  }

  /** A generator seeded from the system CSPRNG. */
  static fromSystem(): XoshiroRandom {
    return new XoshiroRandom(randomBytes(16));
  }

  rand32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** `GetRand(n)`: rejection sampling, no modulo bias. */
  randInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new RangeError(`randInt bound must be in 1..2^32, got ${n}`);
    const range = Math.floor(0x100000000 / n) * n;
    let r: number;
    do r = this.rand32();
    while (r >= range);
    return r % n;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** `std::random_shuffle(first, last, GetRandInt)` as libstdc++ implements it. */
export function randomShuffle<T>(items: T[], rng: CoinSelectionRandom): void {
  for (let i = 1; i < items.length; i++) {
    const j = rng.randInt(i + 1);
    if (i !== j) {
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
  }
}
