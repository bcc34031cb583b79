/**
 * Core 0.14's value parsers with their exact errors: `ParseHashV` / `ParseHexV` (`rpc/server.cpp`,
 * -8), `ParseHashStr` (`core_read.cpp`, -1), `uint256S`, WIF private keys (`CBitcoinSecret`, -5)
 * and C's `atoi`.
 */
import { base58CheckDecode, fromDisplayHex, fromHex, isHex, type Base58Prefixes, type JsonValue, type Secp256k1, type SigningKey } from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';

/** Core's `IsHex`: non-empty, even length, hex digits only. */
export function isCoreHex(s: string): boolean {
  return s.length > 0 && isHex(s);
}

/** `ParseHashV(v, name)`: 64 hex digits in display order → internal bytes; -8 otherwise (a non-string reads as ""). */
export function parseHashV(v: JsonValue | undefined, name: string): Uint8Array {
  const s = typeof v === 'string' ? v : '';
  if (!isCoreHex(s)) throw new RpcError(RPC_INVALID_PARAMETER, `${name} must be hexadecimal string (not '${s}')`);
  if (s.length !== 64) throw new RpcError(RPC_INVALID_PARAMETER, `${name} must be of length 64 (not ${s.length}, for '${s}')`);
  return fromDisplayHex(s);
}

/** `ParseHexV(v, name)`: non-empty, even-length hex → bytes; -8 otherwise (a non-string reads as ""). */
export function parseHexV(v: JsonValue | undefined, name: string): Uint8Array {
  const s = typeof v === 'string' ? v : '';
  if (!isCoreHex(s)) throw new RpcError(RPC_INVALID_PARAMETER, `${name} must be hexadecimal string (not '${s}')`);
  return fromHex(s);
}

/**
 * `uint256S` / `uint256::SetHex`: leading whitespace and `0x` skipped, then the run of hex digits
 * (invalid text gives the zero hash); the last 64 digits are kept, zero-padded on the left.
 * Returns the display hex.
 */
export function uint256S(text: string): string {
  let s = text.replace(/^[ \t\n\v\f\r]+/, '');
  if (s.startsWith('0x') || s.startsWith('0X')) s = s.slice(2);
  const digits = /^[0-9a-fA-F]*/.exec(s)![0];
  return digits.toLowerCase().slice(-64).padStart(64, '0');
}

/** `uint256S(v.get_str())` as internal bytes: how 0.14's block-hash parameters are read (no -8 check). */
export function uint256SBytes(text: string): Uint8Array {
  return fromDisplayHex(uint256S(text));
}

/**
 * `ParseHashStr(text, name)`: any non-empty even-length hex (`runtime_error` → -1 otherwise), then
 * `SetHex`. Returns the display hex.
 */
export function parseHashStr(text: string, name: string): string {
  if (!isCoreHex(text)) throw new RpcError(RPC_MISC_ERROR, `${name} must be hexadecimal string (not '${text}')`);
  return uint256S(text);
}

/**
 * `CBitcoinSecret::SetString` + `GetKey()`: WIF of the chain (`SECRET_KEY` version, 32 bytes or 33
 * ending in 01) → -5 `Invalid private key`; a key outside 1…n−1 → -5 `Private key outside allowed
 * range`.
 */
export function parsePrivateKey(text: string, prefixes: Base58Prefixes, secp: Secp256k1): SigningKey {
  let raw: Uint8Array;
  try {
    raw = base58CheckDecode(text);
  } catch {
    throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid private key');
  }
  const data = raw.subarray(1);
  const compressed = data.length === 33 && data[32] === 1;
  if (raw[0] !== prefixes.secretKey || (data.length !== 32 && !compressed)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid private key');
  const privateKey = data.slice(0, 32);
  if (!secp.privateKeyVerify(privateKey)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Private key outside allowed range');
  return { privateKey, compressed };
}

/** C `atoi` (glibc: `(int) strtol(s, NULL, 10)`): leading blanks, sign, digits; anything else → 0. */
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (!m) return 0;
  let n = BigInt(m[1]!);
  const max = 2n ** 63n - 1n;
  if (n > max) n = max;
  if (n < -max - 1n) n = -max - 1n;
  return Number(BigInt.asIntN(32, n));
}
