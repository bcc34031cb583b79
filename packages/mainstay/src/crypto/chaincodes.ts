/** Staychain chaincodes (spec mainstay.md §1.3, §7 `initChaincodes`). */
import { fromHex, isHex } from '@ocean-ts/core';
import { MainstayCryptoError } from './crypto-error.js';

/** One chaincode: exactly 64 hex characters. */
export function parseChaincode(hex: string): Uint8Array {
  const s = hex.trim();
  if (s.length !== 64 || !isHex(s)) throw new MainstayCryptoError(`invalid chaincode '${s}': must be 32 bytes of hex`);
  return fromHex(s);
}

/**
 * The chaincodes of the base keys, in pubkey order: a comma-separated list (entries trimmed) or an
 * array. Their number must equal the number of public keys.
 */
export function parseChaincodes(list: string | readonly string[], pubkeyCount: number): Uint8Array[] {
  const items = typeof list === 'string' ? list.split(',') : [...list];
  const out = items.map(parseChaincode);
  if (out.length !== pubkeyCount) {
    throw new MainstayCryptoError(`number of chaincodes (${out.length}) does not match the number of public keys (${pubkeyCount})`);
  }
  return out;
}
