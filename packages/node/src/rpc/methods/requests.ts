/** Guardnode request RPCs: `getrequests`, `getrequestbids` (ocean-policy.md §9.5–9.6, rpc spec §3.8). */
import { JsonNumber, bytesEqual, isAllZero, parseUintHexLenient, type JsonValue } from '@ocean-ts/core';
import type { RequestQueries } from '../../policy/request-queries.js';
import { requestJson, requestWithBidsJson } from '../../policy/request-json.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_TYPE_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { parseHashV } from './parse-params.js';
import { isNull } from './univalue-params.js';

const m = methodFactory('blockchain');

/** `getrequests ( "genesis_hash" inAuction )`. */
function getRequests(ctx: NodeRpcContext, queries: RequestQueries, p: readonly JsonValue[]): JsonValue {
  let genesis: Uint8Array | undefined;
  if (!isNull(p[0])) {
    if (typeof p[0] !== 'string') throw new RpcError(RPC_TYPE_ERROR, 'Invalid type provided. genesisHash parameter must be string.');
    const h = parseUintHexLenient(p[0]);
    if (!isAllZero(h)) genesis = h;
  }
  let inAuction = false;
  const a = p[1];
  if (!isNull(a)) {
    if (typeof a === 'boolean') inAuction = a;
    else if (a instanceof JsonNumber) inAuction = Number(a.raw) !== 0;
    else throw new RpcError(RPC_TYPE_ERROR, 'Invalid type provided. inAuction parameter must be boolean.');
  }
  const tip = ctx.chain.height;
  let found = queries
    .all(tip)
    .map((e) => e.request)
    .filter((r) => genesis === undefined || bytesEqual(r.genesisHash, genesis))
    .filter((r) => !inAuction || r.startBlockHeight >>> 0 > tip);
  if (genesis !== undefined && found.length > 1) {
    // one request per guarded chain: the earliest confirmed (the first of equals)
    const first = found.reduce((best, r) => (r.confirmedBlockHeight < best.confirmedBlockHeight ? r : best));
    found = [first];
  }
  return found.map((r) => requestJson(r, tip, r.txid));
}

/** `getrequestbids "request_hash"`. */
function getRequestBids(ctx: NodeRpcContext, queries: RequestQueries, p: readonly JsonValue[]): JsonValue {
  const txid = parseHashV(p[0], 'parameter 1');
  const tip = ctx.chain.height;
  const entry = queries.get(txid, tip);
  if (entry === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'No such request transaction');
  return requestWithBidsJson(entry.request, entry.bids, tip);
}

/** The request RPCs, reading `queries` (the `-requestlist` table or a UTXO scan) under the chain lock. */
export function requestMethods(ctx: NodeRpcContext, queries: RequestQueries): RpcMethod[] {
  return [
    m(
      'getrequests',
      ['genesis_hash', 'inAuction'],
      'getrequests ( "genesis_hash" inAuction )\n\n' +
        'Returns the guardnode service requests of the active chain.\n\n' +
        'Arguments:\n1. "genesis_hash"   (string, optional) only the request for this client chain ("" = all)\n' +
        '2. inAuction        (boolean, optional, default=false) only requests whose auction is still open\n\n' +
        'Result: [{"genesisBlock", "confirmedBlockHeight", "startBlockHeight", "numTickets", "decayConst",\n' +
        '"feePercentage", "endBlockHeight", "startPrice", "auctionPrice", "txid"}, ...]',
      (p) => ctx.chain.mutex.run(async () => getRequests(ctx, queries, p)),
    ),
    m(
      'getrequestbids',
      ['request_hash'],
      'getrequestbids "request_hash"\n\n' +
        'Returns a guardnode service request with the bids that hold its tickets.\n\n' +
        'Arguments:\n1. "request_hash"   (string, required) the request transaction id\n\n' +
        'Result: {request fields..., "bids": [{"txid", "feePubKey"}, ...]}',
      (p) => ctx.chain.mutex.run(async () => getRequestBids(ctx, queries, p)),
      { minArgs: 1 },
    ),
  ];
}
