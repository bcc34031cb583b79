import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutPoint, REJECT_DUPLICATE, isStoredOutput, toDisplayHex, toHex } from '@ocean-ts/core';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import { StorageError } from '../../src/storage/storage-error.js';
import { CHAIN_LAYOUT } from '../../src/chain/layout.js';
import { IssuedAmountsExtension } from '../../src/chain/issued-amounts-extension.js';
import { AsyncMutex } from '../../src/chain/async-mutex.js';
import { ChainBuilder, openRegtest, regtestParams } from './support/regtest-chain.js';
import { TipFailingStore, freshReplay, processAll, snapshot } from './support/helpers.js';

const genesis = () => regtestParams().genesisBlock;

test('an empty store starts with genesis connected: its stored outputs go straight into the UTXO set', async () => {
  const store = new MemoryKvStore();
  const cs = await openRegtest(store);
  assert.equal(cs.height, 0);
  assert.deepEqual(cs.tip.hash, regtestParams().genesisHash);
  let stored = 0;
  for (const [i, tx] of genesis().transactions.entries()) {
    tx.outputs.forEach((out, n) => {
      const coin = cs.getCoin(new OutPoint(tx.txid, n));
      if (!isStoredOutput(out)) return assert.equal(coin, undefined);
      stored++;
      assert.ok(coin);
      assert.equal(coin.height, 0);
      assert.equal(coin.isCoinbase, i === 0);
    });
  }
  assert.equal(cs.utxoSetHash().coins, stored);
  assert.equal(stored, 100, 'the 100 free-coin outputs; the OP_RETURN coinbase output is dropped');
  assert.equal(cs.getTransaction(genesis().transactions[1]!.txid), undefined, 'genesis transactions are not indexed');
  assert.deepEqual(cs.getChainTips(), [{ height: 0, hash: toDisplayHex(cs.tip.hash), branchlen: 0, status: 'active' }]);
  await assert.rejects(cs.invalidateBlock(cs.tip.hash), /genesis/);
});

test('reorganisation by most blocks: coins, undo, extension state and txindex roll back and forward', async () => {
  const store = new MemoryKvStore();
  const cs = await openRegtest(store);
  const base = ChainBuilder.fromGenesis(genesis());
  base.extend(3);
  const a = base.clone(1);
  const b = base.clone(2);
  a.extend(2);
  a.next({ issue: 5000n });
  b.extend(2);
  b.next({ issue: 7000n });
  b.extend(1);
  await processAll(cs, [...base.blocks, ...a.blocks]);
  const onA = snapshot(cs, store);
  assert.deepEqual(onA, await freshReplay([...base.blocks, ...a.blocks]));
  assert.equal(onA.totals.size, 2, 'issuances at heights 5 and 6 of A');

  // equal height: the current tip stays
  await processAll(cs, b.blocks.slice(0, 3));
  assert.deepEqual(cs.tip.hash, a.tip.hash);
  assert.deepEqual(
    cs.getChainTips().map((t) => [t.height, t.status, t.branchlen]),
    [
      [6, 'active', 0],
      [6, 'valid-headers', 3],
    ],
  );
  // one more block on B: reorganise
  await processAll(cs, b.blocks.slice(3));
  assert.deepEqual(cs.tip.hash, b.tip.hash);
  assert.equal(cs.height, 7);
  const onB = snapshot(cs, store);
  assert.deepEqual(onB, await freshReplay([...base.blocks, ...b.blocks]));
  assert.equal(onB.totals.size, 2);
  assert.notDeepEqual(onB.totals, onA.totals);
  for (const blk of a.blocks) {
    for (const tx of blk.transactions) assert.equal(cs.getTransaction(tx.txid), undefined, 'A transactions left the txindex');
    assert.equal(store.has(CHAIN_LAYOUT.key('undo', blk.hash)), false, 'A undo removed');
  }
  for (const blk of b.blocks) for (const [i, tx] of blk.transactions.entries()) assert.equal(cs.getTransaction(tx.txid)?.position, i);
  assert.deepEqual(
    cs.getChainTips().map((t) => [t.height, t.status, t.branchlen]),
    [
      [7, 'active', 0],
      [6, 'valid-fork', 3],
    ],
  );
  for (let h = 0; h <= 7; h++) assert.deepEqual(cs.getBlockHash(h), h <= 3 ? (h === 0 ? genesis().hash : base.blocks[h - 1]!.hash) : b.blocks[h - 4]!.hash);

  // invalidate the first B block: back to A, exactly as before
  await cs.invalidateBlock(b.blocks[0]!.hash);
  assert.deepEqual(snapshot(cs, store), onA);
  for (const blk of b.blocks) for (const tx of blk.transactions.slice(1)) assert.equal(cs.getTransaction(tx.txid), undefined);
  assert.deepEqual(
    cs.getChainTips().map((t) => [t.height, t.status, t.branchlen]),
    [
      [7, 'invalid', 4],
      [6, 'active', 0],
    ],
  );
  assert.equal((await cs.processBlock(b.blocks[3]!))?.reason, 'duplicate');
  const child = b.clone(2).next();
  assert.equal((await cs.processBlock(child))?.reason, 'bad-prevblk');

  // reconsider: forward to B again
  await cs.reconsiderBlock(b.blocks[2]!.hash);
  assert.deepEqual(snapshot(cs, store), onB);
  assert.equal(cs.getChainTips()[0]!.status, 'active');
});

