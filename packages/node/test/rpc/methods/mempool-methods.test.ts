// getmempoolentry / getmempoolancestors / getmempooldescendants / prioritisetransaction and the
// Core 0.14 entry object (with coin-age priorities), on an in-process regtest node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareBytes, fromDisplayHex } from '@ocean-ts/core';
import { modifiedSize } from '../../../src/rpc/methods/mempool-entry-json.js';
import { TestNode, coinsOf, genesisCoins, json, spend } from './support/test-node.js';

const ENTRY_KEYS = [
  'size', 'fee', 'modifiedfee', 'time', 'height', 'startingpriority', 'currentpriority', 'descendantcount',
  'descendantsize', 'descendantfees', 'ancestorcount', 'ancestorsize', 'ancestorfees', 'depends',
];

async function chainOfThree(): Promise<{ node: TestNode; a: string; b: string; c: string; coinValue: bigint }> {
  const node = await TestNode.create();
  await node.generate(2); // the genesis coins are 2 blocks old
  const coin = genesisCoins(node.params)[0]!;
  const a = spend([coin], 10_000n, 2);
  const b = spend([coinsOf(a)[0]!], 20_000n);
  const c = spend([coinsOf(b)[0]!, coinsOf(a)[1]!], 30_000n);
  for (const tx of [a, b, c]) await node.accept(tx);
  return { node, a: a.txidHex, b: b.txidHex, c: c.txidHex, coinValue: coin.out.value.amount };
}

test('getmempoolentry: Core 0.14 field order, fees, package statistics and depends', async () => {
  const { node, a, b, c } = await chainOfThree();
  const e = (await node.call('getmempoolentry', [a])) as Record<string, unknown>;
  assert.deepEqual(Object.keys(e), ENTRY_KEYS);
  assert.equal(e['fee'], 0.0001);
  assert.equal(e['modifiedfee'], 0.0001);
  assert.equal(e['height'], 2);
  assert.equal(e['time'], node.time);
  assert.equal(e['descendantcount'], 3);
  assert.equal(e['ancestorcount'], 1);
  assert.equal(e['descendantfees'], 60_000);
  assert.deepEqual(e['depends'], []);
  const ec = (await node.call('getmempoolentry', [c])) as Record<string, unknown>;
  assert.equal(ec['ancestorcount'], 3);
  assert.equal(ec['ancestorfees'], 60_000);
  assert.deepEqual(ec['depends'], [a, b].sort());
  // The raw mempool uses the same object.
  const raw = (await node.call('getrawmempool', [true])) as Record<string, unknown>;
  assert.deepEqual(raw[a], e);
});

test('getmempoolentry: priorities grow with the age of confirmed inputs only', async () => {
  const { node, a, b, coinValue } = await chainOfThree();
  const tx = node.mempool.get(a)!.tx;
  const ea = (await node.call('getmempoolentry', [a])) as Record<string, number>;
  // the genesis coin (height 0) is 2 blocks old at entry height 2
  // UniValue prints doubles with 16 significant digits
  const g16 = (x: number) => Number(x.toPrecision(16));
  assert.equal(ea['startingpriority'], g16((Number(coinValue) * 2) / modifiedSize(tx)));
  assert.equal(ea['currentpriority'], ea['startingpriority']);
  // b spends an unconfirmed output: no priority
  const eb = (await node.call('getmempoolentry', [b])) as Record<string, number>;
  assert.equal(eb['startingpriority'], 0);
  // Mine a block that leaves the pool alone (empty source) — the tip moves, a's priority grows.
  node.time++;
  const { block } = node.assembler.createNewBlock({ tip: node.tipInfo(), ancestors: node.ancestors(), now: node.time, coinbaseScript: Uint8Array.of(0x51), extraNonce: 9, source: { candidates: () => [] } });
  assert.equal(await node.processBlock(block), null);
  const later = (await node.call('getmempoolentry', [a])) as Record<string, number>;
  const modSize = modifiedSize(tx, node.mempool.get(a)!.vsize);
  assert.equal(later['currentpriority'], g16((Number(coinValue) * 2) / modifiedSize(tx) + Number(coinValue) / modSize));
  assert.equal(later['startingpriority'], ea['startingpriority']);
  assert.match(await node.callText('getmempoolentry', [a]), /"startingpriority":\d+(\.\d+)?(e\+\d+)?,/);
});

