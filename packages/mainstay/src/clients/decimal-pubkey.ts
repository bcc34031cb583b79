/**
 * Public keys given as decimal affine coordinates (what an HSM reports; spec mainstay.md §6.5). The
 * original `multisigtool` read these decimal strings as hexadecimal (a bug); they are parsed as
 * base-10 integers here (ADR 0049).
 */
import { concatBytes, type Secp256k1 } from '@ocean-ts/core';

/** The secp256k1 field prime. */
const FIELD_P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;

/** Thrown for a coordinate pair that is not a point of secp256k1. */
export class CoordinateError extends Error {
  override readonly name = 'CoordinateError';
}

function to32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let x = v;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** A non-negative decimal integer below the field prime (digits only, no sign, no prefix). */
export function parseDecimalCoordinate(text: string, what: string): bigint {
  const s = text.trim();
  if (!/^[0-9]{1,80}$/.test(s)) throw new CoordinateError(`${what} must be a decimal integer, got "${text}"`);
  const v = BigInt(s);
  if (v >= FIELD_P) throw new CoordinateError(`${what} is not below the field prime`);
  return v;
}

/** The compressed SEC key of the point (x, y), given as decimal strings; throws unless it is on the curve. */
export function pubkeyFromDecimalCoordinates(secp: Secp256k1, xText: string, yText: string): Uint8Array {
  const x = parseDecimalCoordinate(xText, 'x coordinate');
  const y = parseDecimalCoordinate(yText, 'y coordinate');
  const uncompressed = concatBytes(Uint8Array.of(0x04), to32(x), to32(y));
  if (!secp.publicKeyVerify(uncompressed)) throw new CoordinateError(`(${xText.trim()}, ${yText.trim()}) is not a point on secp256k1`);
  return secp.publicKeyConvert(uncompressed, true);
}
