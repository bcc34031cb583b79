/**
 * Ocean's raw issuance RPCs (rpc spec §2.7, policy §7, assets spec §2/§6), registered in the wallet
 * category as in the original although they need no wallet:
 * - `createrawissuance`: one input (the `ISSUANCE`-asset coin) carrying a new, unblinded issuance
 *   with a zero contract hash; outputs: the asset, the reissuance token, `numchange` change outputs
 *   in the ISSUANCE policy asset;
 * - `createrawreissuance`: one input (the token coin) carrying an unblinded reissuance (nonce
 *   `ff…ff`); outputs: the new asset amount and the tokens passed on;
 * - `createrawburn`: one input, one output of `amount` `asset` to a bare `OP_RETURN`.
 * `numchange` and `vout` are strings read with C's `atoi`, as in the original.
 *
 * Deliberate differences (docs/adr/0015): a zero asset or token amount leaves that issuance field
 * null and its output out (the original's explicit zero would make the transaction invalid), and a
 * `vout` outside 0…2^30−1 or an absurd `numchange` is refused instead of building a broken
 * transaction.
 */
import {
  AssetIssuance,
  ConfidentialValue,
  JsonObject,
  OUTPOINT_INDEX_MASK,
  OutPoint,
  TransactionBuilder,
  TxIn,
  assetEntropy,
  calculateAsset,
  reissuanceToken,
  toDisplayHex,
  toHex,
  type DecodedAddress,
  type JsonValue,
} from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_TYPE_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { amountFromValue } from './rawtransactions-create.js';
import { methodFactory } from './method-factory.js';
import { addressOutput, assetParam, explicitOutput, tryDecodeAddress } from './rawtransactions-params.js';
import { atoi, parseHashV } from './parse-params.js';
import { getStr } from './univalue-params.js';

const ZERO32 = new Uint8Array(32);
const UNBLINDED_REISSUANCE_NONCE = new Uint8Array(32).fill(0xff);
const SEQUENCE_FINAL = 0xffffffff;
/** More change outputs than could ever fit in a block. */
const MAX_CHANGE_OUTPUTS = 100_000;

function address(ctx: NodeRpcContext, v: JsonValue | undefined, invalid: string): DecodedAddress {
  const addr = tryDecodeAddress(getStr(v), ctx.params.base58);
  if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, invalid);
  return addr;
}

function outpointParam(txidV: JsonValue | undefined, txidName: string, voutV: JsonValue | undefined): OutPoint {
  const txid = parseHashV(txidV, txidName);
  const vout = atoi(getStr(voutV));
  if (vout < 0) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, vout must be positive');
  if (vout > OUTPOINT_INDEX_MASK) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter, vout out of range');
  return new OutPoint(txid, vout);
}

const explicitOrNull = (amount: bigint): ConfidentialValue => (amount === 0n ? ConfidentialValue.NULL : ConfidentialValue.fromAmount(amount));

/** The ISSUANCE policy asset at the tip (the zero asset when the chain has none, as the original's null `CAsset`). */
function issuanceAsset(ctx: NodeRpcContext): Uint8Array {
  return ctx.params.policyAssetChangeAt('issuance', ctx.chain.height) ?? ctx.params.policyAsset('issuance') ?? ZERO32;
}

