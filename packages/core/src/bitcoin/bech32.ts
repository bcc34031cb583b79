/**
 * Bech32 (BIP173) strings and segwit addresses. Only the original BIP173 checksum constant (1) is
 * implemented: every witness version uses it, as BIP173 specified (BIP350's bech32m for v1+ is not
 * needed by any service here).
 */
import { DecodeError } from '../encoding/errors.js';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const CHARSET_REV = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARSET.length; i++) CHARSET_REV[CHARSET.charCodeAt(i)] = i;
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
/** Longest bech32 string BIP173 allows. */
export const BECH32_MAX_LENGTH = 90;

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GENERATOR[i]!) >>> 0;
  }
  return chk;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

function createChecksum(hrp: string, data: readonly number[]): number[] {
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const out: number[] = [];
  for (let i = 0; i < 6; i++) out.push((mod >>> (5 * (5 - i))) & 31);
  return out;
}

/** A decoded bech32 string: lower-case human-readable part and the 5-bit data without checksum. */
export interface Bech32Decoded {
  readonly hrp: string;
  readonly data: readonly number[];
}

/** Encode `hrp` (lower-case, ASCII 33..126) and 5-bit `data` as a lower-case bech32 string. */
export function bech32Encode(hrp: string, data: readonly number[]): string {
  if (hrp.length < 1) throw new RangeError('bech32 hrp must not be empty');
  for (let i = 0; i < hrp.length; i++) {
    const c = hrp.charCodeAt(i);
    if (c < 33 || c > 126 || (c >= 65 && c <= 90)) throw new RangeError('bech32 hrp must be lower-case printable ASCII');
  }
  for (const v of data) if (!Number.isInteger(v) || v < 0 || v > 31) throw new RangeError('bech32 data must be 5-bit values');
  const all = [...data, ...createChecksum(hrp, data)];
  const out = hrp + '1' + all.map((v) => CHARSET[v]).join('');
  if (out.length > BECH32_MAX_LENGTH) throw new RangeError('bech32 string too long');
  return out;
}

/**
 * Decode a bech32 string per BIP173: at most 90 characters, ASCII 33..126, not mixed case, a
 * non-empty hrp before the last '1', at least 6 data characters (the checksum), valid checksum.
 * Throws `DecodeError` otherwise.
 */
export function bech32Decode(text: string): Bech32Decoded {
  if (text.length > BECH32_MAX_LENGTH) throw new DecodeError('bech32 string too long');
  let lower = false;
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 33 || c > 126) throw new DecodeError('bech32 character out of range');
    if (c >= 97 && c <= 122) lower = true;
    if (c >= 65 && c <= 90) upper = true;
  }
  if (lower && upper) throw new DecodeError('bech32 string has mixed case');
  const s = text.toLowerCase();
  const pos = s.lastIndexOf('1');
  if (pos < 1) throw new DecodeError('bech32 string has no human-readable part');
  if (pos + 7 > s.length) throw new DecodeError('bech32 checksum too short');
  const hrp = s.slice(0, pos);
  const values: number[] = [];
  for (let i = pos + 1; i < s.length; i++) {
    const v = CHARSET_REV[s.charCodeAt(i)]!;
    if (v < 0) throw new DecodeError('invalid bech32 data character');
    values.push(v);
  }
  if (polymod([...hrpExpand(hrp), ...values]) !== 1) throw new DecodeError('invalid bech32 checksum');
  return { hrp, data: values.slice(0, values.length - 6) };
}

/** Regroup bits (BIP173 `convertbits`); throws `DecodeError` on invalid padding when `pad` is false. */
export function convertBits(data: ArrayLike<number>, fromBits: number, toBits: number, pad: boolean): number[] {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const maxv = (1 << toBits) - 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0 || v >> fromBits !== 0) throw new DecodeError('invalid value for bit conversion');
    acc = ((acc << fromBits) | v) & 0xffffff;
    bits += fromBits;
    while (bits >= toBits) {
      bits -= toBits;
      out.push((acc >> bits) & maxv);
    }
  }
  if (pad) {
    if (bits > 0) out.push((acc << (toBits - bits)) & maxv);
  } else if (bits >= fromBits || ((acc << (toBits - bits)) & maxv) !== 0) {
    throw new DecodeError('invalid padding in bit conversion');
  }
  return out;
}

/** A decoded segwit address: witness version 0..16 and program (2..40 bytes; 20 or 32 for v0). */
export interface SegwitAddress {
  readonly version: number;
  readonly program: Uint8Array;
}

function checkProgram(version: number, program: Uint8Array): string | undefined {
  if (!Number.isInteger(version) || version < 0 || version > 16) return 'invalid witness version';
  if (program.length < 2 || program.length > 40) return 'invalid witness program length';
  if (version === 0 && program.length !== 20 && program.length !== 32) return 'invalid witness v0 program length';
  return undefined;
}

/** Encode a segwit address (BIP173) for network `hrp`. */
export function encodeSegwitAddress(hrp: string, version: number, program: Uint8Array): string {
  const err = checkProgram(version, program);
  if (err !== undefined) throw new RangeError(err);
  return bech32Encode(hrp, [version, ...convertBits(program, 8, 5, true)]);
}

/** Decode a segwit address of network `hrp` (BIP173 rules); throws `DecodeError`. */
export function decodeSegwitAddress(hrp: string, address: string): SegwitAddress {
  const dec = bech32Decode(address);
  if (dec.hrp !== hrp) throw new DecodeError(`wrong bech32 hrp '${dec.hrp}', expected '${hrp}'`);
  if (dec.data.length < 1) throw new DecodeError('empty witness data');
  const version = dec.data[0]!;
  const program = Uint8Array.from(convertBits(dec.data.slice(1), 5, 8, false));
  const err = checkProgram(version, program);
  if (err !== undefined) throw new DecodeError(err);
  return { version, program };
}
