import assert from 'node:assert/strict';
import { toHex, type Block } from '@ocean-ts/core';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import type { WriteBatch } from '../../../src/storage/write-batch.js';
import type { KvReader } from '../../../src/storage/kv-store.js';
import type { Chainstate } from '../../../src/chain/chainstate.js';
import { IssuedAmountsExtension } from '../../../src/chain/issued-amounts-extension.js';
import { TIP_KEY } from '../../../src/chain/layout.js';
import { openRegtest } from './regtest-chain.js';

export async function processAll(cs: Chainstate, blocks: readonly Block[]): Promise<void> {
  for (const b of blocks) {
    const r = await cs.processBlock(b);
    assert.equal(r, null, r?.toString());
  }
}

/** UTXO hash, issued totals and tip of a fresh in-memory chain state fed exactly `blocks`. */
export async function freshReplay(blocks: readonly Block[]): Promise<{ utxo: string; totals: Map<string, bigint>; tip: string }> {
  const store = new MemoryKvStore();
  const cs = await openRegtest(store);
  await processAll(cs, blocks);
  return snapshot(cs, store);
}

export function snapshot(cs: Chainstate, store: KvReader) {
  return { utxo: toHex(cs.utxoSetHash().hash), totals: IssuedAmountsExtension.totals(store), tip: toHex(cs.tip.hash) };
}

/** A MemoryKvStore whose next batch that moves the tip fails (nothing applied). */
export class TipFailingStore extends MemoryKvStore {
  failTipWrite = false;
  override async write(batch: WriteBatch): Promise<void> {
    if (this.failTipWrite && batch.ops.some((op) => op.type === 'put' && toHex(op.key) === toHex(TIP_KEY))) {
      this.failTipWrite = false;
      this.failNextWrite();
    }
    return super.write(batch);
  }
}
