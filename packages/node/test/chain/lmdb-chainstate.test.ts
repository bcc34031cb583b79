import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmdbKvStore } from '../../src/storage/lmdb-kv-store.js';
import { IssuedAmountsExtension } from '../../src/chain/issued-amounts-extension.js';
import { ChainBuilder, openRegtest, regtestParams } from './support/regtest-chain.js';
import { freshReplay, processAll, snapshot } from './support/helpers.js';

test('restart from LMDB: same tip (a precious equal-height tip too), UTXO hash, chain tips, txindex and extension state; reorg after restart uses the stored undo', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ocean-chainstate-'));
  try {
    const dir = join(root, 'chainstate');
    const base = ChainBuilder.fromGenesis(regtestParams().genesisBlock);
    base.extend(4);
    const a = base.clone(1);
    const b = base.clone(2);
    a.extend(3);
    b.extend(3);

    let store = LmdbKvStore.open(dir);
    let cs = await openRegtest(store);
    await processAll(cs, [...base.blocks, ...a.blocks, ...b.blocks]);
    await cs.preciousBlock(b.tip.hash);
    assert.deepEqual(cs.tip.hash, b.tip.hash);
    const want = snapshot(cs, store);
    const tips = cs.getChainTips();
    await store.close();

    store = LmdbKvStore.open(dir);
    cs = await openRegtest(store);
    assert.deepEqual(snapshot(cs, store), want, 'the precious tip is kept across the restart');
    assert.deepEqual(cs.getChainTips(), tips);
    const tx = b.blocks[1]!.transactions[1]!;
    assert.equal(cs.getTransaction(tx.txid)?.height, 6);
    assert.ok(IssuedAmountsExtension.totals(store).size > 0);

    // A grows: reorganise away from B through B's undo records read back from disk
    const a8 = a.next();
    await processAll(cs, [a8]);
    assert.deepEqual(snapshot(cs, store), await freshReplay([...base.blocks, ...a.blocks]));
    await store.close();

    store = LmdbKvStore.open(dir);
    cs = await openRegtest(store);
    assert.deepEqual(cs.tip.hash, a8.hash);
    assert.equal(cs.height, 8);
    await store.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
