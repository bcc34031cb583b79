/**
 * Ocean's `createrawtxoutputs inputs outputs ( locktime )`: `createrawtransaction` with the outputs
 * given as an array of objects, so that an address may appear several times and every output names
 * its own asset. Output objects: `{"address": <address> | "fee", "amount": x, "asset"?: hex|label}`
 * or `{"data": hex, "amount"?: x, "asset"?: …}`; anything else is -8 `Output object without address
 * or data key`. A missing asset is the chain's domain (fee) asset, as in `createrawtransaction`.
 */
import {
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  JsonObject,
  Transaction,
  TransactionBuilder,
  TxOut,
  concatBytes,
  decodeAddress,
  encodePushData,
  fromHex,
  scriptForDestination,
  toHex,
  type DecodedAddress,
  type JsonValue,
} from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { amountFromValue, createRawTransaction } from './rawtransactions-create.js';
import { parseHashV, parseHexV } from './parse-params.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { findValue, getStr, hasKey, isNull } from './univalue-params.js';

const OP_RETURN = 0x6a;

/** An asset parameter: a label known to the node (`CBT`, `ISSUANCE`, …) or a 64-hex asset id. */
export function assetParam(ctx: NodeRpcContext, v: JsonValue | undefined, name: string): Uint8Array {
  if (typeof v === 'string') {
    const labelled = ctx.params.assetLabels.assetFor(v);
    if (labelled) return labelled;
  }
  return parseHashV(v, name);
}

/** `CBitcoinAddress(text).IsValid()`, or undefined. */
export function tryDecodeAddress(ctx: NodeRpcContext, text: string): DecodedAddress | undefined {
  try {
    return decodeAddress(text, ctx.params.base58);
  } catch {
    return undefined;
  }
}

/** An explicit output paying `amount` of `asset` to `addr` (nonce = blinding key of a blinded address). */
export function addressOutput(addr: DecodedAddress, asset: Uint8Array, amount: bigint): TxOut {
  const nonce = addr.blindingKey ? ConfidentialNonce.fromBytes(addr.blindingKey) : ConfidentialNonce.NULL;
  return new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(amount), nonce, scriptForDestination(addr));
}

function outputOf(ctx: NodeRpcContext, o: JsonObject): TxOut {
  const assetV = findValue(o, 'asset');
  const asset = isNull(assetV) ? ctx.params.feeAsset : assetParam(ctx, assetV, 'asset');
  if (hasKey(o, 'address')) {
    const name = getStr(findValue(o, 'address'));
    const amount = amountFromValue(findValue(o, 'amount'));
    if (name === 'fee') return new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(amount), ConfidentialNonce.NULL, new Uint8Array(0));
    const addr = tryDecodeAddress(ctx, name);
    if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, `Invalid Bitcoin address: ${name}`);
    if (addr.blindingKey && !validKey(ctx, addr.blindingKey)) {
      throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter: invalid confidentiality public key given');
    }
    return addressOutput(addr, asset, amount);
  }
  if (hasKey(o, 'data')) {
    const data = parseHexV(findValue(o, 'data'), 'Data');
    const amount = hasKey(o, 'amount') ? amountFromValue(findValue(o, 'amount')) : 0n;
    const script = concatBytes(Uint8Array.of(OP_RETURN), encodePushData(data));
    return new TxOut(ConfidentialAsset.fromId(asset), ConfidentialValue.fromAmount(amount), ConfidentialNonce.NULL, script);
  }
  throw new RpcError(RPC_INVALID_PARAMETER, 'Output object without address or data key');
}

function validKey(ctx: NodeRpcContext, key: Uint8Array): boolean {
  try {
    return ctx.secp.publicKeyVerify(key);
  } catch {
    return false;
  }
}

export function createRawTxOutputs(ctx: NodeRpcContext, p: readonly JsonValue[]): string {
  rpcTypeCheck(p, ['array', 'array', 'number'], true);
  if (isNull(p[0]) || isNull(p[1])) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, arguments 1 and 2 must be non-null');
  // Inputs and locktime exactly as createrawtransaction reads them.
  const base = Transaction.decode(fromHex(createRawTransaction(ctx, [p[0]!, new JsonObject(), p[2] ?? null])));
  const b = TransactionBuilder.from(base);
  for (const o of p[1] as readonly JsonValue[]) {
    if (!(o instanceof JsonObject)) throw new RpcError(RPC_MISC_ERROR, 'JSON value is not an object as expected');
    b.addOutput(outputOf(ctx, o));
  }
  return toHex(b.build().toBytes());
}

export function rawTransactionOutputsMethods(ctx: NodeRpcContext): RpcMethod[] {
  return [
    {
      name: 'createrawtxoutputs',
      category: 'rawtransactions',
      argNames: ['inputs', 'outputs', 'locktime'],
      okSafeMode: true,
      help:
        'createrawtxoutputs [{"txid":"id","vout":n},...] [{"address":"addr","amount":x,"asset":"hex"},{"data":"hex"},...] ( locktime )\n\n' +
        'Create a transaction spending the given inputs and creating new outputs.\n' +
        'Outputs are given as an array, so an address may be paid several times; each output\n' +
        'names its asset ("fee" as address makes a fee output).\n' +
        'Returns hex-encoded raw transaction.\n' +
        'Note that the transaction\'s inputs are not signed, and\n' +
        'it is not stored in the wallet or transmitted to the network.',
      minArgs: 2,
      maxArgs: 3,
      handler: (p) => createRawTxOutputs(ctx, p),
    },
  ];
}
