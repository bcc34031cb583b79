/**
 * ECDSA signature encodings exactly as Bitcoin Core 0.14 (and so Ocean) treats them.
 *
 * - `parseDerLax`: Core's `ecdsa_signature_parse_der_lax` (src/pubkey.cpp), the parser behind
 *   `CPubKey::Verify`. It accepts the BER-ish garbage that was valid before BIP66.
 * - `isValidSignatureEncoding` / `isLowDerSignature` / `isDefinedHashtypeSignature`: the script
 *   interpreter's DERSIG / LOW_S / STRICTENC checks, applied to a full script element
 *   (DER signature followed by one sighash-type byte).
 * - `parseDerStrict` / `encodeDer`: libsecp256k1's own strict DER parser and serializer
 *   (`secp256k1_ecdsa_signature_parse_der` / `_serialize_der`), used by the pure-JS backend so
 *   that both `Secp256k1` backends agree byte for byte.
 *
 * Compact signatures are 64 bytes `r || s`, each a 32-byte big-endian scalar.
 * This module is pure (no I/O) and depends on no curve arithmetic.
 */
import type { Secp256k1 } from './secp256k1.js';

/** The secp256k1 group order n, big-endian. */
export const SECP256K1_ORDER: Uint8Array = Uint8Array.from([
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
  0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
]);

/** floor(n / 2), big-endian: a scalar s is "high" iff s > this (libsecp256k1 `scalar_is_high`). */
export const SECP256K1_HALF_ORDER: Uint8Array = Uint8Array.from([
  0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
]);

/** Compare the 32-byte big-endian number at `a[off..off+32]` with the 32-byte `b`. */
function cmp32(a: Uint8Array, off: number, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const x = a[off + i]!;
    const y = b[i]!;
    if (x !== y) return x - y;
  }
  return 0;
}

/** True iff r or s of the 64-byte compact signature is ≥ n (libsecp256k1's compact parse fails). */
export function compactSignatureOverflows(compact: Uint8Array): boolean {
  if (compact.length !== 64) throw new RangeError(`compact signature must be 64 bytes, got ${compact.length}`);
  return cmp32(compact, 0, SECP256K1_ORDER) >= 0 || cmp32(compact, 32, SECP256K1_ORDER) >= 0;
}

/** True iff s of the 64-byte compact signature is > n/2 (no range check on r). */
export function compactSignatureHasHighS(compact: Uint8Array): boolean {
  if (compact.length !== 64) throw new RangeError(`compact signature must be 64 bytes, got ${compact.length}`);
  return cmp32(compact, 32, SECP256K1_HALF_ORDER) > 0;
}

// ---------------------------------------------------------------------------------------------
// Bitcoin Core: ecdsa_signature_parse_der_lax
// ---------------------------------------------------------------------------------------------

/**
 * Port of Bitcoin Core 0.14's `ecdsa_signature_parse_der_lax` (src/pubkey.cpp).
 *
 * Accepts: any (or absent/indefinite) sequence length, long-form integer lengths with any number
 * of leading zero length-bytes, excess zero padding of R and S, negative-looking R/S, and trailing
 * garbage after S. Returns the 64-byte compact signature `r || s`, or `null` when the input cannot
 * be parsed at all (Core returns 0).
 *
 * As in Core, when R or S is longer than 32 bytes (after stripping leading zeros) or is ≥ the group
 * order, parsing still *succeeds* but yields the all-zero signature (both r and s zeroed), which
 * never verifies.
 */
export function parseDerLax(input: Uint8Array): Uint8Array | null {
  const inputlen = input.length;
  let pos = 0;

  // Sequence tag byte
  if (pos === inputlen || input[pos] !== 0x30) return null;
  pos++;

  // Sequence length bytes
  if (pos === inputlen) return null;
  let lenbyte = input[pos++]!;
  if (lenbyte & 0x80) {
    lenbyte -= 0x80;
    if (pos + lenbyte > inputlen) return null;
    pos += lenbyte;
  }

  const r = laxInteger(input, pos);
  if (r === null) return null;
  const s = laxInteger(input, r.start + r.length);
  if (s === null) return null;
  // (Core advances past S here; anything after S is ignored.)

  const tmpsig = new Uint8Array(64);
  const overflow = !copyLaxInteger(input, r, tmpsig, 0) || !copyLaxInteger(input, s, tmpsig, 32) || compactSignatureOverflows(tmpsig);
  // Core overwrites the result with a correctly-parsed but invalid (all-zero) signature.
  if (overflow) tmpsig.fill(0);
  return tmpsig;
}

