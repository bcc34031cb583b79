import { base58CheckDecode, base58CheckEncode } from '../encoding/base58.js';
import { DecodeError, assert } from '../encoding/errors.js';
import { concatBytes } from '../encoding/hex.js';
import type { Base58Prefixes } from '../chain/base58-prefixes.js';
import type { Destination } from '../script/standard.js';

/**
 * Parent-chain addresses (`PARENT_PUBKEY_ADDRESS` / `PARENT_SCRIPT_ADDRESS`), used by the peg RPCs:
 * Base58Check of `version || 20-byte hash`.
 */
export function encodeParentAddress(dest: Destination, prefixes: Base58Prefixes): string {
  assert(dest.hash.length === 20, 'destination hash must be 20 bytes');
  const version = dest.type === 'keyhash' ? prefixes.parentPubkeyAddress : prefixes.parentScriptAddress;
  return base58CheckEncode(concatBytes(new Uint8Array([version]), dest.hash));
}

/** Decode a parent-chain address; throws `DecodeError` for any other version or length. */
export function decodeParentAddress(text: string, prefixes: Base58Prefixes): Destination {
  const raw = base58CheckDecode(text);
  if (raw.length !== 21) throw new DecodeError(`invalid parent address data length ${Math.max(raw.length - 1, 0)}`);
  const version = raw[0]!;
  if (version === prefixes.parentPubkeyAddress) return { type: 'keyhash', hash: raw.slice(1) };
  if (version === prefixes.parentScriptAddress) return { type: 'scripthash', hash: raw.slice(1) };
  throw new DecodeError(`unknown parent address version ${version}`);
}

/** True when `decodeParentAddress` succeeds. */
export function isValidParentAddress(text: string, prefixes: Base58Prefixes): boolean {
  try {
    decodeParentAddress(text, prefixes);
    return true;
  } catch (e) {
    if (e instanceof DecodeError) return false;
    throw e;
  }
}
