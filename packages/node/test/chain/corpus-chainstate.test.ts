import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDisplayHex } from '@ocean-ts/core';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import { CHAIN_LAYOUT } from '../../src/chain/layout.js';
import { CORPUS_IDS, corpusChain, openCorpusChainstate, replayCorpus } from './support/corpus.js';

for (const id of CORPUS_IDS) {
  test(`corpus chain ${id}: every block through processBlock reaches the corpus tip; reindex and disconnect/reconnect agree`, async () => {
    const chain = corpusChain(id);
    const store = new MemoryKvStore();
    const open = () => openCorpusChainstate(chain, store);
    const cs = await open();
    assert.equal(cs.height, 0);
    assert.equal(toDisplayHex(cs.tip.hash), chain.blocks[0]!.hash, 'genesis from the chain params is the corpus genesis');
    const hashes: Uint8Array[] = [];
    await replayCorpus(cs, chain, { after: (height) => (hashes[height] = cs.utxoSetHash().hash) });
    assert.equal(cs.height, chain.tipHeight);
    assert.equal(toDisplayHex(cs.tip.hash), chain.tipHash);
    for (const { height, hash } of chain.blocks) assert.equal(toDisplayHex(cs.getBlockHash(height)!), hash);

    // peg-in claims ("withdraw spent") recorded, one per peg-in input
    const pegins = chain.blocks.slice(1).reduce((n, { block }) => n + block.transactions.reduce((m, tx) => m + tx.inputs.filter((i) => i.isPegin).length, 0), 0);
    const claims = () => [...store.range(CHAIN_LAYOUT.range('withdraw'))].length;
    assert.equal(claims(), pegins);
    if (id === 'rt-signed') assert.equal(pegins, 2);

    // every non-genesis transaction is found through the txindex
    const last = chain.blocks[chain.blocks.length - 1]!;
    for (const [i, tx] of last.block.transactions.entries()) {
      const found = cs.getTransaction(tx.txid);
      assert.ok(found, `${id}: txindex has ${tx.txidHex}`);
      assert.equal(found.position, i);
      assert.equal(found.height, last.height);
    }

    // disconnect 5 blocks through the undo data, then reconnect them
    const tipHash = cs.tip.hash;
    const full = cs.utxoSetHash().hash;
    const back = chain.blocks[chain.tipHeight - 4]!;
    await cs.invalidateBlock(back.block.hash);
    assert.equal(cs.height, chain.tipHeight - 5);
    assert.deepEqual(cs.utxoSetHash().hash, hashes[chain.tipHeight - 5]);
    await cs.reconsiderBlock(back.block.hash);
    assert.deepEqual(cs.tip.hash, tipHash);
    assert.deepEqual(cs.utxoSetHash().hash, full);

    // reindex from the stored blocks
    let reported = 0;
    await cs.reindex((p) => {
      reported++;
      assert.equal(p.targetHeight, chain.tipHeight);
    });
    assert.equal(reported, chain.tipHeight);
    assert.equal(claims(), pegins);
    assert.deepEqual(cs.tip.hash, tipHash);
    assert.deepEqual(cs.utxoSetHash().hash, full);

    // a restart from the same store
    const again = await open();
    assert.deepEqual(again.tip.hash, tipHash);
    assert.deepEqual(again.utxoSetHash().hash, full);
  });
}