test('getmempoolentry: -5 for a transaction not in the pool, -8 for a malformed txid', async () => {
  const node = await TestNode.create();
  assert.deepEqual(await node.callError('getmempoolentry', ['00'.repeat(32)]), { code: -5, message: 'Transaction not in mempool' });
  assert.equal((await node.callError('getmempoolentry', ['zz'])).code, -8);
  assert.equal((await node.callError('getmempoolentry', [])).code, -1);
});

test('getmempoolancestors / getmempooldescendants: sets without the transaction, ordered by hash; verbose objects', async () => {
  const { node, a, b, c } = await chainOfThree();
  const byHash = (ids: string[]) => [...ids].sort((x, y) => compareBytes(fromDisplayHex(x), fromDisplayHex(y)));
  assert.deepEqual(await node.call('getmempoolancestors', [c]), byHash([a, b]));
  assert.deepEqual(await node.call('getmempoolancestors', [a]), []);
  assert.deepEqual(await node.call('getmempooldescendants', [a]), byHash([b, c]));
  assert.deepEqual(await node.call('getmempooldescendants', [c]), []);
  const verbose = (await node.call('getmempoolancestors', [c, true])) as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(verbose), byHash([a, b]));
  assert.deepEqual(Object.keys(verbose[a]!), ENTRY_KEYS);
  const dverbose = (await node.call('getmempooldescendants', [b, true])) as Record<string, unknown>;
  assert.deepEqual(Object.keys(dverbose), [c]);
  assert.deepEqual(await node.callError('getmempooldescendants', ['11'.repeat(32)]), { code: -5, message: 'Transaction not in mempool' });
  // Core reads `verbose` with get_bool whenever it is present
  assert.deepEqual(await node.callError('getmempoolancestors', [c, null]), { code: -1, message: 'JSON value is not a boolean as expected' });
});

test('prioritisetransaction: changes modifiedfee and the package fees, also before the transaction arrives', async () => {
  const { node, a, c } = await chainOfThree();
  assert.equal(await node.call('prioritisetransaction', [a, json(0), json(50_000)]), true);
  const e = (await node.call('getmempoolentry', [a])) as Record<string, number>;
  assert.equal(e['fee'], 0.0001);
  assert.equal(e['modifiedfee'], 0.0006);
  assert.equal(e['descendantfees'], 110_000);
  const ec = (await node.call('getmempoolentry', [c])) as Record<string, number>;
  assert.equal(ec['ancestorfees'], 110_000);
  // negative deltas and a priority delta as a real number
  await node.call('prioritisetransaction', [a, json(1.5), json(-70_000)]);
  assert.equal(((await node.call('getmempoolentry', [a])) as Record<string, number>)['modifiedfee'], -0.0001);

  // A delta for a transaction that is not in the pool yet applies when it arrives.
  const later = spend([genesisCoins(node.params)[1]!], 10_000n);
  await node.call('prioritisetransaction', [later.txidHex.toUpperCase(), json(0), json(1)]);
  await node.accept(later);
  assert.equal(((await node.call('getmempoolentry', [later.txidHex])) as Record<string, number>)['modifiedfee'], 0.00010001);
});

test('prioritisetransaction: Core 0.14 argument checks', async () => {
  const node = await TestNode.create();
  const id = '00'.repeat(32);
  assert.deepEqual(await node.callError('prioritisetransaction', ['xyz', json(0), json(1)]), { code: -1, message: "txid must be hexadecimal string (not 'xyz')" });
  assert.deepEqual(await node.callError('prioritisetransaction', [id, json(0), json(1.5)]), { code: -1, message: 'JSON integer out of range' });
  assert.deepEqual(await node.callError('prioritisetransaction', [id, json(0), '1']), { code: -1, message: 'JSON value is not an integer as expected' });
  assert.deepEqual(await node.callError('prioritisetransaction', [id, 'x', json(1)]), { code: -1, message: 'JSON value is not a number as expected' });
  assert.equal((await node.callError('prioritisetransaction', [id, json(0)])).code, -1);
  // a short hex is padded like uint256::SetHex
  assert.equal(await node.call('prioritisetransaction', ['ab', json(0), json(1)]), true);
});
