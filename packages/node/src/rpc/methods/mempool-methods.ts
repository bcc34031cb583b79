/** Mempool RPCs of Core 0.14: getmempoolentry, getmempoolancestors, getmempooldescendants, prioritisetransaction. */
import { JsonObject, compareBytes, fromDisplayHex, toDisplayHex, type JsonValue } from '@ocean-ts/core';
import { RPC_INVALID_ADDRESS_OR_KEY, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { mempoolEntryJson } from './mempool-entry-json.js';
import { methodFactory } from './method-factory.js';
import { parseHashStr, parseHashV } from './parse-params.js';
import { getBool, getInt64, getReal, getStr } from './univalue-params.js';

/** Txids ordered like a `std::set<txiter, CompareIteratorByHash>` (memcmp of the internal bytes). */
function byHash(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => compareBytes(fromDisplayHex(a), fromDisplayHex(b)));
}

function requirePoolTx(ctx: NodeRpcContext, v: JsonValue | undefined): string {
  const txid = toDisplayHex(parseHashV(v, 'parameter 1'));
  if (!ctx.mempool.has(txid)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Transaction not in mempool');
  return txid;
}

function relatives(ctx: NodeRpcContext, ids: string[], verbose: boolean): JsonValue {
  const sorted = byHash(ids);
  if (!verbose) return sorted;
  const o = new JsonObject();
  for (const id of sorted) {
    const e = mempoolEntryJson(ctx, id);
    if (e) o.push(id, e);
  }
  return o;
}

export function mempoolMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('blockchain');
  return [
    m('getmempoolentry', ['txid'], 'getmempoolentry txid\n\nReturns mempool data for given transaction\n\nArguments:\n1. "txid"                   (string, required) The transaction id (must be in mempool)', (p) => {
      const txid = requirePoolTx(ctx, p[0]);
      return mempoolEntryJson(ctx, txid)!;
    }, { minArgs: 1 }),
    m('getmempoolancestors', ['txid', 'verbose'], 'getmempoolancestors txid (verbose)\n\nIf txid is in the mempool, returns all in-mempool ancestors.\n\nArguments:\n1. "txid"                 (string, required) The transaction id (must be in mempool)\n2. verbose                  (boolean, optional, default=false) true for a json object, false for array of transaction ids', (p) => {
      const verbose = p.length > 1 ? getBool(p[1]) : false;
      const txid = requirePoolTx(ctx, p[0]);
      return relatives(ctx, ctx.mempool.ancestorsOf(txid) ?? [], verbose);
    }, { minArgs: 1 }),
    m('getmempooldescendants', ['txid', 'verbose'], 'getmempooldescendants txid (verbose)\n\nIf txid is in the mempool, returns all in-mempool descendants.\n\nArguments:\n1. "txid"                 (string, required) The transaction id (must be in mempool)\n2. verbose                  (boolean, optional, default=false) true for a json object, false for array of transaction ids', (p) => {
      const verbose = p.length > 1 ? getBool(p[1]) : false;
      const txid = requirePoolTx(ctx, p[0]);
      return relatives(ctx, ctx.mempool.descendantsOf(txid) ?? [], verbose);
    }, { minArgs: 1 }),
    m('prioritisetransaction', ['txid', 'priority_delta', 'fee_delta'], 'prioritisetransaction <txid> <priority delta> <fee delta>\nAccepts the transaction into mined blocks at a higher (or lower) priority\n\nArguments:\n1. "txid"       (string, required) The transaction id.\n2. priority_delta (numeric, required) The priority to add or subtract.\n3. fee_delta      (numeric, required) The fee value (in satoshis) to add (or subtract, if negative).', async (p) => {
      const txid = parseHashStr(getStr(p[0]), 'txid');
      const feeDelta = getInt64(p[2]);
      // The priority delta is read (and type-checked) but only matters for the priority-based
      // block space (`-blockprioritysize`, default 0), which this node does not reserve.
      getReal(p[1]);
      await ctx.acceptToMempool((pool) => pool.prioritiseTransaction(txid, feeDelta));
      return true;
    }, { category: 'mining', minArgs: 3 }),
  ];
}