/**
 * One INTEGER of the lax parser at `pos`: tag `02`, then a short or long-form length (leading zero
 * length-bytes skipped). Returns where its bytes start and how many there are, or null when it
 * cannot be parsed (Core returns 0).
 */
function laxInteger(input: Uint8Array, pos: number): { start: number; length: number } | null {
  const inputlen = input.length;
  if (pos === inputlen || input[pos] !== 0x02) return null;
  pos++;
  if (pos === inputlen) return null;
  let lenbyte = input[pos++]!;
  let length: number;
  if (lenbyte & 0x80) {
    lenbyte -= 0x80;
    if (pos + lenbyte > inputlen) return null;
    while (lenbyte > 0 && input[pos] === 0) {
      pos++;
      lenbyte--;
    }
    // Core: `if (lenbyte >= sizeof(size_t)) return 0;` (8 on the 64-bit platforms nodes run on).
    if (lenbyte >= 8) return null;
    length = 0;
    while (lenbyte > 0) {
      // Up to 7 bytes: may exceed 2^53, but then it certainly exceeds `inputlen - pos` below,
      // and floating-point rounding of a value ≥ 2^53 cannot bring it under that bound.
      length = length * 256 + input[pos]!;
      pos++;
      lenbyte--;
    }
  } else {
    length = lenbyte;
  }
  if (length > inputlen - pos) return null;
  return { start: pos, length };
}

/**
 * Copy an integer's value, leading zeros ignored, right-aligned into `out[offset .. offset+32)`.
 * Returns false when it does not fit in 32 bytes (overflow).
 */
function copyLaxInteger(input: Uint8Array, int: { start: number; length: number }, out: Uint8Array, offset: number): boolean {
  let { start, length } = int;
  while (length > 0 && input[start] === 0) {
    length--;
    start++;
  }
  if (length > 32) return false;
  out.set(input.subarray(start, start + length), offset + 32 - length);
  return true;
}

// ---------------------------------------------------------------------------------------------
// libsecp256k1: secp256k1_ecdsa_signature_parse_der / serialize_der
// ---------------------------------------------------------------------------------------------

/** Result of {@link parseDerStrict}. */
export interface StrictDerResult {
  /** Compact `r || s`; a component that overflowed (negative, > 32 bytes, or ≥ n) is zero. */
  readonly compact: Uint8Array;
  /** True when r or s overflowed (libsecp256k1 then silently zeroes that component). */
  readonly overflow: boolean;
}

/** libsecp256k1 `secp256k1_der_read_len`: returns [len, newPos] or null. */
function derReadLen(sig: Uint8Array, pos: number, end: number): [number, number] | null {
  if (pos >= end) return null;
  const b1 = sig[pos++]!;
  if (b1 === 0xff) return null; // X.690-0207 8.1.3.5.c: the value 0xFF shall not be used.
  if ((b1 & 0x80) === 0) return [b1, pos]; // short form
  if (b1 === 0x80) return null; // indefinite length is not allowed in DER
  let lenleft = b1 & 0x7f; // long form, lenleft ≥ 1
  if (lenleft > end - pos) return null;
  if (sig[pos] === 0) return null; // not the shortest possible length encoding
  if (lenleft > 8) return null; // would exceed size_t
  let len = 0;
  while (lenleft > 0) {
    len = len * 256 + sig[pos]!;
    pos++;
    lenleft--;
  }
  if (len > end - pos) return null; // exceeds the passed array
  if (len < 128) return null; // not the shortest possible length encoding
  return [len, pos];
}

/**
 * libsecp256k1 `secp256k1_der_parse_integer`: writes the 32-byte value at `out[outOff..]`.
 * Returns [newPos, overflow] or null.
 */
