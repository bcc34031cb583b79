import { randomBytes } from 'node:crypto';
import type { Secp256k1 } from '@ocean-ts/core';

/**
 * Where the wallet's randomness comes from (Core's `GetStrongRandBytes`): new non-HD keys, the HD
 * seed, the encryption master key and its salt. Injected so that tests are deterministic.
 */
export interface RandomSource {
  /** `n` fresh random bytes. */
  bytes(n: number): Uint8Array;
}

/** The operating system's CSPRNG. */
export const systemRandomSource: RandomSource = Object.freeze({
  bytes(n: number): Uint8Array {
    const b = randomBytes(n);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
});

/** `CKey::MakeNewKey`: 32 random bytes, drawn again until they are a valid secret (0 < k < n). */
export function makeNewKey(random: RandomSource, secp: Secp256k1): Uint8Array {
  for (;;) {
    const k = random.bytes(32);
    if (k.length !== 32) throw new RangeError(`random source returned ${k.length} bytes, expected 32`);
    if (secp.privateKeyVerify(k)) return k;
  }
}
