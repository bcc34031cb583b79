/**
 * Policy-list registration outputs (ocean-policy.md §3.1): the "1-of-2" bare multisig
 * `OP_1 PUSH(admin key) PUSH(data key) OP_2 OP_CHECKMULTISIG`, and the two data-key layouts.
 */
import { OP } from '../script/opcodes.js';
import { ScriptBuilder } from '../script/script-builder.js';

/** The registration script: admin key first, then the data key (pushed as given, even when empty). */
export function policyListScript(adminPubKey: Uint8Array, dataKey: Uint8Array): Uint8Array {
  return new ScriptBuilder().op(OP.OP_1).push(adminPubKey).push(dataKey).op(OP.OP_2, OP.OP_CHECKMULTISIG).build();
}

/** Address entry (freeze/burn lists): `02 ‖ 12 zero bytes ‖ key id`. */
export function addressEntryKey(keyId: Uint8Array): Uint8Array {
  if (keyId.length !== 20) throw new RangeError(`key id must be 20 bytes, got ${keyId.length}`);
  const k = new Uint8Array(33);
  k[0] = 0x02;
  k.set(keyId, 13);
  return k;
}

/** The key id of an address entry (bytes 13…32), undefined when the key is not 33 bytes. */
export function keyIdOfAddressEntry(dataKey: Uint8Array): Uint8Array | undefined {
  return dataKey.length === 33 ? dataKey.slice(13, 33) : undefined;
}

/**
 * Hidden-key entry (whitelist KYC keys): bytes 0…2 kept, bytes 3…32 reversed. The map is its own
 * inverse, so it both hides a 33-byte key and recovers it.
 */
export function hiddenKeyEntry(key: Uint8Array): Uint8Array {
  if (key.length !== 33) throw new RangeError(`hidden key must be 33 bytes, got ${key.length}`);
  const k = key.slice();
  k.subarray(3).reverse();
  return k;
}
