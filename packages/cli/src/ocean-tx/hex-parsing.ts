import { fromHex, isHex, type Secp256k1 } from '@ocean-ts/core';

function hexDigit(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = parseInt(c, 16);
  return /^[0-9a-fA-F]$/.test(c) ? v : -1;
}

/** Bitcoin Core's `IsHex`: non-empty, even length, hex digits only. */
export function isCoreHex(s: string): boolean {
  return s.length > 0 && isHex(s);
}

/**
 * Bitcoin Core's lenient `ParseHex`: skips blanks before each byte and stops at the first
 * character that does not complete a hex byte.
 */
export function parseHexLoose(s: string): Uint8Array {
  const out: number[] = [];
  let p = 0;
  for (;;) {
    while (p < s.length && /[ \t\n\v\f\r]/.test(s[p]!)) p++;
    const hi = hexDigit(s[p++]);
    if (hi < 0) break;
    const lo = hexDigit(s[p++]);
    if (lo < 0) break;
    out.push((hi << 4) | lo);
  }
  return Uint8Array.from(out);
}

/** Strict hex (Core `IsHex` checked first). */
export function parseHexStrict(s: string): Uint8Array {
  return fromHex(s);
}

/**
 * `CPubKey(ParseHex(s)).IsFullyValid()`: the length must match the header byte (02/03 → 33,
 * 04/06/07 → 65) and the point must parse. Returns the key or undefined.
 */
export function parsePubKey(s: string, secp: Secp256k1): Uint8Array | undefined {
  const b = parseHexLoose(s);
  if (b.length === 0) return undefined;
  const h = b[0]!;
  const len = h === 2 || h === 3 ? 33 : h === 4 || h === 6 || h === 7 ? 65 : 0;
  if (len === 0 || b.length !== len) return undefined;
  return secp.publicKeyVerify(b) ? b : undefined;
}
