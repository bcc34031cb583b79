// getblockstats (Ocean fee model, ADR 0017), getutxoassetinfo and pruneblockchain on an in-process node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue, OP, OutPoint, TxOut, fromHex, toHex, type Coin } from '@ocean-ts/core';
import { utxoAssetStats } from '../../../src/rpc/methods/utxo-asset-info.js';
import { explicitOutput } from '../../../src/mining/coinbase.js';
import { TestNode, chainParams, coinsOf, genesisCoins, json, spend } from './support/test-node.js';

const NULL_P2PKH = fromHex('76a914' + '00'.repeat(20) + '88ac');

async function nodeWithFees(): Promise<{ node: TestNode; txs: ReturnType<typeof spend>[] }> {
  const node = await TestNode.create();
  const coins = genesisCoins(node.params);
  const a = spend([coins[0]!], 10_000n, 2);
  const b = spend([coins[1]!, coins[2]!], 40_000n, 3);
  const c = spend([coinsOf(a)[0]!], 30_000n);
  for (const tx of [a, b, c]) await node.accept(tx);
  await node.generate(1);
  assert.equal(node.mempool.size, 0);
  return { node, txs: [a, b, c] };
}

test('getblockstats: every statistic of a block with fee-paying transactions', async () => {
  const { node, txs } = await nodeWithFees();
  const block = node.chain.getBlock(node.chain.tip.hash)!;
  const stats = (await node.call('getblockstats', [json(1)])) as Record<string, number | string>;
  assert.deepEqual(Object.keys(stats), [
    'avgfee', 'avgfeerate', 'avgtxsize', 'blockhash', 'height', 'ins', 'maxfee', 'maxfeerate', 'maxtxsize', 'medianfee', 'medianfeerate',
    'mediantime', 'mediantxsize', 'minfee', 'minfeerate', 'mintxsize', 'outs', 'subsidy', 'swtotal_size', 'swtotal_weight', 'swtxs', 'time',
    'total_out', 'total_size', 'total_weight', 'totalfee', 'txs', 'utxo_increase', 'utxo_size_inc',
  ]);
  const fees = [10_000, 40_000, 30_000];
  const sizes = txs.map((t) => t.size);
  const weights = txs.map((t) => t.weight);
  const rates = txs.map((t, i) => Math.floor((fees[i]! * 4) / t.weight));
  const totalWeight = weights.reduce((x, y) => x + y);
  const sorted = (v: number[]) => [...v].sort((x, y) => x - y);
  assert.equal(stats['blockhash'], node.chain.tip.hashHex);
  assert.equal(stats['height'], 1);
  assert.equal(stats['txs'], 4);
  assert.equal(stats['ins'], 4);
  assert.equal(stats['outs'], block.transactions.reduce((n, t) => n + t.outputs.length, 0));
  assert.equal(stats['utxo_increase'], (stats['outs'] as number) - 4);
  assert.equal(stats['totalfee'], 80_000);
  assert.equal(stats['avgfee'], Math.floor(80_000 / 3));
  assert.equal(stats['minfee'], 10_000);
  assert.equal(stats['maxfee'], 40_000);
  assert.equal(stats['medianfee'], 30_000);
  assert.equal(stats['minfeerate'], Math.min(...rates));
  assert.equal(stats['maxfeerate'], Math.max(...rates));
  assert.equal(stats['medianfeerate'], sorted(rates)[1]);
  assert.equal(stats['avgfeerate'], Math.floor((80_000 * 4) / totalWeight));
  assert.equal(stats['total_size'], sizes.reduce((x, y) => x + y));
  assert.equal(stats['total_weight'], totalWeight);
  assert.equal(stats['mintxsize'], Math.min(...sizes));
  assert.equal(stats['maxtxsize'], Math.max(...sizes));
  assert.equal(stats['mediantxsize'], sorted(sizes)[1]);
  assert.equal(stats['avgtxsize'], Math.floor(sizes.reduce((x, y) => x + y) / 3));
  assert.equal(stats['subsidy'], 0);
  assert.equal(stats['swtxs'], txs.filter((t) => t.hasWitness).length);
  // total_out: explicit values of the non-fee outputs (a's change is spent by c in the same block)
  const nonFee = (t: (typeof txs)[number]) => t.outputs.filter((o) => o.scriptPubKey.length > 0).reduce((n, o) => n + Number(o.value.amount), 0);
  assert.equal(stats['total_out'], txs.map(nonFee).reduce((x, y) => x + y));
  // utxo_size_inc: every output added minus every coin spent, each with 41 bytes overhead
  const added = block.transactions.flatMap((t) => t.outputs).reduce((n, o) => n + o.size + 41, 0);
  const spentCoins = [genesisCoins(node.params)[0]!, genesisCoins(node.params)[1]!, genesisCoins(node.params)[2]!, coinsOf(txs[0]!)[0]!];
  assert.equal(stats['utxo_size_inc'], added - spentCoins.reduce((n, c) => n + c.out.size + 41, 0));
  assert.equal(stats['time'], block.header.time);
  assert.equal(stats['mediantime'], node.chain.tip.medianTimePast);
  // by hash, same answer
  assert.deepEqual(await node.call('getblockstats', [node.chain.tip.hashHex]), stats);
});

