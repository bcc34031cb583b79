// -reindex and -reindex-chainstate on the real oceand: a chain with transactions and an invalidated
// stale branch in the block store is rebuilt from the stored blocks to the same UTXO set, tip and
// txindex, and the rebuild is visible in debug.log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Block, OP, OutPoint, TransactionBuilder, TxIn, fromHex, toHex, type Transaction } from '@ocean-ts/core';
import { explicitOutput } from '../../src/mining/coinbase.js';
import { GENESIS, spendGenesisCoin } from '../support/daemon.js';
import { TestNode } from '../support/test-node.js';

const OP_TRUE = Uint8Array.of(OP.OP_1);

/** Spend output 0 (OP_TRUE, explicit) of `parent` to two OP_TRUE outputs and a fee. */
function spendOutput0(parent: Transaction, fee: bigint): Transaction {
  const out = parent.outputs[0]!;
  const half = (out.value.amount - fee) / 2n;
  const b = new TransactionBuilder();
  b.addInput(new TxIn(new OutPoint(parent.txid, 0), new Uint8Array(0), 0xffffffff));
  b.addOutput(explicitOutput(out.asset.id, half, OP_TRUE));
  b.addOutput(explicitOutput(out.asset.id, out.value.amount - fee - half, OP_TRUE));
  b.addOutput(explicitOutput(out.asset.id, fee, new Uint8Array(0)));
  return b.build();
}

interface ChainSnapshot {
  best: string;
  count: number;
  txout: { height: unknown; bestblock: unknown; txouts: unknown; transactions: unknown; hash_serialized: unknown };
}

async function snapshot(node: TestNode): Promise<ChainSnapshot> {
  const info = await node.call<Record<string, unknown>>('gettxoutsetinfo');
  return {
    best: await node.call<string>('getbestblockhash'),
    count: await node.call<number>('getblockcount'),
    txout: { height: info.height, bestblock: info.bestblock, txouts: info.txouts, transactions: info.transactions, hash_serialized: info.hash_serialized },
  };
}

test('oceand -reindex / -reindex-chainstate rebuild the same chain state from the stored blocks (stale invalidated fork included), txindex too', async (t) => {
  const node = await TestNode.create({ args: ['-regtest', '-txindex=1', '-initialfreecoins=2100000000000000'] });
  t.after(() => node.cleanup());
  await node.start();

  const genesis = Block.decode(fromHex(await node.call<string>('getblock', [GENESIS, 0])));
  const mined: { txid: string; hex: string }[] = [];
  let staleTip = '';
  let invalidated = '';

  await t.test('build: blocks with chains of spends, then an invalidated branch and a longer replacement', async () => {
    for (let i = 0; i < 5; i++) {
      const a = spendGenesisCoin(genesis, i, 10_000n + BigInt(i));
      const b = spendOutput0(a, 5_000n);
      for (const tx of [a, b]) {
        assert.equal(await node.call('sendrawtransaction', [toHex(tx.toBytes())]), tx.txidHex);
        mined.push({ txid: tx.txidHex, hex: toHex(tx.toBytes()) });
      }
      await node.call('generate', [1]);
    }
    assert.equal(await node.call('getblockcount'), 5);
    staleTip = await node.call<string>('getbestblockhash');
    invalidated = await node.call<string>('getblockhash', [4]);
    await node.call('invalidateblock', [invalidated]);
    assert.equal(await node.call('getblockcount'), 3);
    // the invalidated blocks' transactions came back to the mempool; mine them (and a new one) on the other branch
    assert.equal((await node.call<string[]>('getrawmempool')).length, 4);
    const c = spendGenesisCoin(genesis, 50, 7_777n);
    await node.call('sendrawtransaction', [toHex(c.toBytes())]);
    mined.push({ txid: c.txidHex, hex: toHex(c.toBytes()) });
    await node.call('generate', [3]);
    assert.equal(await node.call('getblockcount'), 6);
    assert.deepEqual(await node.call('getrawmempool'), []);
    const tips = await node.call<{ hash: string; status: string; branchlen: number }[]>('getchaintips');
    assert.deepEqual(tips.find((x) => x.hash === staleTip), { height: 5, hash: staleTip, branchlen: 2, status: 'invalid' });
  });

  const reference = await snapshot(node);
  assert.equal(reference.count, 6);
  assert.equal(reference.txout.height, 6);
  assert.equal(reference.txout.bestblock, reference.best);
  const checkTxindex = async (): Promise<void> => {
    for (const m of mined) {
      const v = await node.call<{ hex: string; blockhash: string; confirmations: number }>('getrawtransaction', [m.txid, 1]);
      assert.equal(v.hex, m.hex);
      const block = await node.call<{ tx: string[]; height: number; confirmations: number }>('getblock', [v.blockhash]);
      assert.ok(block.tx.includes(m.txid));
      assert.ok(block.confirmations > 0, 'found in an active-chain block, not in the stale branch');
      assert.equal(v.confirmations, block.confirmations);
    }
    const gtx = genesis.transactions[0]!.txidHex;
    assert.equal((await node.call<{ txid: string }>('getrawtransaction', [gtx, 1])).txid, gtx);
  };
  await checkTxindex();

  for (const option of ['-reindex', '-reindex-chainstate']) {
    await t.test(`${option}: same tip, UTXO set hash and txout count; progress in debug.log; txindex answers`, async () => {
      await node.stop();
      const logBefore = node.debugLog().length;
      await node.start([option]);
      assert.deepEqual(await snapshot(node), reference);
      const log = node.debugLog().slice(logBefore);
      assert.match(log, new RegExp(`Reindexing \\(${option}\\): rebuilding the chain state from the stored blocks, best chain height 6\\n`));
      for (let h = 1; h <= 6; h++) assert.match(log, new RegExp(`Reindexing: connected height=${h} of 6 progress=`));
      assert.ok(log.indexOf('Reindexing finished') > log.indexOf('connected height=6 of 6'), 'finished after the last block');
      assert.ok(log.indexOf('Reindexing finished') < log.indexOf('init message: Done loading'));
      assert.equal(await node.call('verifychain', [4, 0]), true);
      await checkTxindex();
      // the node goes on from the rebuilt state: a proposal on the rebuilt tip, a spend of a genesis coin
      const proposal = Block.decode(fromHex(await node.call<string>('getnewblockhex')));
      assert.equal(proposal.header.height, 7);
      assert.equal(toHex(proposal.header.prevBlockHash.slice().reverse()), reference.best);
      const spend = spendGenesisCoin(genesis, option === '-reindex' ? 60 : 61, 3_000n);
      assert.deepEqual(await node.call('testmempoolaccept', [toHex(spend.toBytes())]), { txid: spend.txidHex, allowed: true });
    });
  }

  await t.test('a plain restart after the reindexes keeps everything and logs no reindex', async () => {
    await node.stop();
    const logBefore = node.debugLog().length;
    await node.start();
    const now = await snapshot(node);
    assert.deepEqual(now, reference);
    assert.doesNotMatch(node.debugLog().slice(logBefore), /Reindexing/);
    await checkTxindex();
    await node.stop();
  });
});