function derParseInteger(
  sig: Uint8Array,
  pos: number,
  end: number,
  out: Uint8Array,
  outOff: number,
): [number, boolean] | null {
  if (pos === end || sig[pos] !== 0x02) return null; // not a primitive integer
  pos++;
  const rl = derReadLen(sig, pos, end);
  if (rl === null) return null;
  let [rlen, p] = rl;
  pos = p;
  if (rlen === 0 || rlen > end - pos) return null; // exceeds bounds or empty
  if (sig[pos] === 0x00 && rlen > 1 && (sig[pos + 1]! & 0x80) === 0x00) return null; // excessive 0x00 padding
  if (sig[pos] === 0xff && rlen > 1 && (sig[pos + 1]! & 0x80) === 0x80) return null; // excessive 0xff padding
  let overflow = (sig[pos]! & 0x80) === 0x80; // negative
  if (rlen > 0 && sig[pos] === 0) {
    // skip the (single) leading zero byte
    rlen--;
    pos++;
  }
  if (rlen > 32) overflow = true;
  if (!overflow) {
    out.set(sig.subarray(pos, pos + rlen), outOff + 32 - rlen);
    if (cmp32(out, outOff, SECP256K1_ORDER) >= 0) overflow = true;
  }
  if (overflow) out.fill(0, outOff, outOff + 32);
  return [pos + rlen, overflow];
}

/**
 * Port of libsecp256k1's `secp256k1_ecdsa_signature_parse_der` (the version bundled with the
 * `secp256k1` npm package): strict DER, no trailing bytes, minimal lengths and integers. Returns
 * null when the encoding is invalid. An r or s that is negative, longer than 32 bytes or ≥ n is
 * reported through `overflow` and zeroed in `compact` (libsecp256k1 accepts such input and stores 0).
 */
export function parseDerStrict(der: Uint8Array): StrictDerResult | null {
  const end = der.length;
  let pos = 0;
  if (pos === end || der[pos++] !== 0x30) return null; // not a constructed sequence
  const sl = derReadLen(der, pos, end);
  if (sl === null) return null;
  const [seqLen, p] = sl;
  pos = p;
  if (seqLen !== end - pos) return null; // tuple exceeds bounds or garbage after tuple
  const compact = new Uint8Array(64);
  const r = derParseInteger(der, pos, end, compact, 0);
  if (r === null) return null;
  const s = derParseInteger(der, r[0], end, compact, 32);
  if (s === null) return null;
  if (s[0] !== end) return null; // trailing garbage inside tuple
  return { compact, overflow: r[1] || s[1] };
}

/**
 * Strict DER encoding of a compact signature, byte-identical to libsecp256k1's
 * `secp256k1_ecdsa_signature_serialize_der`. Throws if r or s ≥ n (libsecp256k1 cannot represent it).
 */
