/**
 * Ocean's raw builders for policy and guardnode transactions (ocean-policy.md §3.2, §9.1, §9.2):
 * `createrawpolicytx`, `createrawrequesttx`, `createrawbidtx`. Results are unsigned transaction hex.
 */
import {
  JsonNumber,
  JsonObject,
  TransactionBuilder,
  TxIn,
  type TxOut,
  addressEntryKey,
  encodeBidScript,
  encodeRequestScript,
  fromHex,
  hiddenKeyEntry,
  parseUintHexLenient,
  policyListScript,
  scriptForDestination,
  toHex,
  type Base58Prefixes,
  type JsonValue,
  type Secp256k1,
} from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { amountFromValue } from './rawtransactions-create.js';
import { UINT32_MAX, addRawInputs, addressParam, explicitOutput, parseInputOutPoint, parseLocktime, requireInputsAndOutputs, tryDecodeAddress } from './rawtransactions-params.js';
import { isCoreHex, parseHashV } from './parse-params.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { findValue, getInt, getObj, getStr, isNull } from './univalue-params.js';

const ZERO_ASSET = new Uint8Array(32);

/** What the builders need from the node. */
export interface PolicyTxEnv {
  /** Height of the active chain's tip (the lock time of requests and bids). */
  readonly tipHeight: number;
  /** The PERMISSION policy asset (undefined: not configured — the null asset is used). */
  readonly permissionAsset: Uint8Array | undefined;
  /** The domain asset (`-feeasset`, else the pegged asset). */
  readonly domainAsset: Uint8Array;
  readonly base58: Base58Prefixes;
  readonly secp: Pick<Secp256k1, 'publicKeyVerify'>;
}

/** `ParseHashO(o, key)`. */
function parseHashO(o: JsonObject, key: string): Uint8Array {
  return parseHashV(findValue(o, key), key);
}

/** A public key given as hex that must be a fully valid key (`CPubKey::IsFullyValid`). */
function parsePubKey(env: PolicyTxEnv, v: JsonValue | undefined, what: string): Uint8Array {
  const s = getStr(v);
  if (!isCoreHex(s)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, `${what} must be a hex string`);
  const key = fromHex(s);
  let valid = false;
  try {
    valid = (key.length === 33 || key.length === 65) && env.secp.publicKeyVerify(key);
  } catch {
    valid = false;
  }
  if (!valid) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, `${what} is not a valid public key`);
  return key;
}

/** A required non-negative integer field: missing → `missing <key> key`, negative → `<negativeName> must be positive`. */
function nonNegativeInt(o: JsonObject, key: string, negativeName = key): number {
  const v = findValue(o, key);
  if (!(v instanceof JsonNumber)) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid parameter, missing ${key} key`);
  const n = getInt(v);
  if (n < 0) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid parameter, ${negativeName} must be positive`);
  return n;
}

/**
 * `createrawrequesttx {"txid","vout"} {"pubkey","genesisBlockHash","decayConst","fee",
 * "startBlockHeight","tickets","startPrice","endBlockHeight","value"}`: one PERMISSION output to
 * the request script; lock time = tip height, sequence 0xfffffffe.
 */
export function createRawRequestTx(env: PolicyTxEnv, p: readonly JsonValue[]): string {
  rpcTypeCheck(p, ['object', 'object'], true);
  requireInputsAndOutputs(p);
  const input = p[0] as JsonObject;
  const o = p[1] as JsonObject;
  const b = new TransactionBuilder();
  b.locktime = env.tipHeight;
  b.addInput(new TxIn(parseInputOutPoint(input), new Uint8Array(0), UINT32_MAX - 1));

  const targetPubKey = parsePubKey(env, findValue(o, 'pubkey'), 'Pubkey');
  const genesisHash = parseHashO(o, 'genesisBlockHash');
  const decayV = findValue(o, 'decayConst');
  if (!(decayV instanceof JsonNumber)) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, missing decayConst key');
  const decayConst = getInt(decayV);
  // Reference quirk: a negative fee percentage is reported with the end height's message.
  const feePercentage = nonNegativeInt(o, 'fee', 'endBlockHeight');
  const startBlockHeight = nonNegativeInt(o, 'startBlockHeight');
  const numTickets = nonNegativeInt(o, 'tickets');
  const startPrice = amountFromValue(findValue(o, 'startPrice'));
  const endBlockHeight = nonNegativeInt(o, 'endBlockHeight');
  const value = amountFromValue(findValue(o, 'value'));

  const script = encodeRequestScript({ endBlockHeight, targetPubKey, genesisHash, startBlockHeight, numTickets, decayConst, feePercentage, startPrice });
  b.addOutput(explicitOutput(env.permissionAsset ?? ZERO_ASSET, value, script));
  return toHex(b.build().toBytes());
}

/**
 * `createrawbidtx [{"txid","vout"},…] {"endBlockHeight","requestTxid","feePubkey","pubkey","fee",
 * "value", "change"?, "changeAddress"?}`: stake output, optional change, fee output — all in the
 * domain asset; lock time = tip height, sequences 0xfffffffe.
 */
