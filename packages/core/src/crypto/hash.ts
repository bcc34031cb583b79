import { hash as nodeHash } from 'node:crypto';

/** SHA-256 (one-shot `crypto.hash`, the fastest path measured here). */
export function sha256(data: Uint8Array): Uint8Array {
  const b = nodeHash('sha256', data, 'buffer');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** SHA256(SHA256(x)) — the original's `Hash`/`SerializeHash`. Returned in internal byte order. */
export function sha256d(data: Uint8Array): Uint8Array {
  return sha256(sha256(data));
}

export function ripemd160(data: Uint8Array): Uint8Array {
  const b = nodeHash('ripemd160', data, 'buffer');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** RIPEMD160(SHA256(x)). */
export function hash160(data: Uint8Array): Uint8Array {
  return ripemd160(sha256(data));
}

export function sha1(data: Uint8Array): Uint8Array {
  const b = nodeHash('sha1', data, 'buffer');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const W = new Uint32Array(64);

/**
 * One SHA-256 compression of the 64-byte block `left || right` from the standard initial state, no
 * padding, result = the 8 state words big-endian (Elements' fast-Merkle node hash / "midstate").
 */
export function fastMerkleCompress(left: Uint8Array, right: Uint8Array): Uint8Array {
  for (let i = 0; i < 8; i++) {
    W[i] = ((left[4 * i]! << 24) | (left[4 * i + 1]! << 16) | (left[4 * i + 2]! << 8) | left[4 * i + 3]!) >>> 0;
    W[i + 8] = ((right[4 * i]! << 24) | (right[4 * i + 1]! << 16) | (right[4 * i + 2]! << 8) | right[4 * i + 3]!) >>> 0;
  }
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) >>> 0;
  }
  let a = IV[0]!, b = IV[1]!, c = IV[2]!, d = IV[3]!, e = IV[4]!, f = IV[5]!, g = IV[6]!, h = IV[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[i]! + W[i]!) >>> 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) >>> 0;
    h = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
  }
  const state = [a + IV[0]!, b + IV[1]!, c + IV[2]!, d + IV[3]!, e + IV[4]!, f + IV[5]!, g + IV[6]!, h + IV[7]!];
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const s = state[i]! >>> 0;
    out[4 * i] = s >>> 24;
    out[4 * i + 1] = (s >>> 16) & 0xff;
    out[4 * i + 2] = (s >>> 8) & 0xff;
    out[4 * i + 3] = s & 0xff;
  }
  return out;
}