test('preciousblock picks between equal-height tips; best header is most blocks then first seen', async () => {
  const store = new MemoryKvStore();
  const cs = await openRegtest(store);
  const base = ChainBuilder.fromGenesis(genesis());
  base.extend(2);
  const a = base.clone(1);
  const b = base.clone(2);
  a.extend(2);
  b.extend(2);
  await processAll(cs, [...base.blocks, ...a.blocks, ...b.blocks]);
  assert.deepEqual(cs.tip.hash, a.tip.hash);
  assert.deepEqual(cs.bestHeader.hash, a.tip.hash);
  const hA = snapshot(cs, store);
  await cs.preciousBlock(b.tip.hash);
  assert.deepEqual(cs.tip.hash, b.tip.hash);
  assert.deepEqual(snapshot(cs, store), await freshReplay([...base.blocks, ...b.blocks]));
  await cs.preciousBlock(a.tip.hash);
  assert.deepEqual(snapshot(cs, store), hA);
  await cs.preciousBlock(base.blocks[0]!.hash); // lower than the tip: no effect
  assert.deepEqual(cs.tip.hash, a.tip.hash);
});

test('invalid blocks: rejected with the consensus reason, marked failed, the tip and UTXO set untouched', async () => {
  const store = new MemoryKvStore();
  const cs = await openRegtest(store);
  const pre = ChainBuilder.fromGenesis(genesis());
  pre.extend(2);
  const main = pre.clone(0);
  main.extend(1);
  await processAll(cs, [...pre.blocks, ...main.blocks]);
  const before = snapshot(cs, store);

  // a wallet that still thinks genesis coin 0 (spent at height 1) is unspent: its block double-spends
  const stale = ChainBuilder.fromGenesis(genesis(), 9);
  stale.tip = main.tip;
  const doubleSpend = stale.next({ spends: 1 });
  assert.equal((await cs.processBlock(doubleSpend))?.reason, 'bad-txns-inputs-missingorspent');
  assert.deepEqual(snapshot(cs, store), before);
  assert.deepEqual(
    cs.getChainTips().map((t) => [t.hash, t.status]),
    [
      [toDisplayHex(doubleSpend.hash), 'invalid'],
      [toDisplayHex(main.tip.hash), 'active'],
    ],
  );
  const again = await cs.processBlock(doubleSpend);
  assert.equal(again?.reason, 'duplicate');
  assert.equal(again?.code, REJECT_DUPLICATE);
  assert.equal((await cs.processBlock(stale.next()))?.reason, 'bad-prevblk');

  // unknown parent; a contextual failure is not stored
  const ahead = main.clone(5);
  ahead.next();
  assert.equal((await cs.processBlock(ahead.next()))?.reason, 'prev-blk-not-found');
  const tooOld = main.clone(6).next({ time: genesis().header.time });
  assert.equal((await cs.processBlock(tooOld))?.reason, 'time-too-old');
  assert.equal(cs.getEntry(tooOld.hash), undefined);

  // a longer branch whose second block is invalid: tried, then back to the old chain
  const fork = pre.clone(7);
  const f1 = fork.next();
  const stale2 = ChainBuilder.fromGenesis(genesis(), 8);
  stale2.tip = f1;
  const f2 = stale2.next({ spends: 1 });
  await processAll(cs, [f1]);
  assert.deepEqual(cs.tip.hash, main.tip.hash, 'equal height: the tip stays');
  assert.equal((await cs.processBlock(f2))?.reason, 'bad-txns-inputs-missingorspent');
  assert.deepEqual(snapshot(cs, store), before);
  assert.equal(cs.getEntry(f1.hash)?.wasConnected, true, 'f1 was connected during the attempt');
  assert.equal(cs.getEntry(f2.hash)?.isFailed, true);
  assert.equal((await cs.processBlock(stale2.next()))?.reason, 'bad-prevblk');
});

test('a failed commit leaves the in-memory state unchanged; the block connects on the next activation', async () => {
  const store = new TipFailingStore();
  const cs = await openRegtest(store);
  const main = ChainBuilder.fromGenesis(genesis());
  await processAll(cs, main.extend(2));
  const before = snapshot(cs, store);
  const next = main.next();
  store.failTipWrite = true;
  await assert.rejects(cs.processBlock(next), StorageError);
  assert.deepEqual(snapshot(cs, store), before);
  assert.equal(cs.height, 2);
  assert.equal(cs.getEntry(next.hash)?.haveData, true, 'the block itself was stored');
  await cs.activateBestChain();
  assert.deepEqual(cs.tip.hash, next.hash);
  assert.deepEqual(snapshot(cs, store), await freshReplay(main.blocks));
});