export function createRawIssuance(ctx: NodeRpcContext, p: readonly JsonValue[]): JsonObject {
  const assetAddr = address(ctx, p[0], 'Invalid Asset token address');
  const assetAmount = amountFromValue(p[1]);
  const tokenAddr = address(ctx, p[2], 'Invalid Reissuance token address');
  const tokenAmount = amountFromValue(p[3]);
  if (assetAmount === 0n && tokenAmount === 0n) throw new RpcError(RPC_TYPE_ERROR, 'Issuance must have one non-zero component');
  const changeAddr = address(ctx, p[4], 'Invalid policy asset return address');
  const changeAmount = amountFromValue(p[5]);
  const numChange = atoi(getStr(p[6]));
  if (numChange > MAX_CHANGE_OUTPUTS) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid parameter, numchange larger than ${MAX_CHANGE_OUTPUTS}`);
  const prevout = outpointParam(p[7], 'inputtxid', p[8]);

  const entropy = assetEntropy(prevout, ZERO32);
  const asset = calculateAsset(entropy);
  const token = reissuanceToken(entropy, false);
  const issuance = new AssetIssuance(ZERO32, ZERO32, explicitOrNull(assetAmount), explicitOrNull(tokenAmount));
  const b = new TransactionBuilder();
  b.addInput(new TxIn(prevout, new Uint8Array(0), SEQUENCE_FINAL, issuance));
  if (assetAmount !== 0n) b.addOutput(addressOutput(assetAddr, asset, assetAmount));
  if (tokenAmount !== 0n) b.addOutput(addressOutput(tokenAddr, token, tokenAmount));
  const changeAsset = issuanceAsset(ctx);
  for (let i = 0; i < numChange; i++) b.addOutput(addressOutput(changeAddr, changeAsset, changeAmount));
  return new JsonObject()
    .push('rawtx', toHex(b.build().toBytes()))
    .push('vin', 0)
    .push('entropy', toDisplayHex(entropy))
    .push('asset', toDisplayHex(asset))
    .push('token', toDisplayHex(token));
}

export function createRawReissuance(ctx: NodeRpcContext, p: readonly JsonValue[]): JsonObject {
  const assetAddr = address(ctx, p[0], 'Invalid Asset token address');
  const assetAmount = amountFromValue(p[1]);
  const tokenAddr = address(ctx, p[2], 'Invalid Reissuance token address');
  const tokenAmount = amountFromValue(p[3]);
  if (assetAmount === 0n || tokenAmount === 0n) throw new RpcError(RPC_TYPE_ERROR, 'Re-issuance must be non-zero component');
  const prevout = outpointParam(p[4], 'inputtxid', p[5]);
  const entropy = parseHashV(p[6], 'entropy');

  const asset = calculateAsset(entropy);
  const token = reissuanceToken(entropy, false);
  const issuance = new AssetIssuance(UNBLINDED_REISSUANCE_NONCE, entropy, ConfidentialValue.fromAmount(assetAmount), ConfidentialValue.NULL);
  const b = new TransactionBuilder();
  b.addInput(new TxIn(prevout, new Uint8Array(0), SEQUENCE_FINAL, issuance));
  b.addOutput(addressOutput(assetAddr, asset, assetAmount));
  b.addOutput(addressOutput(tokenAddr, token, tokenAmount));
  return new JsonObject().push('hex', toHex(b.build().toBytes())).push('asset', toDisplayHex(asset)).push('token', toDisplayHex(token));
}

export function createRawBurn(ctx: NodeRpcContext, p: readonly JsonValue[]): JsonObject {
  const prevout = outpointParam(p[0], 'txid', p[1]);
  const asset = assetParam(ctx, p[2], 'asset');
  const amount = amountFromValue(p[3]);
  const b = new TransactionBuilder();
  b.addInput(new TxIn(prevout, new Uint8Array(0), SEQUENCE_FINAL));
  b.addOutput(explicitOutput(asset, amount, Uint8Array.of(0x6a))); // a bare OP_RETURN
  return new JsonObject().push('hex', toHex(b.build().toBytes()));
}

export function rawIssuanceMethods(ctx: NodeRpcContext): RpcMethod[] {
  const factory = methodFactory('wallet');
  const m = (name: string, argNames: string[], help: string, handler: RpcMethod['handler']): RpcMethod =>
    factory(name, argNames, help, handler, { okSafeMode: false, minArgs: argNames.length });
  return [
    m(
      'createrawissuance',
      ['assetaddress', 'assetamount', 'tokenaddress', 'tokenamount', 'changeaddress', 'changeamount', 'numchange', 'inputtxid', 'vout'],
      'createrawissuance "assetaddress" assetamount "tokenaddress" tokenamount "changeaddress" changeamount "numchange" "inputtxid" "vout"\n\n' +
        'Create an unsigned asset issuance transaction spending the ISSUANCE-asset output inputtxid:vout.\n' +
        'Outputs: the asset to assetaddress, the reissuance tokens to tokenaddress, and numchange outputs\n' +
        'of changeamount ISSUANCE asset to changeaddress. numchange and vout are strings.\n\n' +
        'Result:\n{\n  "rawtx":"<rawtx>",   (string) raw issuance transaction\n  "vin":0,             (numeric) the input with the issuance\n' +
        '  "entropy":"<entropy>",  (string) entropy of the asset type\n  "asset":"<asset>",  (string) asset type\n  "token":"<token>"   (string) reissuance token type\n}',
      (p) => createRawIssuance(ctx, p),
    ),
    m(
      'createrawreissuance',
      ['assetaddress', 'assetamount', 'tokenaddress', 'tokenamount', 'inputtxid', 'vout', 'entropy'],
      'createrawreissuance "assetaddress" assetamount "tokenaddress" tokenamount "inputtxid" "vout" "entropy"\n\n' +
        'Create an unsigned reissuance transaction spending the reissuance-token output inputtxid:vout.\n' +
        'Outputs: assetamount of the asset to assetaddress and tokenamount tokens to tokenaddress.\n\n' +
        'Result:\n{\n  "hex":"<rawtx>",   (string) raw reissuance transaction\n  "asset":"<asset>",  (string) asset type\n  "token":"<token>"   (string) reissuance token type\n}',
      (p) => createRawReissuance(ctx, p),
    ),
    m(
      'createrawburn',
      ['txid', 'vout', 'asset', 'amount'],
      'createrawburn "txid" "vout" "asset" amount\n\n' +
        'Create an unsigned transaction spending txid:vout to a single OP_RETURN output burning amount of asset.\n\n' +
        'Result:\n{\n  "hex":"<rawtx>"   (string) raw burn transaction\n}',
      (p) => createRawBurn(ctx, p),
    ),
  ];
}
