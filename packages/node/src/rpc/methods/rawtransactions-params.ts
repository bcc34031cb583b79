/**
 * Parameter readers and output makers shared by the raw-transaction builders
 * (`createrawtransaction`, `createrawtxoutputs`, `createrawpolicytx` / `createrawrequesttx` /
 * `createrawbidtx`, the issuance builders), with Core 0.14's / Ocean's exact errors.
 */
import {
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  JsonNumber,
  OutPoint,
  TxIn,
  TxOut,
  concatBytes,
  decodeAddress,
  encodePushData,
  scriptForDestination,
  type Base58Prefixes,
  type DecodedAddress,
  type JsonObject,
  type JsonValue,
  type Secp256k1,
  type TransactionBuilder,
} from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RpcError } from '../server/rpc-error.js';
import type { NodeRpcContext } from './context.js';
import { parseHashV } from './parse-params.js';
import { findValue, getInt, getInt64, getObj, isNull } from './univalue-params.js';

export const UINT32_MAX = 0xffffffff;
const OP_RETURN = 0x6a;

/** The builders' first check: the inputs and outputs arguments are given and not null. */
export function requireInputsAndOutputs(p: readonly JsonValue[]): void {
  if (isNull(p[0]) || isNull(p[1])) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, arguments 1 and 2 must be non-null');
}

/** A `locktime` argument: an integer in 0…2^32−1. */
export function parseLocktime(v: JsonValue | undefined): number {
  const lt = getInt64(v);
  if (lt < 0n || lt > BigInt(UINT32_MAX)) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, locktime out of range');
  return Number(lt);
}

/** The `{"txid", "vout"}` of an input object, checked as `createrawtransaction` checks them. */
export function parseInputOutPoint(o: JsonObject): OutPoint {
  const txid = parseHashV(findValue(o, 'txid'), 'txid');
  const voutV = findValue(o, 'vout');
  if (!(voutV instanceof JsonNumber)) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, missing vout key');
  const vout = getInt(voutV);
  if (vout < 0) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, vout must be positive');
  return new OutPoint(txid, vout);
}

/**
 * `createrawtransaction`'s inputs `[{"txid", "vout", "sequence"?}, …]` added to `b` (whose lock time
 * is already set): the sequence defaults to 0xfffffffe with a lock time (so that it applies), else
 * final.
 */
export function addRawInputs(b: TransactionBuilder, inputs: readonly JsonValue[]): void {
  for (const input of inputs) {
    const o = getObj(input);
    const outpoint = parseInputOutPoint(o);
    let sequence = b.locktime !== 0 ? UINT32_MAX - 1 : UINT32_MAX;
    const seqV = findValue(o, 'sequence');
    if (seqV instanceof JsonNumber) {
      const s = getInt64(seqV);
      if (s < 0n || s > BigInt(UINT32_MAX)) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, sequence number is out of range');
      sequence = Number(s);
    }
    b.addInput(new TxIn(outpoint, new Uint8Array(0), sequence));
  }
}

/** An unblinded output: explicit asset and value. */
export function explicitOutput(asset: Uint8Array, amount: bigint, script: Uint8Array, nonce: ConfidentialNonce = ConfidentialNonce.NULL): TxOut {
  return new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(amount), nonce, script);
}

/** `OP_RETURN` followed by a push of each data item. */
export function nullDataScript(...data: readonly Uint8Array[]): Uint8Array {
  return concatBytes(Uint8Array.of(OP_RETURN), ...data.map((d) => encodePushData(d)));
}

/** An asset parameter: a label known to the node (`CBT`, `ISSUANCE`, …) or a 64-hex asset id. */
export function assetParam(ctx: NodeRpcContext, v: JsonValue | undefined, name: string): Uint8Array {
  if (typeof v === 'string') {
    const labelled = ctx.params.assetLabels.assetFor(v);
    if (labelled) return labelled;
  }
  return parseHashV(v, name);
}

/** `CBitcoinAddress(text).IsValid()`, or undefined. */
export function tryDecodeAddress(text: string, base58: Base58Prefixes): DecodedAddress | undefined {
  try {
    return decodeAddress(text, base58);
  } catch {
    return undefined;
  }
}

/** An address parameter: -5 `Invalid Bitcoin address: <text>` when it does not decode. */
export function addressParam(text: string, base58: Base58Prefixes): DecodedAddress {
  const addr = tryDecodeAddress(text, base58);
  if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, `Invalid Bitcoin address: ${text}`);
  return addr;
}

/** A blinded address's blinding key must be a valid public key (-8 otherwise). */
export function checkBlindingKey(secp: Pick<Secp256k1, 'publicKeyVerify'>, addr: DecodedAddress): void {
  if (!addr.blindingKey) return;
  let valid = false;
  try {
    valid = secp.publicKeyVerify(addr.blindingKey);
  } catch {
    valid = false;
  }
  if (!valid) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter: invalid confidentiality public key given');
}

/** An explicit output paying `amount` of `asset` to `addr` (nonce = blinding key of a blinded address). */
export function addressOutput(addr: DecodedAddress, asset: Uint8Array, amount: bigint): TxOut {
  const nonce = addr.blindingKey ? ConfidentialNonce.fromBytes(addr.blindingKey) : ConfidentialNonce.NULL;
  return explicitOutput(asset, amount, scriptForDestination(addr), nonce);
}
