/**
 * Elements 0.14's confidential-transaction wallet RPCs (rpc spec §2.5, §2.7, §3.7):
 * `blindrawtransaction` (input blinding data from the wallet's unblinded coins), `dumpblindingkey`,
 * `importblindingkey`, `dumpissuanceblindingkey`, `importissuanceblindingkey`.
 */
import { JsonNumber, bytesEqual, fromDisplayHex, fromHex, scriptForDestination, toHex, type BlindingInput, type JsonValue } from '@ocean-ts/core';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import {
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_INVALID_PARAMETER,
  RPC_TYPE_ERROR,
  RPC_WALLET_ERROR,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { isCoreHex } from './parse-params.js';
import { blindRaw, decodeRawTxArgument, systemBlindingRandom, unknownInput } from './rawtransactions-blind.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { getArray, getBool, getInt, getStr } from './univalue-params.js';
import { walletOf } from './wallet-util.js';

/** `blindrawtransaction hexstring ( ignoreblindfail ["assetcommitment",...] totalblinder )`. */
export function blindRawTransaction(w: NodeWallet, p: readonly JsonValue[]): string {
  rpcTypeCheck(p, ['string', 'bool', 'array', 'string'], true);
  const tx = decodeRawTxArgument(p[0]);
  const ignoreBlindFail = p.length > 1 ? getBool(p[1]) : true;
  const auxiliary: Uint8Array[] = [];
  if (p.length > 2) {
    const commitments = getArray(p[2]);
    if (commitments.length !== 0 && commitments.length < tx.inputs.length) {
      throw new RpcError(RPC_INVALID_PARAMETER, 'Asset commitment array must have at least as many entries as transaction inputs.');
    }
    for (const c of commitments) {
      if (typeof c !== 'string' || !isCoreHex(c) || c.length !== 66) throw new RpcError(RPC_INVALID_PARAMETER, 'Asset commitments must be a hex encoded string of length 66.');
      auxiliary.push(fromHex(c));
    }
  }
  const inputs: BlindingInput[] = [];
  let blindedInputs = 0;
  tx.inputs.forEach((input, i) => {
    const prevout = input.prevout;
    const wtx = w.ledger.get(prevout.txid);
    if (wtx === undefined) {
      // For inputs the wallet does not know, the asset commitments must be supplied.
      if (auxiliary.length > 0) {
        inputs.push(unknownInput(auxiliary[i]));
        return;
      }
      throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter: transaction spends from non-wallet output');
    }
    if (prevout.index >= wtx.tx.outputs.length) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid parameter: transaction spends non-existing output');
    const o = w.ledger.outputs(wtx)[prevout.index]!;
    const aux = auxiliary[i];
    inputs.push({
      asset: o.asset,
      assetBlinder: o.assetBlinder,
      value: o.value,
      valueBlinder: o.valueBlinder,
      ...(o.asset === null && aux !== undefined ? { generator: aux } : {}),
    });
    if (wtx.tx.outputs[prevout.index]!.value.isCommitment) blindedInputs++;
  });
  // p[3], totalblinder: ignored, as in Elements.
  return blindRaw({
    tx,
    inputs,
    blindedInputs,
    ignoreBlindFail,
    dummyPubkey: (script) => w.blindingPubKey(script),
    primitives: w.blinding.primitives,
    random: w.options.blindingRandom ?? systemBlindingRandom,
    ctBits: w.fees.ctBits,
    ctExponent: w.fees.ctExponent,
  });
}

/** `txid` of the issuance-key RPCs: -3 `First argument must be a txid string`. */
function issuanceTxid(v: JsonValue | undefined): Uint8Array {
  if (typeof v !== 'string' || !isCoreHex(v) || v.length !== 64) throw new RpcError(RPC_TYPE_ERROR, 'First argument must be a txid string');
  return fromDisplayHex(v.toLowerCase());
}

/** `vin` of the issuance-key RPCs: a JSON number (-3 otherwise) read with `get_int`, as uint32. */
function issuanceVin(v: JsonValue | undefined): number {
  if (!(v instanceof JsonNumber)) throw new RpcError(RPC_TYPE_ERROR, 'vin must be an integer');
  return getInt(v) >>> 0;
}

/** The wallet transaction and its issuance input, with Elements' errors. */
function issuanceInput(w: NodeWallet, txid: Uint8Array, vin: number) {
  const wtx = w.ledger.get(txid);
  if (wtx === undefined) throw new RpcError(RPC_INVALID_PARAMETER, 'Transaction is unknown to wallet.');
  const input = wtx.tx.inputs[vin];
  if (input === undefined) throw new RpcError(RPC_INVALID_PARAMETER, 'Transaction is in wallet but vin does not exist');
  if (!input.hasIssuance) throw new RpcError(RPC_INVALID_PARAMETER, 'Transaction input has no issuance');
  return { wtx, input };
}

export function walletBlindingMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  const raw = methodFactory('rawtransactions');
  const prefixes = ctx.params.base58;
  return [
    raw(
      'blindrawtransaction',
      ['hexstring', 'ignoreblindfail', 'asset_commitments', 'totalblinder'],
      'blindrawtransaction "hexstring" ( ignoreblindfail ["assetcommitment",...] totalblinder )\n\n' +
        'Convert one or more outputs of a raw transaction into confidential ones using only wallet inputs.\n' +
        'Returns the hex-encoded raw transaction.\n' +
        'The output keys used can be specified by using a confidential address in createrawtransaction.\n' +
        'This call may add an additional 0-value unspendable output in order to balance the blinders.\n\n' +
        'Arguments:\n' +
        '1. "hexstring"          (string, required) A hex-encoded raw transaction.\n' +
        '2. "ignoreblindfail"    (bool, default=true) Return a transaction even when a blinding attempt fails due to number of blinded inputs/outputs.\n' +
        '3. "asset_commitments"  (array, optional) An array of input asset generators. If provided, this list must be empty, or match the final input commitment list, including ordering, to make a valid surjection proof. This list does not include generators for issuances, as these assets are inherently unblinded.\n' +
        '    "assetcommitment"   (string, optional) A hex-encoded asset commitment, one for each input. Null commitments must be "".\n' +
        '4. "totalblinder"       (string, optional) Ignored for now.\n\n' +
        'Result:\n"transaction"              (string) hex string of the transaction',
      (p) => blindRawTransaction(walletOf(ctx), p),
      { minArgs: 1 },
    ),
    m(
      'dumpblindingkey',
      ['address'],
      'dumpblindingkey "address"\n\nDumps the private blinding key for a CT address in hex.\n\n' +
        'Arguments:\n1. "address"          (string, required) The CT address\n\nResult:\n"blindingkey"       (string) The blinding key',
      (p) => {
        const w = walletOf(ctx);
        const addr = tryDecodeAddress(getStr(p[0]), prefixes);
        if (addr === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address');
        if (addr.blindingKey === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Not a CT address');
        const key = w.blinding.keyFor(scriptForDestination(addr));
        if (key !== null && bytesEqual(ctx.secp.publicKeyCreate(key, true), addr.blindingKey)) return toHex(key);
        throw new RpcError(RPC_WALLET_ERROR, 'Blinding key for address is unknown');
      },
      { minArgs: 1 },
    ),
    m(
      'importblindingkey',
      ['address', 'hexkey'],
      'importblindingkey "address" "blindinghex"\n\nImports a private blinding key in hex for a CT address.\n\n' +
        'Arguments:\n1. "address"          (string, required) The CT address\n2. "hexkey"           (string, required) The blinding key in hex',
      async (p) => {
        const w = walletOf(ctx);
        const addr = tryDecodeAddress(getStr(p[0]), prefixes);
        if (addr === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address or script');
        if (addr.blindingKey === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Not a CT address');
        const hex = getStr(p[1]);
        if (!isCoreHex(hex)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid hexadecimal for key');
        const key = fromHex(hex);
        if (key.length !== 32) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid hexadecimal key length');
        // A key outside 1..n-1 has no public key: it cannot match the address.
        if (!ctx.secp.privateKeyVerify(key) || !bytesEqual(ctx.secp.publicKeyCreate(key, true), addr.blindingKey)) {
          throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Address and key do not match');
        }
        try {
          await w.importBlindingKey(scriptForDestination(addr), key);
        } catch {
          throw new RpcError(RPC_WALLET_ERROR, 'Failed to import blinding key');
        }
        return null;
      },
      { minArgs: 2 },
    ),
    m(
      'dumpissuanceblindingkey',
      ['txid', 'vin'],
      'dumpissuanceblindingkey "txid" vin\n\nDumps the private blinding key for an asset issuance in wallet.\n\n' +
        'Arguments:\n1. "txid"          (string, required) The transaction id of the issuance\n' +
        '2. "vin"           (numeric, required) The input number of the issuance in the transaction.\n\n' +
        'Result:\n"blindingkey"     (string) The blinding key',
      (p) => {
        const w = walletOf(ctx);
        const txid = issuanceTxid(p[0]);
        const vin = issuanceVin(p[1]);
        const { wtx, input } = issuanceInput(w, txid, vin);
        // Only when the wallet can actually open the issued amount with its key.
        if (w.blinding.issuanceAmount(wtx.tx, vin, false).value === -1n) {
          throw new RpcError(RPC_WALLET_ERROR, 'Unable to unblind issuance with wallet blinding key.');
        }
        const key = w.blinding.issuanceKeyFor(input.prevout);
        return key === null ? '' : toHex(key);
      },
      { minArgs: 2 },
    ),
    m(
      'importissuanceblindingkey',
      ['txid', 'vin', 'blindingkey'],
      'importissuanceblindingkey "txid" vin "blindingkey"\n\nImports a private blinding key in hex for an asset issuance.\n\n' +
        'Arguments:\n1. "txid"          (string, required) The transaction id of the issuance\n' +
        '2. "vin"           (numeric, required) The input number of the issuance in the transaction.\n' +
        '3. "blindingkey"   (string, required) The blinding key in hex',
      async (p) => {
        const w = walletOf(ctx);
        const txid = issuanceTxid(p[0]);
        const vin = issuanceVin(p[1]);
        const hex = p[2];
        if (typeof hex !== 'string' || !isCoreHex(hex) || hex.length !== 64) throw new RpcError(RPC_TYPE_ERROR, 'blinding key must be a hex string of length 64');
        const { input } = issuanceInput(w, txid, vin);
        try {
          await w.importIssuanceBlindingKey(input.prevout, fromHex(hex));
        } catch {
          throw new RpcError(RPC_WALLET_ERROR, 'Failed to import blinding key');
        }
        return null;
      },
      { minArgs: 3 },
    ),
  ];
}
