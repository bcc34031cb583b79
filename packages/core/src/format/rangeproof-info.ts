/** Header fields of a secp256k1-zkp range proof (`secp256k1_rangeproof_info`). */
export interface RangeproofInfo {
  /** Base-10 exponent, or -1 for an exact-value proof (no non-zero range). */
  exp: number;
  /** Number of bits proven (0 when exp is -1). */
  mantissa: number;
  /** Minimum value, an unsigned 64-bit integer. */
  minValue: bigint;
  /** Maximum value, an unsigned 64-bit integer. */
  maxValue: bigint;
}

const UINT64_MAX = (1n << 64n) - 1n;

/**
 * Pure port of secp256k1-zkp's `secp256k1_rangeproof_getheader_impl` as called by
 * `secp256k1_rangeproof_info`: returns `undefined` where the C function returns 0.
 *
 * Flags byte: bit 128 set or proof shorter than 65 bytes → invalid; bit 64 = non-zero range
 * (exp = low 5 bits, ≤ 18; mantissa = next byte + 1, ≤ 64; max = 2^mantissa − 1); bit 32 = an
 * 8-byte big-endian minimum value follows. max is scaled by 10^exp and then shifted by min, each
 * step with the C code's overflow checks.
 */
export function rangeproofInfo(proof: Uint8Array): RangeproofInfo | undefined {
  if (proof.length < 65) return undefined;
  const flags = proof[0]!;
  if ((flags & 128) !== 0) return undefined;
  const hasNzRange = (flags & 64) !== 0;
  const hasMin = (flags & 32) !== 0;
  let offset = 0;
  let exp = -1;
  let mantissa = 0;
  let maxValue = 0n;
  if (hasNzRange) {
    exp = flags & 31;
    offset += 1;
    if (exp > 18) return undefined;
    mantissa = proof[offset]! + 1;
    if (mantissa > 64) return undefined;
    maxValue = UINT64_MAX >> BigInt(64 - mantissa);
  }
  offset += 1;
  for (let i = 0; i < exp; i++) {
    if (maxValue > UINT64_MAX / 10n) return undefined;
    maxValue *= 10n;
  }
  let minValue = 0n;
  if (hasMin) {
    if (proof.length - offset < 8) return undefined;
    for (let i = 0; i < 8; i++) minValue = (minValue << 8n) | BigInt(proof[offset + i]!);
    offset += 8;
  }
  if (maxValue > UINT64_MAX - minValue) return undefined;
  maxValue += minValue;
  return { exp, mantissa, minValue, maxValue };
}
