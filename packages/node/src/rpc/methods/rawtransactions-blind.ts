/**
 * Elements 0.14's blinding of raw transactions: the part `blindrawtransaction` (wallet, see
 * `wallet-blinding.ts`) and `rawblindrawtransaction` (no wallet; registered with the raw-transaction
 * methods, so it works with `-disablewallet` as in Elements) share, and `rawblindrawtransaction`.
 *
 * Outputs to blind are those whose nonce field holds a blinding public key (`CPubKey::IsValid`, a
 * size check), as `createrawtransaction` leaves them for a confidential address. Then, as Elements:
 * - nothing to blind and no blinded input → the transaction unchanged;
 * - blinded inputs but no output to blind → the wallet call appends a 0-value `OP_RETURN` output in
 *   the last output's asset with the wallet's blinding key for that script; the raw call fails;
 * - one output to blind and no blinded input (its blinder would be computable) → with
 *   `ignoreblindfail` (default) its blinding key is dropped and the transaction returned unblinded,
 *   else an error;
 * - otherwise `BlindTransaction` must blind every requested output.
 */
import { randomBytes } from 'node:crypto';
import {
  ConfidentialNonce,
  ConfidentialValue,
  OP,
  Transaction,
  TransactionBuilder,
  TxOut,
  ZkpConfidentialPrimitives,
  blindTransaction,
  fromDisplayHex,
  isHex,
  outputBlindingKey,
  toHex,
  type BlindingInput,
  type ConfidentialPrimitives,
  type JsonValue,
  type RandomSource,
} from '@ocean-ts/core';
import { RPC_DESERIALIZATION_ERROR, RPC_INVALID_PARAMETER, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { parseHexV } from './parse-params.js';
import { amountFromValue } from './rawtransactions-create.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { getArray, getBool } from './univalue-params.js';

const ZERO32 = new Uint8Array(32);
export const UNABLE_ADD_ANOTHER_OUTPUT = 'Unable to blind transaction: Add another output to blind in order to complete the blinding.';
export const UNABLE_ASSET_NOT_IN_INPUTS = 'Unable to blind transaction: Are you sure each asset type to blind is represented in the inputs?';

/** The system CSPRNG as core's `RandomSource`. */
export const systemBlindingRandom: RandomSource = (n) => {
  const b = randomBytes(n);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};

let primitivesOnce: Promise<ConfidentialPrimitives> | undefined;
/** The zkp primitives (WASM, loaded once per process). */
export function sharedConfidentialPrimitives(): Promise<ConfidentialPrimitives> {
  return (primitivesOnce ??= ZkpConfidentialPrimitives.create());
}

/** `ParseHexV(params[0], "argument 1")` then the transaction (`TX decode failed`, -22). */
export function decodeRawTxArgument(v: JsonValue | undefined): Transaction {
  const bytes = parseHexV(v, 'argument 1');
  try {
    return Transaction.decode(bytes);
  } catch {
    throw new RpcError(RPC_DESERIALIZATION_ERROR, 'TX decode failed');
  }
}

export interface BlindRawRequest {
  readonly tx: Transaction;
  /** One per input: what is known about the spent output. */
  readonly inputs: readonly BlindingInput[];
  /** Spent outputs whose value is blinded (`n_blinded_ins`). */
  readonly blindedInputs: number;
  readonly ignoreBlindFail: boolean;
  /**
   * The blinding public key for the 0-value `OP_RETURN` output added when only inputs are blinded
   * (the wallet's `GetBlindingPubKey`); absent for `rawblindrawtransaction`, which then fails.
   */
  readonly dummyPubkey?: ((script: Uint8Array) => Uint8Array | undefined) | undefined;
  readonly primitives: ConfidentialPrimitives;
  readonly random: RandomSource;
  /** `-ct_bits` / `-ct_exponent` (core's defaults, the original's, when undefined). */
  readonly ctBits?: number | undefined;
  readonly ctExponent?: number | undefined;
}

/** The blinding both RPCs share; returns the transaction hex. */
export function blindRaw(req: BlindRawRequest): string {
  let tx = req.tx;
  const pubkeys: (Uint8Array | null)[] = tx.outputs.map((o) => o.nonce.data);
  let numPubKeys = 0;
  let keyIndex = -1;
  for (let i = 0; i < pubkeys.length; i++) {
    if (outputBlindingKey(pubkeys, i) !== null) {
      numPubKeys++;
      keyIndex = i;
    }
  }
  if (numPubKeys === 0 && req.blindedInputs === 0) return toHex(tx.toBytes());
  if (req.blindedInputs > 0 && numPubKeys === 0) {
    if (req.dummyPubkey === undefined) throw new RpcError(RPC_INVALID_PARAMETER, UNABLE_ADD_ANOTHER_OUTPUT);
    // Blinded inputs need to be balanced with something to be valid: a dummy in the last output's asset.
    const last = tx.outputs[tx.outputs.length - 1];
    if (last === undefined || !last.asset.isExplicit) throw new RpcError(RPC_INVALID_PARAMETER, UNABLE_ASSET_NOT_IN_INPUTS);
    const script = Uint8Array.of(OP.OP_RETURN);
    const b = TransactionBuilder.from(tx);
    b.addOutput(new TxOut(last.asset, ConfidentialValue.fromAmount(0n), ConfidentialNonce.NULL, script));
    tx = b.build();
    pubkeys.push(req.dummyPubkey(script) ?? null);
    numPubKeys++;
  } else if (req.blindedInputs === 0 && numPubKeys === 1) {
    if (!req.ignoreBlindFail) throw new RpcError(RPC_INVALID_PARAMETER, UNABLE_ADD_ANOTHER_OUTPUT);
    // Drop the ECDH key from the nonce field and return the transaction unblinded.
    const b = TransactionBuilder.from(tx);
    const o = tx.outputs[keyIndex]!;
    b.outputs[keyIndex] = new TxOut(o.asset, o.value, ConfidentialNonce.NULL, o.scriptPubKey);
    return toHex(b.build().toBytes());
  }
  const r = blindTransaction(req.primitives, {
    tx,
    inputs: req.inputs,
    outputPubkeys: pubkeys,
    random: req.random,
    ...(req.ctBits !== undefined ? { ctBits: req.ctBits } : {}),
    ...(req.ctExponent !== undefined ? { ctExponent: req.ctExponent } : {}),
  });
  if (r.blinded !== numPubKeys) throw new RpcError(RPC_INVALID_PARAMETER, UNABLE_ASSET_NOT_IN_INPUTS);
  return toHex(r.tx.toBytes());
}

/** A 32-byte hash parameter read with `uint256S` after Elements' `IsHex && length == 64` check. */
function hex32(v: string): Uint8Array {
  return fromDisplayHex(v.toLowerCase());
}

/** `rawblindrawtransaction hexstring inputblinder[] inputamount[] inputasset[] inputassetblinder[] ( totalblinder ignoreblindfail )`. */
export async function rawBlindRawTransaction(p: readonly JsonValue[]): Promise<string> {
  rpcTypeCheck(p, ['string', 'array', 'array', 'array', 'array', 'string', 'bool'], true);
  const tx = decodeRawTxArgument(p[0]);
  const inputBlinds = getArray(p[1]);
  const inputAmounts = getArray(p[2]);
  const inputAssets = getArray(p[3]);
  const inputAssetBlinds = getArray(p[4]);
  const ignoreBlindFail = p.length > 6 ? getBool(p[6]) : true;
  const n = tx.inputs.length;
  if (inputBlinds.length !== n) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter: one (potentially empty) input blind for each input must be provided');
  if (inputAmounts.length !== n) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter: one (potentially empty) input blind for each input must be provided');
  if (inputAssets.length !== n) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter: one (potentially empty) input asset id for each input must be provided');
  if (inputAssetBlinds.length !== n) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter: one (potentially empty) input asset blind for each input must be provided');
  const inputs: BlindingInput[] = [];
  let blindedInputs = 0;
  for (let i = 0; i < n; i++) {
    const blindV = inputBlinds[i];
    const assetBlindV = inputAssetBlinds[i];
    const assetV = inputAssets[i];
    if (typeof blindV !== 'string') throw new RpcError(RPC_INVALID_PARAMETER, 'input blinds must be an array of hex strings');
    if (typeof assetBlindV !== 'string') throw new RpcError(RPC_INVALID_PARAMETER, 'input asset blinds must be an array of hex strings');
    if (typeof assetV !== 'string') throw new RpcError(RPC_INVALID_PARAMETER, 'input asset ids must be an array of hex strings');
    if (!isHex(blindV) || blindV.length !== 64) throw new RpcError(RPC_INVALID_PARAMETER, 'input blinds must be an array of 32-byte hex-encoded strings');
    if (!isHex(assetBlindV) || assetBlindV.length !== 64) throw new RpcError(RPC_INVALID_PARAMETER, 'input asset blinds must be an array of 32-byte hex-encoded strings');
    if (!isHex(assetV) || assetV.length !== 64) throw new RpcError(RPC_INVALID_PARAMETER, 'input asset blinds must be an array of 32-byte hex-encoded strings');
    const valueBlinder = hex32(blindV);
    const input: BlindingInput = { asset: hex32(assetV), assetBlinder: hex32(assetBlindV), value: amountFromValue(inputAmounts[i]), valueBlinder };
    inputs.push(input);
    if (valueBlinder.some((b) => b !== 0)) blindedInputs++;
  }
  // p[5], totalblinder: ignored, as in Elements.
  return blindRaw({ tx, inputs, blindedInputs, ignoreBlindFail, primitives: await sharedConfidentialPrimitives(), random: systemBlindingRandom });
}

/** Input data of an explicit spent output or one the caller knows nothing about. */
export function unknownInput(generator?: Uint8Array): BlindingInput {
  return { asset: null, assetBlinder: ZERO32, value: -1n, valueBlinder: ZERO32, ...(generator ? { generator } : {}) };
}

export function rawBlindMethods(_ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('rawtransactions');
  return [
    m(
      'rawblindrawtransaction',
      ['hexstring', 'inputblinder', 'inputamount', 'inputasset', 'inputassetblinder', 'totalblinder', 'ignoreblindfail'],
      'rawblindrawtransaction "hexstring" ["inputblinder",...] [inputamount,...] ["inputasset",...] ["inputassetblinder",...] ( "totalblinder" ignoreblindfail )\n\n' +
        'Convert one or more outputs of a raw transaction into confidential ones.\n' +
        'Returns the hex-encoded raw transaction.\n' +
        'The input raw transaction cannot have already-blinded outputs.\n' +
        'The output keys used can be specified by using a confidential address in createrawtransaction.\n' +
        'You can not blind issuances with this call.\n\n' +
        'Arguments:\n' +
        '1. "hexstring"          (string, required) A hex-encoded raw transaction.\n' +
        '2. ["inputblinder",...] (array, required) A hex-encoded blinding factor, one for each input (see the "blinder" output of listunspent).\n' +
        '3. [inputamount,...]    (array, required) An amount for each input.\n' +
        '4. ["inputasset",...]   (array, required) A hex-encoded asset id, one for each input.\n' +
        '5. ["inputassetblinder",...] (array, required) A hex-encoded asset blinding factor, one for each input.\n' +
        '6. "totalblinder"       (string, optional) Ignored for now.\n' +
        '7. ignoreblindfail      (bool, optional, default=true) Return a transaction even when a blinding attempt fails due to number of blinded inputs/outputs.\n\n' +
        'Result:\n"transaction"              (string) hex string of the transaction',
      (p) => rawBlindRawTransaction(p),
      { minArgs: 5 },
    ),
  ];
}
