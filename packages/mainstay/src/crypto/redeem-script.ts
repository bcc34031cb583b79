/**
 * Bare m-of-n `OP_CHECKMULTISIG` redeem scripts (spec mainstay.md §1.3):
 * `OP_m <push K_1> … <push K_n> OP_n OP_CHECKMULTISIG`, keys in the given order (never sorted).
 */
import { concatBytes, type Secp256k1 } from '@ocean-ts/core';
import { MainstayCryptoError } from './crypto-error.js';

const OP_1 = 0x51;
const OP_16 = 0x60;
const OP_CHECKMULTISIG = 0xae;
/** Largest m and n (single-byte small-integer opcodes; the original's `"5%d"` only reaches 9). */
export const MAX_MULTISIG_KEYS = 16;

/** A parsed multisig redeem script. `pubkeys` are as they appear in the script (33 or 65 bytes). */
export interface MultisigRedeemScript {
  readonly m: number;
  readonly n: number;
  readonly pubkeys: readonly Uint8Array[];
  readonly script: Uint8Array;
}

/**
 * Parse an m-of-n multisig redeem script: `OP_m`, n pushes of 33- or 65-byte valid public keys,
 * `OP_n`, `OP_CHECKMULTISIG`, nothing else; 1 ≤ m ≤ n ≤ 16. Throws `MainstayCryptoError`.
 */
export function parseRedeemScript(secp: Secp256k1, script: Uint8Array): MultisigRedeemScript {
  const bad = (why: string) => new MainstayCryptoError(`invalid multisig redeem script: ${why}`);
  if (script.length < 3) throw bad('too short');
  if (script[script.length - 1] !== OP_CHECKMULTISIG) throw bad('must end with OP_CHECKMULTISIG (ae)');
  const first = script[0]!;
  const last = script[script.length - 2]!;
  if (first < OP_1 || first > OP_16) throw bad('must start with OP_1..OP_16');
  if (last < OP_1 || last > OP_16) throw bad('OP_n must be OP_1..OP_16');
  const m = first - 0x50;
  const n = last - 0x50;
  if (m > n) throw bad(`m (${m}) greater than n (${n})`);
  const pubkeys: Uint8Array[] = [];
  let pos = 1;
  const end = script.length - 2;
  for (let k = 0; k < n; k++) {
    if (pos >= end) throw bad(`expected ${n} public keys, found ${k}`);
    const len = script[pos]!;
    if (len !== 33 && len !== 65) throw bad(`public key push of ${len} bytes`);
    if (pos + 1 + len > end) throw bad('truncated public key');
    const key = script.slice(pos + 1, pos + 1 + len);
    if (!secp.publicKeyVerify(key)) throw bad(`public key ${k + 1} is not a valid point`);
    pubkeys.push(key);
    pos += 1 + len;
  }
  if (pos !== end) throw bad('unexpected data after the public keys');
  return { m, n, pubkeys, script: script.slice() };
}

/** `OP_m <0x21 K_1> … OP_n OP_CHECKMULTISIG` over compressed keys in the given order. */
export function buildMultisigScript(m: number, pubkeys: readonly Uint8Array[]): Uint8Array {
  const n = pubkeys.length;
  if (!Number.isInteger(m) || m < 1 || m > n || n > MAX_MULTISIG_KEYS) {
    throw new MainstayCryptoError(`invalid multisig ${m}-of-${n} (1 <= m <= n <= ${MAX_MULTISIG_KEYS})`);
  }
  const parts: Uint8Array[] = [Uint8Array.of(0x50 + m)];
  for (const k of pubkeys) {
    if (k.length !== 33) throw new MainstayCryptoError('multisig keys must be compressed (33 bytes)');
    parts.push(Uint8Array.of(33), k);
  }
  parts.push(Uint8Array.of(0x50 + n, OP_CHECKMULTISIG));
  return concatBytes(...parts);
}
