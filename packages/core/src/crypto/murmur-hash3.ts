/**
 * Bitcoin Core's `MurmurHash3(nHashSeed, vDataToHash)`: MurmurHash3 x86_32 over `data` with the
 * given 32-bit seed (the hash of BIP37 bloom filters). Returns an unsigned 32-bit integer.
 */
export function murmurHash3(seed: number, data: Uint8Array): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h1 = seed >>> 0;
  const nblocks = data.length >>> 2;
  for (let i = 0; i < nblocks; i++) {
    const o = i * 4;
    let k1 = (data[o]! | (data[o + 1]! << 8) | (data[o + 2]! << 16) | (data[o + 3]! << 24)) >>> 0;
    k1 = Math.imul(k1, c1);
    k1 = rotl32(k1, 15);
    k1 = Math.imul(k1, c2);
    h1 ^= k1;
    h1 = rotl32(h1, 13);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  }
  const tail = nblocks * 4;
  const rest = data.length & 3;
  if (rest > 0) {
    let k1 = 0;
    if (rest === 3) k1 ^= data[tail + 2]! << 16;
    if (rest >= 2) k1 ^= data[tail + 1]! << 8;
    k1 ^= data[tail]!;
    k1 = Math.imul(k1, c1);
    k1 = rotl32(k1, 15);
    k1 = Math.imul(k1, c2);
    h1 ^= k1;
  }
  h1 ^= data.length;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 >>> 0;
}

function rotl32(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}
