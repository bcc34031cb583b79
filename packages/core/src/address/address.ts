import { base58CheckDecode, base58CheckEncode } from '../encoding/base58.js';
import { DecodeError, assert } from '../encoding/errors.js';
import { concatBytes } from '../encoding/hex.js';
import type { Base58Prefixes } from '../chain/base58-prefixes.js';
import { scriptForDestination } from './destination.js';
import type { Destination } from '../script/standard.js';

/** Which version byte an address carried: PUBKEY_ADDRESS, SCRIPT_ADDRESS or EXTENDED_ADDRESS. */
export type AddressVersionKind = 'pubkey' | 'script' | 'extended';

/** Length of a blinded address body after its outer version: inner version, blinding key, hash. */
export const BLINDED_ADDRESS_DATA_SIZE = 1 + 33 + 20;

/**
 * A decoded Ocean address (script spec §6). `type`/`hash` are the destination; `payload` is the
 * full data after the version byte (20 bytes, or 40 — the original accepts that length and uses the
 * first 20 bytes as the hash). Blinded (confidential) addresses also carry `blindingKey`; their
 * `version`/`payload` are those of the inner, unblinded address.
 */
export interface DecodedAddress extends Destination {
  readonly version: number;
  readonly versionKind: AddressVersionKind;
  readonly payload: Uint8Array;
  readonly blindingKey?: Uint8Array | undefined;
}

function kindOf(version: number, prefixes: Base58Prefixes): AddressVersionKind | undefined {
  if (version === prefixes.pubkeyAddress) return 'pubkey';
  if (version === prefixes.scriptAddress) return 'script';
  if (version === prefixes.extendedAddress) return 'extended';
  return undefined;
}

function unblinded(version: number, payload: Uint8Array, prefixes: Base58Prefixes, blindingKey?: Uint8Array): DecodedAddress {
  const versionKind = kindOf(version, prefixes);
  if (versionKind === undefined) throw new DecodeError(`unknown address version ${version}`);
  if (payload.length !== 20 && payload.length !== 40) throw new DecodeError(`invalid address data length ${payload.length}`);
  return {
    type: versionKind === 'script' ? 'scripthash' : 'keyhash',
    hash: payload.slice(0, 20),
    version,
    versionKind,
    payload: payload.slice(),
    blindingKey,
  };
}

/**
 * Decode an Ocean address of the chain with `prefixes` (`CBitcoinAddress::IsValid` + `Get`):
 * Base58Check; version PUBKEY / SCRIPT / EXTENDED with 20 or 40 data bytes; or BLINDED with
 * `inner version || 33-byte blinding key || 20-byte hash`, valid iff the inner address is.
 * Throws `DecodeError` otherwise.
 */
export function decodeAddress(text: string, prefixes: Base58Prefixes): DecodedAddress {
  const raw = base58CheckDecode(text);
  if (raw.length < 1) throw new DecodeError('empty address');
  const version = raw[0]!;
  const data = raw.subarray(1);
  if (version === prefixes.blindedAddress) {
    if (data.length !== BLINDED_ADDRESS_DATA_SIZE) throw new DecodeError(`invalid blinded address data length ${data.length}`);
    return unblinded(data[0]!, data.subarray(34), prefixes, data.slice(1, 34));
  }
  return unblinded(version, data, prefixes);
}

/** True when `decodeAddress` succeeds. */
export function isValidAddress(text: string, prefixes: Base58Prefixes): boolean {
  try {
    decodeAddress(text, prefixes);
    return true;
  } catch (e) {
    if (e instanceof DecodeError) return false;
    throw e;
  }
}

/** Re-encode a decoded address (blinded when it has a blinding key). */
export function encodeAddress(addr: DecodedAddress, prefixes: Base58Prefixes): string {
  const inner = concatBytes(new Uint8Array([addr.version]), addr.payload);
  if (addr.blindingKey === undefined) return base58CheckEncode(inner);
  assert(addr.blindingKey.length === 33 && addr.payload.length === 20, 'blinded address needs a 33-byte key and a 20-byte hash');
  return base58CheckEncode(concatBytes(new Uint8Array([prefixes.blindedAddress, addr.version]), addr.blindingKey, addr.payload));
}

/**
 * The address of a P2PKH / P2SH destination on the chain with `prefixes`; with a 33-byte
 * `blindingKey`, the blinded (confidential) address.
 */
export function addressForDestination(dest: Destination, prefixes: Base58Prefixes, blindingKey?: Uint8Array): string {
  assert(dest.hash.length === 20, 'destination hash must be 20 bytes');
  const version = dest.type === 'keyhash' ? prefixes.pubkeyAddress : prefixes.scriptAddress;
  return encodeAddress(
    { ...dest, version, versionKind: dest.type === 'keyhash' ? 'pubkey' : 'script', payload: dest.hash, blindingKey },
    prefixes,
  );
}

/** The unblinded form of an address (drops the blinding key). */
export function unconfidentialAddress(addr: DecodedAddress, prefixes: Base58Prefixes): string {
  return encodeAddress({ ...addr, blindingKey: undefined }, prefixes);
}

/**
 * The scriptPubKey an address pays to. Accepts a decoded address, or an address string together
 * with the chain's prefixes.
 */
export function scriptForAddress(addr: DecodedAddress | string, prefixes?: Base58Prefixes): Uint8Array {
  if (typeof addr === 'string') {
    assert(prefixes !== undefined, 'scriptForAddress(string) needs the chain prefixes');
    return scriptForDestination(decodeAddress(addr, prefixes));
  }
  return scriptForDestination(addr);
}