test('getblockstats: selected statistics, coinbase-only blocks, errors', async () => {
  const { node } = await nodeWithFees();
  assert.deepEqual(await node.call('getblockstats', [json(1), ['txs', 'height', 'totalfee', 'txs']]), { height: 1, totalfee: 80_000, txs: 4 });
  assert.deepEqual(await node.callError('getblockstats', [json(1), ['height', 'nope']]), { code: -8, message: 'Invalid selected statistic nope' });
  assert.deepEqual(await node.call('getblockstats', [json(1), null]), await node.call('getblockstats', [json(1)]));
  await node.generate(1);
  const empty = (await node.call('getblockstats', [json(2)])) as Record<string, number>;
  assert.deepEqual([empty['txs'], empty['ins'], empty['totalfee'], empty['minfee'], empty['minfeerate'], empty['mintxsize'], empty['avgfee']], [1, 0, 0, 0, 0, 0, 0]);
  const genesis = (await node.call('getblockstats', [json(0)])) as Record<string, number>;
  assert.equal(genesis['height'], 0);
  assert.deepEqual(await node.callError('getblockstats', [json(-1)]), { code: -8, message: 'Target block height -1 is negative' });
  assert.deepEqual(await node.callError('getblockstats', [json(3)]), { code: -8, message: 'Target block height 3 after current tip 2' });
  assert.deepEqual(await node.callError('getblockstats', ['11'.repeat(32)]), { code: -5, message: 'Block not found' });
  assert.equal((await node.callError('getblockstats', ['xx'])).code, -8);
  assert.deepEqual(await node.callError('getblockstats', [json(1), 'height']), { code: -1, message: 'JSON value is not an array as expected' });
  // a block that left the active chain
  const stale = node.chain.tip.hashHex;
  await node.call('invalidateblock', [stale]);
  assert.deepEqual(await node.callError('getblockstats', [stale]), { code: -8, message: 'Block is not in chain elementsregtest' });
});

test('getblockstats works without -txindex (spent coins come from the undo data)', async () => {
  const node = await TestNode.create({ txindex: false });
  await node.accept(spend([genesisCoins(node.params)[0]!], 12_345n));
  await node.generate(1);
  assert.equal(((await node.call('getblockstats', [json(1)])) as Record<string, number>)['totalfee'], 12_345);
});

