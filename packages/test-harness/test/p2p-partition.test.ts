// Issue 5 proof (b): three nodes split into {A} and {B, C}; both sides mine competing chains with
// a transaction each, the longer on {B, C}. After the partition heals all three end on the longer
// chain, A's transaction (mined only on its abandoned branch) is back in A's mempool, and it is
// mined again on the winning chain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OceanNetwork, waitFor, type HarnessNode } from '../src/index.js';

interface Unspent {
  txid: string;
  vout: number;
  amount: number;
  address: string;
}

/** A raw transaction on `node` spending exactly `coin` to a new address of its own (1 CBT less a 0.001 fee). */
async function spendCoin(node: HarnessNode, coin: Unspent): Promise<string> {
  const to = await node.call<string>('getnewaddress');
  const unconfidential = (await node.call<{ unconfidential: string }>('validateaddress', [to])).unconfidential;
  const raw = await node.call<string>('createrawtransaction', [[{ txid: coin.txid, vout: coin.vout }], { [unconfidential]: Number((coin.amount - 0.001).toFixed(8)), fee: 0.001 }]);
  const signed = await node.call<{ hex: string; complete: boolean }>('signrawtransaction', [raw]);
  assert.equal(signed.complete, true);
  return node.call<string>('sendrawtransaction', [signed.hex]);
}

/** The unspent output paying `address` (unconfidential, so raw transactions need no blinding). */
async function coinAt(node: HarnessNode, address: string): Promise<Unspent> {
  const list = await node.call<Unspent[]>('listunspent', [1, 9999999, [address]]);
  assert.equal(list.length, 1, JSON.stringify(list));
  return list[0]!;
}

describe('P2P partition and reorg (real oceand processes)', () => {
  it('{A} | {B, C} mine competing chains; after reconnecting all follow {B, C} and A re-mines its transaction', { timeout: 120_000 }, async (t) => {
    const net = await OceanNetwork.start(t, { nodes: 3, topology: 'mesh', prefix: 'p2p-partition-' });
    const [a, b, c] = net.nodes as [HarnessNode, HarnessNode, HarnessNode];

    // fresh nodes are in initial block download and ignore transactions: one block first
    await a.call('generate', [1]);
    await net.syncBlocks();
    // one coin for A and one for B, both from A's wallet (the wallets share the genesis coins,
    // so two wallets spending "their" coins independently could pick the same one)
    const addrA = (await a.call<{ unconfidential: string }>('validateaddress', [await a.call<string>('getnewaddress')])).unconfidential;
    const addrB = (await b.call<{ unconfidential: string }>('validateaddress', [await b.call<string>('getnewaddress')])).unconfidential;
    await a.call('sendtoaddress', [addrA, 5]);
    await a.call('sendtoaddress', [addrB, 5]);
    await net.syncMempools();
    await a.call('generate', [1]);
    const base = await net.syncBlocks();
    const baseHeight = await a.call<number>('getblockcount');
    const coinA = await coinAt(a, addrA);
    const coinB = await coinAt(b, addrB);

    await net.partition([a], [b, c]);
    assert.equal(await a.call('getconnectioncount'), 0);
    assert.equal(await b.call('getconnectioncount'), 2);

    // A: a transaction and a 2-block branch
    const txA = await spendCoin(a, coinA);
    const branchA = await a.call<string[]>('generate', [2]);
    assert.ok((await a.call<{ tx: string[] }>('getblock', [branchA[0]])).tx.includes(txA));
    // B and C: another transaction and a 3-block branch
    const txB = await spendCoin(b, coinB);
    await net.syncMempools([b, c]);
    const branchB = await b.call<string[]>('generate', [3]);
    assert.ok((await b.call<{ tx: string[] }>('getblock', [branchB[0]])).tx.includes(txB));
    await net.syncBlocks([b, c]);
    assert.equal(await a.call('getblockcount'), baseHeight + 2);
    assert.equal(await c.call('getblockcount'), baseHeight + 3);
    assert.deepEqual(await c.call('getrawmempool'), []);

    await net.reconnect();
    const tip = await net.syncBlocks();
    assert.equal(tip, branchB[2]);
    assert.equal(await a.call('getblockcount'), baseHeight + 3);
    // A's branch is now a fork off the base
    const tips = await a.call<{ hash: string; height: number; branchlen: number; status: string }[]>('getchaintips');
    assert.deepEqual(
      tips.find((x) => x.hash === branchA[1]),
      { height: baseHeight + 2, hash: branchA[1], branchlen: 2, status: 'valid-fork' },
    );
    assert.equal(await a.call('getblockhash', [baseHeight]), base);
    // txA is back in A's mempool; txB stays confirmed
    await waitFor(async () => (await a.call<string[]>('getrawmempool')).includes(txA), { what: 'txA back in A’s mempool' });
    assert.ok(!(await a.call<string[]>('getrawmempool')).includes(txB));

    // and it gets mined on the winning chain, which everyone follows
    const [again] = await a.call<string[]>('generate', [1]);
    assert.equal(await net.syncBlocks(), again);
    assert.ok((await c.call<{ tx: string[] }>('getblock', [again])).tx.includes(txA));
    assert.equal(await c.call('getblockcount'), baseHeight + 4);
    assert.deepEqual(await net.syncMempools(), []);
    const utxo = await Promise.all(net.nodes.map(async (n) => (await n.call<{ hash_serialized: string }>('gettxoutsetinfo')).hash_serialized));
    assert.ok(utxo.every((h) => h === utxo[0]), JSON.stringify(utxo));
  });
});
