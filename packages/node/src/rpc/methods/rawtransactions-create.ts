/** `createrawtransaction` (Core 0.14 / Elements `rpc/rawtransaction.cpp` with Ocean's output assets). */
import { JsonNumber, JsonObject, TransactionBuilder, fromHex, isHex, moneyRange, toHex, type JsonValue } from '@ocean-ts/core';
import { RPC_INVALID_PARAMETER, RPC_TYPE_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { addRawInputs, addressOutput, addressParam, assetParam, checkBlindingKey, explicitOutput, nullDataScript, parseLocktime, requireInputsAndOutputs } from './rawtransactions-params.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { findValue, getArray, getStr, isNull } from './univalue-params.js';

const UPPER_BOUND = 10n ** 18n - 1n;

/** `ParseFixedPoint(value, 8)` of Core 0.14 (JSON number grammar; mantissa and exponent limits). */
export function parseFixedPoint8(s: string): bigint | undefined {
  const m = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(s);
  if (!m) return undefined;
  const neg = m[1] === '-';
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0');
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1e9) return undefined;
  // a lone leading "0" is not a mantissa digit; trailing zero digits only scale the exponent
  const all = (m[2] === '0' ? '' : m[2]!) + frac;
  const stripped = all.replace(/0+$/, '');
  const tzeros = all.length - stripped.length;
  let mantissa = stripped === '' ? 0n : BigInt(stripped);
  if (mantissa > UPPER_BOUND) return undefined;
  const exponent = exp - frac.length + tzeros + 8;
  if (exponent < 0 || exponent >= 18) return undefined;
  for (let i = 0; i < exponent; i++) {
    if (mantissa > UPPER_BOUND / 10n) return undefined;
    mantissa *= 10n;
  }
  if (mantissa > UPPER_BOUND) return undefined;
  return neg ? -mantissa : mantissa;
}

/** `AmountFromValue` (rpc spec §1). */
export function amountFromValue(v: JsonValue | undefined): bigint {
  let text: string;
  if (v instanceof JsonNumber) text = v.raw;
  else if (typeof v === 'string') text = v;
  else throw new RpcError(RPC_TYPE_ERROR, 'Amount is not a number or string');
  const amount = parseFixedPoint8(text);
  if (amount === undefined) throw new RpcError(RPC_TYPE_ERROR, 'Invalid amount');
  if (!moneyRange(amount)) throw new RpcError(RPC_TYPE_ERROR, 'Amount out of range');
  return amount;
}

function parseDataHex(v: JsonValue | undefined): Uint8Array {
  const s = typeof v === 'string' ? v : v instanceof JsonNumber ? v.raw : '';
  if (!isHex(s)) throw new RpcError(RPC_INVALID_PARAMETER, `Data must be hexadecimal string (not '${s}')`);
  return fromHex(s);
}

function outputAsset(ctx: NodeRpcContext, assets: JsonObject | undefined, key: string): Uint8Array {
  const v = assets ? findValue(assets, key) : undefined;
  return isNull(v) ? ctx.params.feeAsset : assetParam(ctx, v, key);
}

export function createRawTransaction(ctx: NodeRpcContext, p: readonly JsonValue[]): string {
  rpcTypeCheck(p, ['array', 'object', 'number', 'object'], true);
  requireInputsAndOutputs(p);
  const sendTo = p[1] as JsonObject;
  const assets = isNull(p[3]) ? undefined : (p[3] as JsonObject);

  const b = new TransactionBuilder();
  if (!isNull(p[2])) b.locktime = parseLocktime(p[2]);
  addRawInputs(b, p[0] as readonly JsonValue[]);

  const seen = new Set<string>();
  for (const [name, value] of sendTo.entries) {
    const asset = outputAsset(ctx, assets, name);
    if (name === 'data') {
      b.addOutput(explicitOutput(asset, 0n, nullDataScript(parseDataHex(value))));
    } else if (name === 'vdata') {
      b.addOutput(explicitOutput(asset, 0n, nullDataScript(...getArray(value).map((d) => parseDataHex(getStr(d))))));
    } else if (name === 'fee') {
      b.addOutput(explicitOutput(asset, amountFromValue(value), new Uint8Array(0)));
    } else {
      const addr = addressParam(name, ctx.params.base58);
      // CBitcoinAddress compares version and data (a blinded address differs from its unblinded form)
      const key = `${addr.blindingKey ? toHex(addr.blindingKey) : ''}:${addr.version}:${toHex(addr.payload)}`;
      if (seen.has(key)) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid parameter, duplicated address: ${name}`);
      seen.add(key);
      const amount = amountFromValue(value);
      checkBlindingKey(ctx.secp, addr);
      b.addOutput(addressOutput(addr, asset, amount));
    }
  }
  return toHex(b.build().toBytes());
}

export function rawTransactionCreateMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('rawtransactions');
  return [
    m(
      'createrawtransaction',
      ['inputs', 'outputs', 'locktime', 'output_assets'],
      'createrawtransaction [{"txid":"id","vout":n},...] {"address":amount,"data":"hex",...} ( locktime ) ( {"address":"asset"} )\n\n' +
        'Create a transaction spending the given inputs and creating new outputs.',
      (p) => createRawTransaction(ctx, p),
      { minArgs: 2 },
    ),
  ];
}