export function createRawBidTx(env: PolicyTxEnv, p: readonly JsonValue[]): string {
  rpcTypeCheck(p, ['array', 'object'], true);
  requireInputsAndOutputs(p);
  const inputs = p[0] as readonly JsonValue[];
  const o = p[1] as JsonObject;
  const b = new TransactionBuilder();
  b.locktime = env.tipHeight;
  for (const input of inputs) b.addInput(new TxIn(parseInputOutPoint(getObj(input)), new Uint8Array(0), UINT32_MAX - 1));

  const lockHeight = nonNegativeInt(o, 'endBlockHeight');
  const requestTxid = parseHashO(o, 'requestTxid');
  const feePubKey = parsePubKey(env, findValue(o, 'feePubkey'), 'Fee Pubkey');
  const stakePubKey = parsePubKey(env, findValue(o, 'pubkey'), 'Pubkey');
  const fee = amountFromValue(findValue(o, 'fee'));
  const stake = amountFromValue(findValue(o, 'value'));
  let change: TxOut | undefined;
  const changeV = findValue(o, 'change');
  const changeAddressV = findValue(o, 'changeAddress');
  if (changeV !== undefined && changeAddressV !== undefined) {
    const amount = amountFromValue(changeV);
    // the change output carries no nonce, even to a blinded address
    change = explicitOutput(env.domainAsset, amount, scriptForDestination(addressParam(getStr(changeAddressV), env.base58)));
  }
  b.addOutput(explicitOutput(env.domainAsset, stake, encodeBidScript(lockHeight, stakePubKey, requestTxid, feePubKey)));
  if (change) b.addOutput(change);
  b.addOutput(explicitOutput(env.domainAsset, fee, new Uint8Array(0)));
  return toHex(b.build().toBytes());
}

/** The data key of a policy output: address entry, hidden user key, or empty. */
function policyDataKey(env: PolicyTxEnv, out: JsonObject): Uint8Array {
  const addressV = findValue(out, 'address');
  const userkeyV = findValue(out, 'userkey');
  if (addressV !== undefined && userkeyV !== undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Cannot have both address and userkey');
  if (addressV !== undefined) {
    const addr = tryDecodeAddress(getStr(addressV), env.base58);
    if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid  address');
    if (addr.versionKind !== 'pubkey') throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid key id');
    return addressEntryKey(addr.hash);
  }
  if (userkeyV !== undefined) {
    const s = getStr(userkeyV);
    if (!isCoreHex(s)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Userkey must be a hex string');
    const key = fromHex(s);
    if (key.length !== 33) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Userkey must be 33 bytes in length');
    return hiddenKeyEntry(key);
  }
  return new Uint8Array(0);
}

/**
 * `createrawpolicytx [{"txid","vout","sequence"?},…] [{"pubkey","value","address"?|"userkey"?},…]
 * locktime "asset"`: each output pays `value` of `asset` to `OP_1 <pubkey> <data key> OP_2
 * OP_CHECKMULTISIG`.
 */
export function createRawPolicyTx(env: PolicyTxEnv, p: readonly JsonValue[]): string {
  rpcTypeCheck(p, ['array', 'array', 'number', 'string'], true);
  if (isNull(p[0]) || isNull(p[1]) || isNull(p[2]) || isNull(p[3])) {
    throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, arguments 1, 2, 3 and 4 must be non-null');
  }
  const inputs = p[0] as readonly JsonValue[];
  const outputs = p[1] as readonly JsonValue[];
  const b = new TransactionBuilder();
  b.locktime = parseLocktime(p[2]);
  const asset = parseUintHexLenient(getStr(p[3]));
  addRawInputs(b, inputs);
  for (const v of outputs) {
    const out = getObj(v);
    const adminKey = parsePubKey(env, findValue(out, 'pubkey'), 'Pubkey');
    const dataKey = policyDataKey(env, out);
    const value = amountFromValue(findValue(out, 'value'));
    b.addOutput(explicitOutput(asset, value, policyListScript(adminKey, dataKey)));
  }
  return toHex(b.build().toBytes());
}

/** The builders' view of the running node. */
export function policyTxEnv(ctx: NodeRpcContext): PolicyTxEnv {
  return {
    tipHeight: ctx.chain.height,
    permissionAsset: ctx.params.policyAsset('permission'),
    domainAsset: ctx.params.feeAsset,
    base58: ctx.params.base58,
    secp: ctx.secp,
  };
}

export function rawTransactionPolicyMethods(ctx: NodeRpcContext): RpcMethod[] {
  const factory = methodFactory('rawtransactions');
  const m = (name: string, argNames: string[], help: string, handler: (env: PolicyTxEnv, p: readonly JsonValue[]) => string): RpcMethod =>
    factory(name, argNames, help, (p) => handler(policyTxEnv(ctx), p), { minArgs: argNames.length });
  return [
    m(
      'createrawpolicytx',
      ['inputs', 'outputs', 'locktime', 'asset'],
      'createrawpolicytx [{"txid":"id","vout":n,"sequence":n},...] [{"pubkey":"hex","value":x.xxx,"address":"addr"|"userkey":"hex"},...] locktime "asset"\n\n' +
        'Create an unsigned policy-list transaction: each output pays value of the policy asset to a 1-of-2 multisig of\n' +
        'the admin pubkey and the listed address (or hidden user key).',
      createRawPolicyTx,
    ),
    m(
      'createrawrequesttx',
      ['input', 'outputs'],
      'createrawrequesttx {"txid":"id","vout":n} {"pubkey":"hex","genesisBlockHash":"hash","decayConst":n,"fee":n,"startBlockHeight":n,"tickets":n,"startPrice":x.xxx,"endBlockHeight":n,"value":x.xxx}\n\n' +
        'Create an unsigned guardnode service request spending a PERMISSION asset output.',
      createRawRequestTx,
    ),
    m(
      'createrawbidtx',
      ['inputs', 'outputs'],
      'createrawbidtx [{"txid":"id","vout":n},...] {"endBlockHeight":n,"requestTxid":"id","feePubkey":"hex","pubkey":"hex","fee":x.xxx,"value":x.xxx,"change":x.xxx,"changeAddress":"address"}\n\n' +
        'Create an unsigned guardnode bid staking the domain asset on a request.',
      createRawBidTx,
    ),
  ];
}