test('getutxoassetinfo: spendable and frozen (null-address) outputs per asset', async () => {
  const node = await TestNode.create();
  const coins = genesisCoins(node.params);
  const asset = coins[0]!.out.asset.id;
  // a redemption: pays the null address; its other outputs are frozen while it stays unspent
  const redemption = spend([coins[0]!], 1000n, 1, [explicitOutput(asset, 500_000n, NULL_P2PKH)]);
  await node.accept(redemption);
  await node.generate(1);
  const info = (await node.call('getutxoassetinfo')) as Record<string, unknown>[];
  assert.equal(info.length, 1);
  const total = coins.reduce((n, c) => n + c.out.value.amount, 0n);
  assert.deepEqual(Object.keys(info[0]!), ['asset', 'spendabletxouts', 'amountspendable', 'frozentxouts', 'amountfrozen']);
  assert.equal(info[0]!['asset'], coins[0]!.out.asset.idHex);
  assert.equal(info[0]!['frozentxouts'], 2);
  assert.equal(info[0]!['amountfrozen'], Number(coins[0]!.out.value.amount - 1000n) / 1e8);
  // the 99 other genesis coins and the coinbase's fee output
  assert.equal(info[0]!['spendabletxouts'], coins.length);
  assert.equal(info[0]!['amountspendable'], Number(total - coins[0]!.out.value.amount + 1000n) / 1e8);
  // spending the frozen change output leaves the null-address output frozen
  const change = coinsOf(redemption)[0]!;
  await node.accept(spend([change], 1000n));
  await node.generate(1);
  const after = (await node.call('getutxoassetinfo')) as Record<string, number>[];
  assert.equal(after[0]!['frozentxouts'], 1);
  assert.equal(after[0]!['amountfrozen'], 0.005);
  assert.equal(after[0]!['spendabletxouts'], coins.length + 2);

  const inflation = await TestNode.create({ recordInflation: true });
  const rec = (await inflation.call('getutxoassetinfo')) as Record<string, unknown>[];
  assert.deepEqual(Object.keys(rec[0]!).slice(5), ['entropy', 'token']);
  assert.equal(rec[0]!['entropy'], 'null');
});

test('getutxoassetinfo: ordering by asset id bytes, blinded values and assets, disabled outputs', () => {
  const id = (b: number) => Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? b : i === 31 ? 0xff - b : 0));
  const txA = new Uint8Array(32).fill(1);
  const txB = new Uint8Array(32).fill(2);
  const explicit = (asset: Uint8Array, value: bigint | undefined, script?: Uint8Array): Coin => ({
    out: new TxOut(
      ConfidentialAsset.fromId(asset),
      value === undefined ? ConfidentialValue.fromBytes(fromHex('08' + '11'.repeat(32))) : ConfidentialValue.fromAmount(value),
      ConfidentialNonce.NULL,
      script ?? Uint8Array.of(OP.OP_TRUE),
    ),
    height: 1,
    isCoinbase: false,
  });
  const entries = [
    { outpoint: new OutPoint(txA, 0), coin: explicit(id(2), 5n) },
    { outpoint: new OutPoint(txA, 1), coin: explicit(id(1), undefined) },
    { outpoint: new OutPoint(txB, 0), coin: explicit(id(1), 7n) },
    { outpoint: new OutPoint(txB, 1), coin: explicit(id(1), 3n, NULL_P2PKH) },
  ];
  const stats = utxoAssetStats(entries, [new OutPoint(txA, 0), new OutPoint(txA, 9)]);
  assert.deepEqual(
    stats.map((s) => [toHex(s.asset), s.spendableOuts, s.spendableAmount, s.frozenOuts, s.frozenAmount]),
    [
      [toHex(id(1)), 1, 0n, 2, 10n],
      [toHex(id(2)), 0, 0n, 0, 0n],
    ],
  );
});

test('getutxoassetinfo: -disabledoutput needs -txindex', async () => {
  const params = chainParams([`-disabledoutput=${'ab'.repeat(32)}:0`]);
  const node = await TestNode.create({ params, txindex: false });
  assert.deepEqual(await node.callError('getutxoassetinfo'), { code: -32603, message: 'Use -txindex to enable blockchain transaction queries' });
  const indexed = await TestNode.create({ params, txindex: true });
  assert.equal(((await indexed.call('getutxoassetinfo')) as unknown[]).length, 1);
});

test('pruneblockchain: this node never prunes', async () => {
  const node = await TestNode.create();
  assert.deepEqual(await node.callError('pruneblockchain', [json(10)]), { code: -32601, message: 'Cannot prune blocks because node is not in prune mode.' });
  assert.equal((await node.callError('pruneblockchain', [])).code, -1);
});
