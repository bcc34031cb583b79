// A deliberately plain SipHash-2-4 on bigints, written from the paper's description, used to check
// the package's 32-bit-half implementation and to recompute short ids independently.
const M = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & M;

export function referenceSipHash24(k0: bigint, k1: bigint, m: Uint8Array): bigint {
  let v0 = k0 ^ 0x736f6d6570736575n;
  let v1 = k1 ^ 0x646f72616e646f6dn;
  let v2 = k0 ^ 0x6c7967656e657261n;
  let v3 = k1 ^ 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & M; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const word = (bytes: Uint8Array, at: number, n: number) => {
    let w = 0n;
    for (let i = n - 1; i >= 0; i--) w = (w << 8n) | BigInt(bytes[at + i]!);
    return w;
  };
  const full = m.length - (m.length % 8);
  for (let i = 0; i < full; i += 8) {
    const w = word(m, i, 8);
    v3 ^= w; round(); round(); v0 ^= w;
  }
  const b = (BigInt(m.length & 0xff) << 56n) | word(m, full, m.length - full);
  v3 ^= b; round(); round(); v0 ^= b;
  v2 ^= 0xffn;
  round(); round(); round(); round();
  return v0 ^ v1 ^ v2 ^ v3;
}
