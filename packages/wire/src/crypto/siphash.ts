/**
 * SipHash-2-4 (Aumasson & Bernstein), as Core's `CSipHasher` / `SipHashUint256`: 64-bit keys k0, k1,
 * little-endian message words, 64-bit result. Computed on 32-bit halves (no bigint arithmetic in
 * the rounds); BIP152 short ids hash one 32-byte txid per transaction.
 */

const MASK64 = (1n << 64n) - 1n;

/** State: v0..v3 as [hi, lo] pairs at indexes 2i, 2i+1. */
type State = Uint32Array;

function add(s: State, a: number, b: number): void {
  // v[a] += v[b]
  const lo = (s[2 * a + 1]! + s[2 * b + 1]!) >>> 0;
  const carry = lo < s[2 * a + 1]! ? 1 : 0;
  s[2 * a] = (s[2 * a]! + s[2 * b]! + carry) >>> 0;
  s[2 * a + 1] = lo;
}

function rotl(s: State, a: number, n: number): void {
  let hi = s[2 * a]!;
  let lo = s[2 * a + 1]!;
  if (n >= 32) {
    const t = hi;
    hi = lo;
    lo = t;
    n -= 32;
  }
  if (n > 0) {
    const h = ((hi << n) | (lo >>> (32 - n))) >>> 0;
    const l = ((lo << n) | (hi >>> (32 - n))) >>> 0;
    hi = h;
    lo = l;
  }
  s[2 * a] = hi;
  s[2 * a + 1] = lo;
}

function xor(s: State, a: number, b: number): void {
  s[2 * a] = (s[2 * a]! ^ s[2 * b]!) >>> 0;
  s[2 * a + 1] = (s[2 * a + 1]! ^ s[2 * b + 1]!) >>> 0;
}

function sipRound(s: State): void {
  add(s, 0, 1);
  rotl(s, 1, 13);
  xor(s, 1, 0);
  rotl(s, 0, 32);
  add(s, 2, 3);
  rotl(s, 3, 16);
  xor(s, 3, 2);
  add(s, 0, 3);
  rotl(s, 3, 21);
  xor(s, 3, 0);
  add(s, 2, 1);
  rotl(s, 1, 17);
  xor(s, 1, 2);
  rotl(s, 2, 32);
}

/** A SipHash key: the two 64-bit words k0, k1. */
export class SipHashKey {
  /** Initial state after keying (reused for every message). */
  readonly initial: Uint32Array;

  constructor(
    readonly k0: bigint,
    readonly k1: bigint,
  ) {
    const k0h = Number((k0 >> 32n) & 0xffffffffn);
    const k0l = Number(k0 & 0xffffffffn);
    const k1h = Number((k1 >> 32n) & 0xffffffffn);
    const k1l = Number(k1 & 0xffffffffn);
    // "somepseudorandomlygeneratedbytes"
    this.initial = Uint32Array.of(
      (0x736f6d65 ^ k0h) >>> 0,
      (0x70736575 ^ k0l) >>> 0,
      (0x646f7261 ^ k1h) >>> 0,
      (0x6e646f6d ^ k1l) >>> 0,
      (0x6c796765 ^ k0h) >>> 0,
      (0x6e657261 ^ k0l) >>> 0,
      (0x74656462 ^ k1h) >>> 0,
      (0x79746573 ^ k1l) >>> 0,
    );
  }
}

const state = new Uint32Array(8);

function absorb(s: State, hi: number, lo: number): void {
  s[6] = (s[6]! ^ hi) >>> 0;
  s[7] = (s[7]! ^ lo) >>> 0;
  sipRound(s);
  sipRound(s);
  s[0] = (s[0]! ^ hi) >>> 0;
  s[1] = (s[1]! ^ lo) >>> 0;
}

function le32(d: Uint8Array, i: number): number {
  return (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> 0;
}

/** SipHash-2-4 of `data` under `key`, as an unsigned 64-bit bigint. */
export function siphash24(key: SipHashKey, data: Uint8Array): bigint {
  const s = state;
  s.set(key.initial);
  const full = data.length - (data.length % 8);
  for (let i = 0; i < full; i += 8) absorb(s, le32(data, i + 4), le32(data, i));
  // last block: remaining bytes little-endian, length (mod 256) in the top byte
  const tail = new Uint8Array(8);
  tail.set(data.subarray(full));
  tail[7] = data.length & 0xff;
  absorb(s, le32(tail, 4), le32(tail, 0));
  s[5] = (s[5]! ^ 0xff) >>> 0;
  sipRound(s);
  sipRound(s);
  sipRound(s);
  sipRound(s);
  const hi = (s[0]! ^ s[2]! ^ s[4]! ^ s[6]!) >>> 0;
  const lo = (s[1]! ^ s[3]! ^ s[5]! ^ s[7]!) >>> 0;
  return ((BigInt(hi) << 32n) | BigInt(lo)) & MASK64;
}
