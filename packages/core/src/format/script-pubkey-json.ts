import { toDisplayHex, toHex } from '../encoding/hex.js';
import { addressForDestination } from '../address/address.js';
import { encodeParentAddress } from '../address/parent-address.js';
import { scriptToAsm } from '../script/asm.js';
import { OP } from '../script/opcodes.js';
import { OpReader } from '../script/op-reader.js';
import { extractDestinations } from '../script/standard.js';
import { JsonObject } from './json-object.js';
import type { TxJsonOptions } from './tx-json-options.js';

/** A peg-out output: `OP_RETURN <32-byte parent genesis hash> <parent-chain scriptPubKey>`. */
export interface PegoutScript {
  /** Parent chain genesis hash, internal order. */
  readonly genesisHash: Uint8Array;
  readonly scriptPubKey: Uint8Array;
}

/**
 * Elements' `CScript::IsPegoutScript`: OP_RETURN, then a push of exactly 32 bytes, then one more
 * push (opcode ≤ OP_PUSHDATA4). Anything after the second push is ignored.
 */
export function pegoutScript(script: Uint8Array): PegoutScript | undefined {
  const r = new OpReader(script);
  if (!r.next() || r.opcode !== OP.OP_RETURN) return undefined;
  if (!r.next() || r.data.length !== 32 || r.opcode > OP.OP_PUSHDATA4) return undefined;
  const genesisHash = r.data.slice();
  if (!r.next() || r.opcode > OP.OP_PUSHDATA4) return undefined;
  return { genesisHash, scriptPubKey: r.data.slice() };
}

/**
 * `ScriptPubKeyToJSON(script, out, fIncludeHex)` of the original's rawtransaction.cpp:
 * `asm`, `hex` (when `includeHex`), then `reqSigs`, `type`, `addresses` when the destinations can
 * be extracted, else only `type`; for a peg-out script (always `nulldata`) `pegout_chain`,
 * `pegout_asm`, `pegout_hex` (when `includeHex`) and `pegout_reqSigs`/`pegout_type`/
 * `pegout_addresses` (parent-chain address versions) follow.
 */
export function scriptPubKeyToJson(script: Uint8Array, opts: TxJsonOptions, includeHex = true): JsonObject {
  const out = new JsonObject();
  out.push('asm', scriptToAsm(script, false));
  if (includeHex) out.push('hex', toHex(script));
  const d = extractDestinations(script);
  if (!d.ok) {
    out.push('type', d.type);
  } else {
    out.push('reqSigs', d.required);
    out.push('type', d.type);
    out.push(
      'addresses',
      d.destinations.map((dest) => addressForDestination(dest, opts.base58)),
    );
  }
  const pegout = pegoutScript(script);
  if (pegout) {
    out.push('pegout_chain', toDisplayHex(pegout.genesisHash));
    out.push('pegout_asm', scriptToAsm(pegout.scriptPubKey, false));
    if (includeHex) out.push('pegout_hex', toHex(pegout.scriptPubKey));
    const p = extractDestinations(pegout.scriptPubKey);
    if (p.ok) {
      out.push('pegout_reqSigs', p.required);
      out.push('pegout_type', p.type);
      out.push(
        'pegout_addresses',
        p.destinations.map((dest) => encodeParentAddress(dest, opts.base58)),
      );
    } else {
      out.push('pegout_type', p.type);
    }
  }
  return out;
}
