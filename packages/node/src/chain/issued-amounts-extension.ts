import { Reader, Writer, issuanceIds, toHex, type Block } from '@ocean-ts/core';
import type { KvReader } from '../storage/kv-store.js';
import type { WriteBatch } from '../storage/write-batch.js';
import { CHAIN_LAYOUT } from './layout.js';
import { extensionKey } from './extension-keys.js';
import type { ChainStateExtension, ExtensionContext } from './chain-state-extension.js';

const TOTAL = Uint8Array.of(0x61); // 'a' asset -> total issued (explicit amounts), u64le
const UNDO = Uint8Array.of(0x75); // 'u' block hash -> [asset, previous total or none]*

/**
 * Per-asset totals of explicitly issued amounts (issuances and reissuances), a small real
 * chain-derived statistic that proves the extension undo path: each block records the totals it
 * overwrote and `disconnect` puts them back.
 */
export class IssuedAmountsExtension implements ChainStateExtension {
  static readonly NAME = 'issued-amounts';
  readonly name = IssuedAmountsExtension.NAME;

  connect(block: Block, _height: number, batch: WriteBatch, ctx: ExtensionContext): void {
    const added = new Map<string, { asset: Uint8Array; amount: bigint }>();
    for (const tx of block.transactions) {
      for (const input of tx.inputs) {
        const ids = issuanceIds(input);
        if (ids === undefined || !input.issuance.amount.isExplicit) continue;
        const amount = input.issuance.amount.amount;
        if (amount === 0n) continue;
        const k = toHex(ids.asset);
        const a = added.get(k);
        if (a) a.amount += amount;
        else added.set(k, { asset: ids.asset, amount });
      }
    }
    if (added.size === 0) return;
    const undo = new Writer();
    undo.compactSize(added.size);
    for (const { asset, amount } of added.values()) {
      const prev = ctx.store.get(ctx.key(TOTAL, asset));
      undo.bytes(asset);
      if (prev === undefined) undo.u8(0);
      else undo.u8(1).bytes(prev);
      const before = prev === undefined ? 0n : new Reader(prev).u64le();
      batch.put(ctx.key(TOTAL, asset), new Writer(8).u64le(before + amount).finish());
    }
    batch.put(ctx.key(UNDO, ctx.blockHash), undo.finish());
  }

  disconnect(_block: Block, _height: number, batch: WriteBatch, ctx: ExtensionContext): void {
    const undo = ctx.store.get(ctx.key(UNDO, ctx.blockHash));
    if (undo === undefined) return;
    const r = new Reader(undo);
    for (let n = r.count(33, 'issued-amounts undo'); n > 0; n--) {
      const asset = r.bytesCopy(32);
      if (r.u8() === 0) batch.del(ctx.key(TOTAL, asset));
      else batch.put(ctx.key(TOTAL, asset), r.bytesCopy(8));
    }
    r.expectEnd('issued-amounts undo');
    batch.del(ctx.key(UNDO, ctx.blockHash));
  }

  /** Total explicitly issued of `asset` on the active chain (0 when none). */
  static total(store: KvReader, asset: Uint8Array): bigint {
    const v = store.get(extensionKey(IssuedAmountsExtension.NAME, TOTAL, asset));
    return v === undefined ? 0n : new Reader(v).u64le();
  }

  /** Every asset with a total, as display-order-free internal hex → amount. */
  static totals(store: KvReader): Map<string, bigint> {
    const out = new Map<string, bigint>();
    const prefix = extensionKey(IssuedAmountsExtension.NAME, TOTAL);
    for (const [k, v] of store.range({ prefix })) out.set(toHex(k.subarray(prefix.length)), new Reader(v).u64le());
    return out;
  }
}

