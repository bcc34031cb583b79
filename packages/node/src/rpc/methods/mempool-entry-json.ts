/** The mempool entry object of Core 0.14 (`entryToJSON`), shared by getrawmempool and getmempool*. */
import { JsonObject, amountJson, type Transaction } from '@ocean-ts/core';
import type { NodeRpcContext } from './context.js';
import { doubleJson } from './json-double.js';

/**
 * `CTransaction::CalculateModifiedSize`: the size without each input's constant overhead and up to
 * 110 bytes of its scriptSig (0 → the weight-based virtual size).
 */
export function modifiedSize(tx: Transaction, txSize = 0): number {
  let n = txSize === 0 ? Math.floor((tx.weight + 3) / 4) : txSize;
  for (const input of tx.inputs) {
    const offset = 41 + Math.min(110, input.scriptSig.length);
    if (n > offset) n -= offset;
  }
  return n;
}

/**
 * Core 0.14's coin-age priority of a mempool entry at `height` (`CTxMemPoolEntry::GetPriority`):
 * the priority when it entered (`CCoinsViewCache::GetPriority`: Σ value × age of the inputs
 * confirmed at the entry height, over the modified size) plus the age its confirmed input value
 * gained since. Blinded input values count as 0.
 */
export function entryPriorities(ctx: NodeRpcContext, txid: string): { starting: number; current: number } | undefined {
  const e = ctx.mempool.get(txid);
  if (e === undefined) return undefined;
  let weighted = 0;
  let inChainValue = 0;
  for (const input of e.tx.inputs) {
    if (input.isPegin) continue;
    const coin = ctx.chain.getCoin(input.prevout);
    if (coin === undefined || coin.height > e.height) continue;
    const value = coin.out.value.isExplicit ? Number(coin.out.value.amount) : 0;
    weighted += value * (e.height - coin.height);
    inChainValue += value;
  }
  const entrySize = modifiedSize(e.tx);
  const entryPriority = entrySize === 0 ? 0 : weighted / entrySize;
  const modSize = modifiedSize(e.tx, e.vsize);
  const at = (height: number): number => {
    const delta = modSize === 0 ? 0 : ((height - e.height) * inChainValue) / modSize;
    const r = entryPriority + delta;
    return r < 0 ? 0 : r;
  };
  return { starting: at(e.height), current: at(ctx.chain.height) };
}

/** `entryToJSON` for the pool transaction `txid` (undefined when it is not in the pool). */
export function mempoolEntryJson(ctx: NodeRpcContext, txid: string): JsonObject | undefined {
  const info = ctx.mempool.entryInfo(txid);
  const prio = entryPriorities(ctx, txid);
  if (info === undefined || prio === undefined) return undefined;
  const o = new JsonObject();
  o.push('size', info.size);
  o.push('fee', amountJson(info.fee));
  o.push('modifiedfee', amountJson(info.modifiedfee));
  o.push('time', info.time);
  o.push('height', info.height);
  o.push('startingpriority', doubleJson(prio.starting));
  o.push('currentpriority', doubleJson(prio.current));
  o.push('descendantcount', info.descendantcount);
  o.push('descendantsize', info.descendantsize);
  o.push('descendantfees', info.descendantfees);
  o.push('ancestorcount', info.ancestorcount);
  o.push('ancestorsize', info.ancestorsize);
  o.push('ancestorfees', info.ancestorfees);
  o.push('depends', [...info.depends]);
  return o;
}