test('public calls are serialised by the (shareable) mutex', async () => {
  const mutex = new AsyncMutex();
  const store = new MemoryKvStore();
  const cs = await openRegtest(store, { mutex });
  assert.equal(cs.mutex, mutex);
  const blocks = ChainBuilder.fromGenesis(genesis()).extend(8);
  let mempoolSawHeight = -1;
  const results = await Promise.all([
    ...blocks.slice(0, 4).map((b) => cs.processBlock(b)),
    mutex.run(() => (mempoolSawHeight = cs.height)),
    ...blocks.slice(4).map((b) => cs.processBlock(b)),
  ]);
  assert.equal(mempoolSawHeight, 4, 'a mempool holding the lock sees a whole number of blocks');
  assert.ok(results.every((r) => r === null || r === 4));
  assert.equal(cs.height, 8);
});

test('reindex rebuilds the same state from the stored blocks and resumes after a kill mid-way', async () => {
  const store = new MemoryKvStore();
  const cs = await openRegtest(store);
  const base = ChainBuilder.fromGenesis(genesis());
  base.extend(4);
  const a = base.clone(1);
  a.extend(3);
  const b = base.clone(2);
  b.extend(2);
  await processAll(cs, [...base.blocks, ...b.blocks, ...a.blocks]);
  const want = snapshot(cs, store);
  const tips = cs.getChainTips();
  let midway: MemoryKvStore | undefined;
  const seen: number[] = [];
  await cs.reindex((p) => {
    seen.push(p.height);
    if (p.height === 3) midway = store.fork();
  });
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(snapshot(cs, store), want);
  assert.deepEqual(cs.getChainTips().map((t) => [t.hash, t.status]), tips.map((t) => [t.hash, t.status === 'valid-fork' ? 'valid-headers' : t.status]));
  // the killed reindex resumes when the store is opened
  const resumed = await openRegtest(midway!);
  assert.deepEqual(snapshot(resumed, midway!), want);
});

test('-reindex-chainstate keeps invalidateblock marks (the block index survives), -reindex forgets them; a killed one resumes in its mode', async () => {
  const store = new MemoryKvStore();
  const cs = await openRegtest(store);
  const base = ChainBuilder.fromGenesis(genesis());
  base.extend(2);
  const longer = base.clone(1);
  longer.extend(4); // heights 3..6
  const shorter = base.clone(2);
  shorter.extend(1); // height 3
  await processAll(cs, [...base.blocks, ...longer.blocks]);
  assert.equal(cs.height, 6);
  await cs.invalidateBlock(longer.blocks[0]!.hash);
  await processAll(cs, shorter.blocks);
  assert.equal(cs.height, 3);
  const want = snapshot(cs, store);
  const beforeKill = store.fork();

  // -reindex-chainstate: the invalidated (longer) branch stays invalid
  let midway: MemoryKvStore | undefined;
  const kept = await openRegtest(store, { reindex: true, reindexKeepsFailures: true, reindexProgress: (p) => { if (p.height === 2) midway = store.fork(); } });
  assert.equal(kept.height, 3);
  assert.deepEqual(snapshot(kept, store), want);
  assert.equal(kept.getChainTips().find((t) => t.hash === toDisplayHex(longer.blocks[3]!.hash))?.status, 'invalid');
  // killed half-way, a plain restart resumes as -reindex-chainstate
  const resumed = await openRegtest(midway!);
  assert.equal(resumed.height, 3);
  assert.deepEqual(snapshot(resumed, midway!), want);

  // -reindex: the marks are gone (Core re-reads the blocks), the longer branch wins
  const full = await openRegtest(beforeKill, { reindex: true });
  assert.equal(full.height, 6);
  assert.deepEqual(full.tip.hash, longer.blocks[3]!.hash);
});

test('opening with a different -txindex setting asks for -reindex', async () => {
  const store = new MemoryKvStore();
  await openRegtest(store);
  await assert.rejects(openRegtest(store, { txindex: false }), (e: unknown) => e instanceof StorageError && e.kind === 'schema-mismatch' && /-reindex/.test(e.message));
  const plain = new MemoryKvStore();
  const cs = await openRegtest(plain, { txindex: false });
  const blocks = ChainBuilder.fromGenesis(genesis()).extend(2);
  await processAll(cs, blocks);
  assert.equal(cs.getTransaction(blocks[0]!.transactions[1]!.txid), undefined);
  assert.equal([...plain.range(CHAIN_LAYOUT.range('txindex'))].length, 0);
  assert.equal(IssuedAmountsExtension.totals(plain).size, 0);
  // -reindex switches the setting
  const before = toHex(cs.utxoSetHash().hash);
  let steps = 0;
  const re = await openRegtest(plain, { txindex: true, reindex: true, reindexProgress: () => steps++ });
  assert.equal(steps, 2);
  assert.equal(toHex(re.utxoSetHash().hash), before);
  assert.equal(re.getTransaction(blocks[0]!.transactions[1]!.txid)?.height, 1);
});
