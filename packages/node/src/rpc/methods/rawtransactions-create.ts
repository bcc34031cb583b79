/** `createrawtransaction` (Core 0.14 / Elements `rpc/rawtransaction.cpp` with Ocean's output assets). */
import {
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  JsonNumber,
  JsonObject,
  OutPoint,
  TransactionBuilder,
  TxIn,
  TxOut,
  concatBytes,
  decodeAddress,
  encodePushData,
  fromHex,
  isHex,
  moneyRange,
  scriptForDestination,
  toHex,
  type DecodedAddress,
  type JsonValue,
} from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_TYPE_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { parseHashV } from './parse-params.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { findValue, getArray, getInt, getInt64, getObj, getStr, isNull } from './univalue-params.js';

const OP_RETURN = 0x6a;
const UINT32_MAX = 0xffffffff;
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
  const v = (assets ? findValue(assets, key) : undefined);
  if (isNull(v)) return ctx.params.feeAsset;
  if (typeof v === 'string') {
    const labelled = ctx.params.assetLabels.assetFor(v);
    if (labelled) return labelled;
  }
  return parseHashV(v, key);
}

export function createRawTransaction(ctx: NodeRpcContext, p: readonly JsonValue[]): string {
  rpcTypeCheck(p, ['array', 'object', 'number', 'object'], true);
  if (isNull(p[0]) || isNull(p[1])) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, arguments 1 and 2 must be non-null');
  const inputs = p[0] as readonly JsonValue[];
  const sendTo = p[1] as JsonObject;
  const assets = isNull(p[3]) ? undefined : (p[3] as JsonObject);

  const b = new TransactionBuilder();
  if (!isNull(p[2])) {
    const lt = getInt64(p[2]);
    if (lt < 0n || lt > BigInt(UINT32_MAX)) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, locktime out of range');
    b.locktime = Number(lt);
  }
  for (const input of inputs) {
    const o = getObj(input);
    const txid = parseHashV(findValue(o, 'txid'), 'txid');
    const voutV = findValue(o, 'vout');
    if (!(voutV instanceof JsonNumber)) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, missing vout key');
    const vout = getInt(voutV);
    if (vout < 0) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, vout must be positive');
    let sequence = b.locktime !== 0 ? UINT32_MAX - 1 : UINT32_MAX;
    const seqV = findValue(o, 'sequence');
    if (seqV instanceof JsonNumber) {
      const s = getInt64(seqV);
      if (s < 0n || s > BigInt(UINT32_MAX)) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, sequence number is out of range');
      sequence = Number(s);
    }
    b.addInput(new TxIn(new OutPoint(txid, vout), new Uint8Array(0), sequence));
  }

  const seen = new Set<string>();
  for (const [name, value] of sendTo.entries) {
    const asset = ConfidentialAsset.fromId(outputAsset(ctx, assets, name));
    if (name === 'data') {
      const data = parseDataHex(value);
      b.addOutput(new TxOut(asset, ConfidentialValue.fromAmount(0n), ConfidentialNonce.NULL, concatBytes(Uint8Array.of(OP_RETURN), encodePushData(data))));
    } else if (name === 'vdata') {
      const parts = getArray(value).map((d) => encodePushData(parseDataHex(getStr(d))));
      b.addOutput(new TxOut(asset, ConfidentialValue.fromAmount(0n), ConfidentialNonce.NULL, concatBytes(Uint8Array.of(OP_RETURN), ...parts)));
    } else if (name === 'fee') {
      b.addOutput(new TxOut(asset, ConfidentialValue.fromAmount(amountFromValue(value)), ConfidentialNonce.NULL, new Uint8Array(0)));
    } else {
      let addr: DecodedAddress;
      try {
        addr = decodeAddress(name, ctx.params.base58);
      } catch {
        throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, `Invalid Bitcoin address: ${name}`);
      }
      // CBitcoinAddress compares version and data (a blinded address differs from its unblinded form)
      const key = `${addr.blindingKey ? toHex(addr.blindingKey) : ''}:${addr.version}:${toHex(addr.payload)}`;
      if (seen.has(key)) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid parameter, duplicated address: ${name}`);
      seen.add(key);
      const script = scriptForDestination(addr);
      const amount = amountFromValue(value);
      let nonce = ConfidentialNonce.NULL;
      if (addr.blindingKey) {
        let valid = false;
        try {
          valid = ctx.secp.publicKeyVerify(addr.blindingKey);
        } catch {
          valid = false;
        }
        if (!valid) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter: invalid confidentiality public key given');
        nonce = ConfidentialNonce.fromBytes(addr.blindingKey);
      }
      b.addOutput(new TxOut(asset, ConfidentialValue.fromAmount(amount), nonce, script));
    }
  }
  return toHex(b.build().toBytes());
}

export function rawTransactionCreateMethods(ctx: NodeRpcContext): RpcMethod[] {
  return [
    {
      name: 'createrawtransaction',
      category: 'rawtransactions',
      argNames: ['inputs', 'outputs', 'locktime', 'output_assets'],
      okSafeMode: true,
      help:
        'createrawtransaction [{"txid":"id","vout":n},...] {"address":amount,"data":"hex",...} ( locktime ) ( {"address":"asset"} )\n\n' +
        'Create a transaction spending the given inputs and creating new outputs.',
      minArgs: 2,
      maxArgs: 4,
      handler: (p) => createRawTransaction(ctx, p),
    },
  ];
}
