/**
 * Ocean's `createrawtxoutputs inputs outputs ( locktime )`: `createrawtransaction` with the outputs
 * given as an array of objects, so that an address may appear several times and every output names
 * its own asset. Output objects: `{"address": <address> | "fee", "amount": x, "asset"?: hex|label}`
 * or `{"data": hex, "amount"?: x, "asset"?: …}`; anything else is -8 `Output object without address
 * or data key`. A missing asset is the chain's domain (fee) asset, as in `createrawtransaction`.
 */
import { JsonObject, TransactionBuilder, toHex, type JsonValue, type TxOut } from '@ocean-ts/core';
import { RPC_INVALID_PARAMETER, RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { amountFromValue } from './rawtransactions-create.js';
import { addRawInputs, addressOutput, addressParam, assetParam, checkBlindingKey, explicitOutput, nullDataScript, parseLocktime, requireInputsAndOutputs } from './rawtransactions-params.js';
import { parseHexV } from './parse-params.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { findValue, getStr, hasKey, isNull } from './univalue-params.js';

function outputOf(ctx: NodeRpcContext, o: JsonObject): TxOut {
  const assetV = findValue(o, 'asset');
  const asset = isNull(assetV) ? ctx.params.feeAsset : assetParam(ctx, assetV, 'asset');
  if (hasKey(o, 'address')) {
    const name = getStr(findValue(o, 'address'));
    const amount = amountFromValue(findValue(o, 'amount'));
    if (name === 'fee') return explicitOutput(asset, amount, new Uint8Array(0));
    const addr = addressParam(name, ctx.params.base58);
    checkBlindingKey(ctx.secp, addr);
    return addressOutput(addr, asset, amount);
  }
  if (hasKey(o, 'data')) {
    const data = parseHexV(findValue(o, 'data'), 'Data');
    const amount = hasKey(o, 'amount') ? amountFromValue(findValue(o, 'amount')) : 0n;
    return explicitOutput(asset, amount, nullDataScript(data));
  }
  throw new RpcError(RPC_INVALID_PARAMETER, 'Output object without address or data key');
}

export function createRawTxOutputs(ctx: NodeRpcContext, p: readonly JsonValue[]): string {
  rpcTypeCheck(p, ['array', 'array', 'number'], true);
  requireInputsAndOutputs(p);
  // Inputs and locktime exactly as createrawtransaction reads them.
  const b = new TransactionBuilder();
  if (!isNull(p[2])) b.locktime = parseLocktime(p[2]);
  addRawInputs(b, p[0] as readonly JsonValue[]);
  for (const o of p[1] as readonly JsonValue[]) {
    if (!(o instanceof JsonObject)) throw new RpcError(RPC_MISC_ERROR, 'JSON value is not an object as expected');
    b.addOutput(outputOf(ctx, o));
  }
  return toHex(b.build().toBytes());
}

export function rawTransactionOutputsMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('rawtransactions');
  return [
    m(
      'createrawtxoutputs',
      ['inputs', 'outputs', 'locktime'],
      'createrawtxoutputs [{"txid":"id","vout":n},...] [{"address":"addr","amount":x,"asset":"hex"},{"data":"hex"},...] ( locktime )\n\n' +
        'Create a transaction spending the given inputs and creating new outputs.\n' +
        'Outputs are given as an array, so an address may be paid several times; each output\n' +
        'names its asset ("fee" as address makes a fee output).\n' +
        'Returns hex-encoded raw transaction.\n' +
        "Note that the transaction's inputs are not signed, and\n" +
        'it is not stored in the wallet or transmitted to the network.',
      (p) => createRawTxOutputs(ctx, p),
      { minArgs: 2 },
    ),
  ];
}
