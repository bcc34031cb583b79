import { DecodeError } from './errors.js';
import { sha256d } from '../crypto/hash.js';
import { bytesEqual, concatBytes } from './hex.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const MAP = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) MAP[ALPHABET.charCodeAt(i)] = i;

/** Plain Base58 (Bitcoin alphabet), leading zero bytes as '1'. */
export function base58Encode(data: Uint8Array): string {
  let zeros = 0;
  while (zeros < data.length && data[zeros] === 0) zeros++;
  const size = Math.floor(((data.length - zeros) * 138) / 100) + 1;
  const b58 = new Uint8Array(size);
  let length = 0;
  for (let i = zeros; i < data.length; i++) {
    let carry = data[i]!;
    let j = 0;
    for (let k = size - 1; (carry !== 0 || j < length) && k >= 0; k--, j++) {
      carry += 256 * b58[k]!;
      b58[k] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    length = j;
  }
  let it = size - length;
  while (it < size && b58[it] === 0) it++;
  let out = '1'.repeat(zeros);
  for (; it < size; it++) out += ALPHABET[b58[it]!];
  return out;
}

/**
 * Plain Base58 decoding with Bitcoin Core's tolerance: leading and trailing ASCII whitespace are
 * skipped; anything else that is not in the alphabet is an error.
 */
export function base58Decode(s: string): Uint8Array {
  let p = 0;
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
  while (p < s.length && isSpace(s[p]!)) p++;
  let zeros = 0;
  while (p < s.length && s[p] === '1') {
    zeros++;
    p++;
  }
  const size = Math.floor(((s.length - p) * 733) / 1000) + 1;
  const b256 = new Uint8Array(size);
  let length = 0;
  while (p < s.length && !isSpace(s[p]!)) {
    const code = s.charCodeAt(p);
    const v = code < 128 ? MAP[code]! : -1;
    if (v < 0) throw new DecodeError('invalid base58 character');
    let carry = v;
    let j = 0;
    for (let k = size - 1; (carry !== 0 || j < length) && k >= 0; k--, j++) {
      carry += 58 * b256[k]!;
      b256[k] = carry % 256;
      carry = Math.floor(carry / 256);
    }
    length = j;
    p++;
  }
  while (p < s.length && isSpace(s[p]!)) p++;
  if (p !== s.length) throw new DecodeError('invalid base58 string');
  let it = size - length;
  while (it < size && b256[it] === 0) it++;
  const out = new Uint8Array(zeros + (size - it));
  out.set(b256.subarray(it), zeros);
  return out;
}

/** Base58Check: payload || first 4 bytes of SHA256d(payload). */
export function base58CheckEncode(payload: Uint8Array): string {
  return base58Encode(concatBytes(payload, sha256d(payload).subarray(0, 4)));
}

export function base58CheckDecode(s: string): Uint8Array {
  const raw = base58Decode(s);
  if (raw.length < 4) throw new DecodeError('base58check string too short');
  const payload = raw.subarray(0, raw.length - 4);
  if (!bytesEqual(sha256d(payload).subarray(0, 4), raw.subarray(raw.length - 4))) {
    throw new DecodeError('base58check checksum mismatch');
  }
  return payload.slice();
}
