/**
 * Feeds connected blocks to the in-memory freeze/burn lists and `-recordinflation` records
 * (ocean-policy.md §2.3, §4.2, §4.6). It writes nothing to the store: as in the reference these
 * lists live in memory, are rebuilt from the UTXO set at start-up and are not reverted when a block
 * is disconnected (docs/adr/0035-freeze-and-burn-lists.md). The chain state calls `connect` only for
 * a block that passed validation, just before its batch is committed.
 */
import { OutPoint, outpointKey, type Block, type TxOut } from '@ocean-ts/core';
import type { ChainStateExtension, ExtensionContext } from '../chain/chain-state-extension.js';
import { StoredCoinView } from '../chain/stored-coin-view.js';
import type { WriteBatch } from '../storage/write-batch.js';
import type { CurrentPolicyAssets } from './current-policy-assets.js';
import type { FreezeBurnLists } from './freeze-burn-lists.js';
import type { InflationRecords } from './inflation-records.js';

export class FreezeBurnExtension implements ChainStateExtension {
  static readonly NAME = 'freeze-burn-lists';
  readonly name = FreezeBurnExtension.NAME;

  constructor(
    private readonly assets: CurrentPolicyAssets,
    private readonly lists: FreezeBurnLists,
    private readonly inflation: InflationRecords | undefined,
  ) {}

  connect(block: Block, height: number, _batch: WriteBatch, ctx: ExtensionContext): void {
    // SetPolicy(h) runs for every transaction of the block; the height is the same for all.
    this.assets.advanceTo(height);
    const stored = new StoredCoinView(ctx.store);
    const created = new Map<string, TxOut>();
    const spent = (prevout: OutPoint): TxOut | undefined => created.get(outpointKey(prevout)) ?? stored.get(prevout)?.out;
    for (const tx of block.transactions) {
      this.lists.connectTransaction(tx, spent);
      this.inflation?.connectTransaction(tx, height);
      tx.outputs.forEach((out, n) => created.set(outpointKey(new OutPoint(tx.txid, n)), out));
    }
  }

  /** Reference behaviour: nothing is reverted. */
  disconnect(): void {}
}