export function encodeDer(compact: Uint8Array): Uint8Array {
  if (compactSignatureOverflows(compact)) throw new Error('signature could not be parsed: r or s overflows the curve order');
  const encodeInt = (off: number): Uint8Array => {
    // 33-byte buffer with a leading zero, then strip zeros while the next byte keeps the sign positive.
    let start = off;
    const stop = off + 31;
    while (start < stop && compact[start] === 0 && compact[start + 1]! < 0x80) start++;
    const needsPad = compact[start]! >= 0x80 ? 1 : 0;
    const len = off + 32 - start + needsPad;
    const out = new Uint8Array(len);
    out.set(compact.subarray(start, off + 32), needsPad);
    return out;
  };
  const r = encodeInt(0);
  const s = encodeInt(32);
  const out = new Uint8Array(6 + r.length + s.length);
  out[0] = 0x30;
  out[1] = 4 + r.length + s.length;
  out[2] = 0x02;
  out[3] = r.length;
  out.set(r, 4);
  out[4 + r.length] = 0x02;
  out[5 + r.length] = s.length;
  out.set(s, 6 + r.length);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bitcoin Core script-interpreter signature checks (src/script/interpreter.cpp)
// ---------------------------------------------------------------------------------------------

/**
 * Bitcoin Core's `IsValidSignatureEncoding` (BIP66 strict DER). `sig` is the full script element:
 * DER signature followed by the one-byte sighash type, so the size is 9..73.
 */
export function isValidSignatureEncoding(sig: Uint8Array): boolean {
  // Format: 0x30 [total-length] 0x02 [R-length] [R] 0x02 [S-length] [S] [sighash]
  const size = sig.length;
  // Minimum and maximum size constraints.
  if (size < 9) return false;
  if (size > 73) return false;
  // A signature is of type 0x30 (compound).
  if (sig[0] !== 0x30) return false;
  // Make sure the length covers the entire signature.
  if (sig[1] !== size - 3) return false;
  // Extract the length of the R element.
  const lenR = sig[3]!;
  // Make sure the length of the S element is still inside the signature.
  if (5 + lenR >= size) return false;
  // Extract the length of the S element.
  const lenS = sig[5 + lenR]!;
  // Verify that the length of the signature matches the sum of the length of the elements.
  if (lenR + lenS + 7 !== size) return false;
  // Check whether the R element is an integer.
  if (sig[2] !== 0x02) return false;
  // Zero-length integers are not allowed for R.
  if (lenR === 0) return false;
  // Negative numbers are not allowed for R.
  if (sig[4]! & 0x80) return false;
  // Null bytes at the start of R are not allowed, unless R would otherwise be interpreted as a
  // negative number.
  if (lenR > 1 && sig[4] === 0x00 && !(sig[5]! & 0x80)) return false;
  // Check whether the S element is an integer.
  if (sig[lenR + 4] !== 0x02) return false;
  // Zero-length integers are not allowed for S.
  if (lenS === 0) return false;
  // Negative numbers are not allowed for S.
  if (sig[lenR + 6]! & 0x80) return false;
  // Null bytes at the start of S are not allowed, unless S would otherwise be interpreted as a
  // negative number.
  if (lenS > 1 && sig[lenR + 6] === 0x00 && !(sig[lenR + 7]! & 0x80)) return false;
  return true;
}

/**
 * Bitcoin Core's `CPubKey::CheckLowS`: `sigDer` is a signature WITHOUT the sighash byte. False when
 * it does not lax-parse or its S is above n/2. (A signature whose r or s overflows lax-parses to
 * all zeros and so counts as low-S, as in Core.)
 */
export function checkLowS(sigDer: Uint8Array): boolean {
  const compact = parseDerLax(sigDer);
  if (compact === null) return false;
  return !compactSignatureHasHighS(compact);
}

/**
 * Bitcoin Core's `IsLowDERSignature` as a predicate: `sig` (with sighash byte) is strictly
 * DER-encoded and its S is at most n/2. Core reports SCRIPT_ERR_SIG_DER when the encoding check
 * fails and SCRIPT_ERR_SIG_HIGH_S otherwise; callers that need the distinction check
 * {@link isValidSignatureEncoding} first.
 */
export function isLowDerSignature(sig: Uint8Array): boolean {
  if (!isValidSignatureEncoding(sig)) return false;
  return checkLowS(sig.subarray(0, sig.length - 1));
}

/** `IsLowDERSignature` with Core's error names: undefined when fine. */
export function lowDerSignatureError(sig: Uint8Array): 'SIG_DER' | 'SIG_HIGH_S' | undefined {
  if (!isValidSignatureEncoding(sig)) return 'SIG_DER';
  if (!checkLowS(sig.subarray(0, sig.length - 1))) return 'SIG_HIGH_S';
  return undefined;
}

/**
 * Bitcoin Core's `IsDefinedHashtypeSignature` (STRICTENC): the last byte, without
 * SIGHASH_ANYONECANPAY (0x80), is SIGHASH_ALL (1), SIGHASH_NONE (2) or SIGHASH_SINGLE (3).
 */
export function isDefinedHashtypeSignature(sig: Uint8Array): boolean {
  if (sig.length === 0) return false;
  const hashType = sig[sig.length - 1]! & ~0x80;
  return hashType >= 1 && hashType <= 3;
}

/**
 * Bitcoin Core's `CPubKey::Verify`: `sig` is a DER(-ish) signature WITHOUT a sighash byte, parsed
 * laxly (padding, overlong lengths and trailing garbage tolerated); high S is normalized before
 * verification. False for an invalid public key, an empty or unparseable signature, or a bad
 * signature. `msg32` must be 32 bytes (throws otherwise: a caller bug).
 */
export function verifyEcdsaLax(secp: Secp256k1, msg32: Uint8Array, sig: Uint8Array, pubkey: Uint8Array): boolean {
  if (msg32.length !== 32) throw new RangeError(`message must be 32 bytes, got ${msg32.length}`);
  if (sig.length === 0) return false;
  const compact = parseDerLax(sig);
  if (compact === null) return false;
  // `verify` itself returns false for a public key that does not parse (CPubKey::IsValid + parse).
  return secp.verify(msg32, secp.signatureNormalize(compact), pubkey);
}
