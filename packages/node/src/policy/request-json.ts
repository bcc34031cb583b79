/**
 * JSON of requests and bids (ocean-policy.md §9.6): the `getrequests` / `getrequestbids` objects
 * and the `request` / `bid` decorations of verbose `getrawtransaction` outputs.
 */
import {
  JsonObject,
  TxoutType,
  amountJson,
  auctionPrice,
  bytesEqual,
  cPubKeyBytes,
  requestFromSolutions,
  solver,
  toDisplayHex,
  toHex,
  type JsonValue,
  type RequestTerms,
  type Transaction,
} from '@ocean-ts/core';
import type { ListedBid, ListedRequest } from './request-records.js';

type RequestFields = Omit<RequestTerms, 'targetPubKey'> & { readonly confirmedBlockHeight: number };

/** The request object; `txid` is added by the RPCs, not by the transaction decoration. */
export function requestJson(r: RequestFields, tipHeight: number, txid?: Uint8Array): JsonObject {
  const o = new JsonObject()
    .push('genesisBlock', toDisplayHex(r.genesisHash))
    .push('confirmedBlockHeight', r.confirmedBlockHeight)
    .push('startBlockHeight', r.startBlockHeight >>> 0)
    .push('numTickets', r.numTickets >>> 0)
    .push('decayConst', r.decayConst >>> 0)
    .push('feePercentage', r.feePercentage >>> 0)
    .push('endBlockHeight', r.endBlockHeight)
    .push('startPrice', amountJson(r.startPrice))
    .push('auctionPrice', amountJson(auctionPrice(r, tipHeight)));
  if (txid !== undefined) o.push('txid', toDisplayHex(txid));
  return o;
}

/** `getrequestbids`: the request object followed by `bids: [{txid, feePubKey}]`. */
export function requestWithBidsJson(r: ListedRequest, bids: readonly ListedBid[], tipHeight: number): JsonObject {
  const o = requestJson(r, tipHeight, r.txid);
  o.push(
    'bids',
    bids.map((b) => new JsonObject().push('txid', toDisplayHex(b.txid)).push('feePubKey', toHex(b.feePubKey))),
  );
  return o;
}

export interface DecorationContext {
  /** The PERMISSION asset (undefined: none configured). */
  readonly permissionAsset: Uint8Array | undefined;
  /** Height of the block holding the transaction. */
  readonly blockHeight: number;
  readonly tipHeight: number;
}

/**
 * Adds the reference's decorations to the `vout` entries of a transaction's JSON: every explicit-
 * asset locked-multisig output gets a `request` object (PERMISSION asset) or a `bid` object
 * `{txid: <this transaction>, feePubKey}` (any other asset). Outputs whose keys are too few for the
 * fields read (one key for a bid, fewer than three for a request) get none — the reference fails
 * the whole call instead (ADR 0021, 0022).
 */
export function decorateGuardnodeOutputs(txJson: JsonObject, tx: Transaction, ctx: DecorationContext): void {
  const vout = txJson.get('vout');
  if (!Array.isArray(vout)) return;
  tx.outputs.forEach((out, i) => {
    const entry: JsonValue | undefined = vout[i];
    if (!(entry instanceof JsonObject) || !out.asset.isExplicit) return;
    const s = solver(out.scriptPubKey);
    if (!s.ok || s.type !== TxoutType.LOCKED_MULTISIG) return;
    if (ctx.permissionAsset !== undefined && bytesEqual(out.asset.id, ctx.permissionAsset)) {
      const terms = requestFromSolutions(s.solutions);
      if (terms !== undefined) entry.push('request', requestJson({ ...terms, confirmedBlockHeight: ctx.blockHeight }, ctx.tipHeight));
      return;
    }
    // [locktime, m, k1, k2, …, n]: the request txid is read from k2, the fee key from the fifth item
    if (s.solutions.length < 5 || s.solutions[3]!.length < 33) return;
    entry.push('bid', new JsonObject().push('txid', tx.txidHex).push('feePubKey', toHex(cPubKeyBytes(s.solutions[4]!))));
  });
}
