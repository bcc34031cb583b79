/**
 * Wallet blinding keys as Elements 0.14 derives them.
 *
 * `CWallet::GetBlindingKey(script)`: a key imported for that script (`importblindingkey`, kept by
 * the wallet — not here) wins; otherwise the key is `HMAC-SHA256(key = master blinding key,
 * message = scriptPubKey bytes)`, and if those 32 bytes are not a valid private key there is no
 * blinding key (the output is not blinded). The master key ("blinding derivation key") is 32 random
 * bytes the wallet creates once.
 *
 * Issuance blinding keys are the same derivation applied to a synthetic script built from the
 * issuing input's prevout: `OP_RETURN <prevout txid bytes> <prevout n as a script number>` (what
 * `issueasset`, `dumpissuanceblindingkey` and `importissuanceblindingkey` use).
 */
import { createHmac } from 'node:crypto';
import type { OutPoint } from '../primitives/outpoint.js';
import { OP } from '../script/opcodes.js';
import { ScriptBuilder } from '../script/script-builder.js';
import { isPrivateKey } from './key-checks.js';

/** `HMAC-SHA256(master, scriptPubKey)` when it is a valid private key, else `null`. */
export function deriveBlindingKey(masterBlindingKey: Uint8Array, scriptPubKey: Uint8Array): Uint8Array | null {
  if (masterBlindingKey.length !== 32) throw new RangeError('master blinding key must be 32 bytes');
  const mac = createHmac('sha256', masterBlindingKey).update(scriptPubKey).digest();
  const key = new Uint8Array(mac.buffer, mac.byteOffset, mac.byteLength).slice();
  return isPrivateKey(key) ? key : null;
}

/** `CScript() << OP_RETURN << prevout.hash bytes << prevout.n` — the issuance blinding script. */
export function issuanceBlindingScript(prevout: OutPoint): Uint8Array {
  return new ScriptBuilder().op(OP.OP_RETURN).push(prevout.txid).number(prevout.index).build();
}

/** The blinding key of the issuance on the input spending `prevout`, or `null`. */
export function deriveIssuanceBlindingKey(masterBlindingKey: Uint8Array, prevout: OutPoint): Uint8Array | null {
  return deriveBlindingKey(masterBlindingKey, issuanceBlindingScript(prevout));
}
