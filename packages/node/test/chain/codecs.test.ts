import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutPoint, TxOut, ConfidentialAsset, ConfidentialValue, ConfidentialNonce } from '@ocean-ts/core';
import { BlockIndexEntry } from '../../src/chain/block-index-entry.js';
import { BlockIndex } from '../../src/chain/block-index.js';
import { BlockStatus } from '../../src/chain/block-status.js';
import { BlockUndo } from '../../src/chain/block-undo.js';
import { decodeCoin, encodeCoin } from '../../src/chain/coin-codec.js';
import { AsyncMutex } from '../../src/chain/async-mutex.js';
import { CHAIN_LAYOUT } from '../../src/chain/layout.js';
import { extensionKey } from '../../src/chain/extension-keys.js';
import { ChainBuilder, regtestParams } from './support/regtest-chain.js';

const out = new TxOut(ConfidentialAsset.fromId(new Uint8Array(32).fill(7)), ConfidentialValue.fromAmount(12345n), ConfidentialNonce.NULL, Uint8Array.of(0x51));

test('coin, undo and index entry codecs round-trip', () => {
  for (const coin of [
    { out, height: 0, isCoinbase: false },
    { out, height: 0x7fffffff, isCoinbase: true },
  ]) {
    const back = decodeCoin(encodeCoin(coin));
    assert.equal(back.height, coin.height);
    assert.equal(back.isCoinbase, coin.isCoinbase);
    assert.ok(back.out.equals(coin.out));
  }
  assert.throws(() => decodeCoin(new Uint8Array(3)));
  const undo = new BlockUndo(
    [{ outpoint: new OutPoint(new Uint8Array(32).fill(1), 3), coin: { out, height: 9, isCoinbase: true } }],
    [{ parentGenesisHash: new Uint8Array(32).fill(2), prevout: new OutPoint(new Uint8Array(32).fill(3), 1) }],
  );
  assert.deepEqual(BlockUndo.decode(undo.encode()).encode(), undo.encode());
  assert.throws(() => BlockUndo.decode(Uint8Array.of(5)));
  const g = regtestParams().genesisBlock;
  const e = new BlockIndexEntry(g.header, 0, BlockStatus.HAVE_DATA | BlockStatus.VALID_SCRIPTS, 42);
  const d = BlockIndexEntry.decode(e.encode());
  assert.deepEqual(d.hash, g.hash);
  assert.equal(d.status, e.status);
  assert.equal(d.sequence, 42);
  assert.equal(d.chainWork, 1);
});

test('block index: parents, ancestors, fork point, best header by most blocks then first seen', () => {
  const base = ChainBuilder.fromGenesis(regtestParams().genesisBlock);
  base.extend(2);
  const a = base.clone(1);
  const b = base.clone(2);
  a.extend(2);
  b.extend(2);
  const index = new BlockIndex();
  const add = (blk: { header: BlockIndexEntry['header'] }) => {
    const e = new BlockIndexEntry(blk.header, blk.header.height, BlockStatus.HAVE_DATA, index.takeSequence());
    index.add(e);
    return e;
  };
  add(regtestParams().genesisBlock);
  for (const blk of [...base.blocks, ...a.blocks, ...b.blocks]) add(blk);
  const ta = index.get(a.tip.hash)!;
  const tb = index.get(b.tip.hash)!;
  assert.equal(ta.ancestor(2), index.get(base.tip.hash));
  assert.equal(BlockIndex.fork(ta, tb), index.get(base.tip.hash));
  assert.equal(index.bestHeader(), ta);
  tb.order = -5;
  assert.equal(index.bestHeader(), tb);
  tb.status |= BlockStatus.FAILED;
  assert.equal(index.bestHeader(), ta);
  assert.equal(index.leaves().length, 2);
  assert.equal(index.descendants(index.get(base.tip.hash)!).length, 4);
  assert.throws(() => add(a.tip), /already/);
  assert.ok(ta.medianTimePast <= ta.header.time);
});

test('async mutex: FIFO, one holder at a time, run() releases on throw', async () => {
  const m = new AsyncMutex();
  const order: number[] = [];
  let inside = 0;
  const job = (n: number) =>
    m.run(async () => {
      assert.equal(inside++, 0);
      await new Promise((r) => setTimeout(r, 1));
      order.push(n);
      inside--;
    });
  await Promise.all([job(1), job(2), job(3), m.run(() => Promise.reject(new Error('x'))).catch(() => order.push(0)), job(4)]);
  assert.deepEqual(order, [1, 2, 3, 0, 4]);
  assert.equal(m.isLocked, false);
  const release = await m.acquire();
  release();
  assert.throws(release, /twice/);
});

test('chain layout: distinct prefixes, described; extension keys are namespaced', () => {
  assert.match(CHAIN_LAYOUT.describe(), /chain \(schema version 1\)/);
  assert.equal(new Set(CHAIN_LAYOUT.table.map((r) => r.byte)).size, CHAIN_LAYOUT.table.length);
  const k = extensionKey('issued-amounts', Uint8Array.of(1));
  assert.equal(k[0], CHAIN_LAYOUT.prefix('ext'));
  assert.throws(() => extensionKey('Bad Name'));
});
