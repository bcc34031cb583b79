// The freezelist / burnlist RPCs (rpc spec §3.1) with their exact errors, getfreezehistory (policy
// §4.6) and getutxoassetinfo's -recordinflation fields (§4.5), on an in-process node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssetIssuance,
  ConfidentialValue,
  OP,
  OutPoint,
  ScriptBuilder,
  TransactionBuilder,
  TxIn,
  addressForDestination,
  issuanceIds,
  toDisplayHex,
} from '@ocean-ts/core';
import { CurrentPolicyAssets } from '../../../src/policy/current-policy-assets.js';
import { FreezeBurnLists } from '../../../src/policy/freeze-burn-lists.js';
import { InflationRecords } from '../../../src/policy/inflation-records.js';
import { TestNode, genesisCoins, json } from './support/test-node.js';
import { explicitOut } from '../../chain/support/regtest-chain.js';

const KEY_ID = new Uint8Array(20).fill(0x11);
const p2pkh = (id: Uint8Array): Uint8Array => new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(id).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();

/**
 * A node whose freeze/burn RPCs and getutxoassetinfo read `lists` / `records`: the methods read the
 * context's `freezeBurnLists` / `inflationRecords` at call time, as they do on FullNode.
 */
async function nodeWith(lists: FreezeBurnLists | undefined, records: InflationRecords | undefined, recordInflation = false): Promise<TestNode> {
  const node = await TestNode.create({ recordInflation });
  return Object.assign(node, { freezeBurnLists: lists, inflationRecords: records });
}

test('freezelist / burnlist RPCs: add, query, remove, clear on the node’s lists; addresses outside the wallet work', async () => {
  const lists = new FreezeBurnLists({ freezelist: false, burnlist: false }, new CurrentPolicyAssets((await TestNode.create()).params));
  const node = await nodeWith(lists, undefined);
  const addr = addressForDestination({ type: 'keyhash', hash: KEY_ID }, node.params.base58);
  for (const list of ['freezelist', 'burnlist'] as const) {
    assert.equal(await node.call(`query${list}`, [addr]), false);
    assert.equal(await node.call(`addto${list}`, [addr]), null);
    assert.equal(await node.call(`query${list}`, [addr]), true);
    assert.equal(lists[list].has(KEY_ID), true, 'the RPC edits the list the mempool reads');
    assert.equal(await node.call(`removefrom${list}`, [addr]), null);
    assert.equal(await node.call(`query${list}`, [addr]), false);
    await node.call(`addto${list}`, [addr]);
    assert.equal(await node.call(`clear${list}`), null);
    assert.equal(lists[list].size, 0);
  }
  assert.equal(lists.freezelist.size + lists.burnlist.size, 0);
  await node.call('addtofreezelist', [addr]);
  assert.equal(await node.call('queryburnlist', [addr]), false, 'the lists are separate');
});

test('freezelist / burnlist RPCs: -5 `Invalid  address` (two spaces), -5 `Invalid key id` for P2SH, usage errors', async () => {
  const node = await TestNode.create();
  const p2sh = addressForDestination({ type: 'scripthash', hash: KEY_ID }, node.params.base58);
  for (const name of ['addtofreezelist', 'removefromfreezelist', 'queryfreezelist', 'addtoburnlist', 'removefromburnlist', 'queryburnlist']) {
    assert.deepEqual(await node.callError(name, ['notanaddress']), { code: -5, message: 'Invalid  address' }, name);
    assert.deepEqual(await node.callError(name, [p2sh]), { code: -5, message: 'Invalid key id' }, name);
    const usage = await node.callError(name, []);
    assert.equal(usage.code, -1);
    assert.ok(usage.message.startsWith(`${name} "address"`), usage.message);
  }
  for (const name of ['clearfreezelist', 'clearburnlist']) {
    assert.equal((await node.callError(name, [json('x')])).code, -1);
  }
  // without node lists the RPCs still answer (a private pair)
  const addr = addressForDestination({ type: 'keyhash', hash: KEY_ID }, node.params.base58);
  await node.call('addtoburnlist', [addr]);
  assert.equal(await node.call('queryburnlist', [addr]), true);
});

test('getfreezehistory: no parameter accepted; entries as {txid, vout, asset, value, start, end}', async () => {
  const records = new InflationRecords();
  const node = await nodeWith(undefined, records, true);
  assert.deepEqual(await node.call('getfreezehistory'), []);
  const usage = await node.callError('getfreezehistory', [json(5)]);
  assert.equal(usage.code, -1);
  assert.ok(usage.message.startsWith('getfreezehistory\n'));

  const asset = node.params.peggedAsset;
  const b = new TransactionBuilder();
  b.addInput(new TxIn(new OutPoint(new Uint8Array(32).fill(1), 0), new Uint8Array(0), 0xffffffff));
  b.addOutput(explicitOut(asset, 85274433n, p2pkh(new Uint8Array(20))));
  b.addOutput(explicitOut(asset, 1749077796642977n, p2pkh(KEY_ID)));
  const redemption = b.build();
  records.connectTransaction(redemption, 37);
  const spendB = new TransactionBuilder();
  spendB.addInput(new TxIn(new OutPoint(redemption.txid, 1), new Uint8Array(0), 0xffffffff));
  spendB.addOutput(explicitOut(asset, 1n, p2pkh(KEY_ID)));
  records.connectTransaction(spendB.build(), 45);
  assert.equal(
    await node.callText('getfreezehistory'),
    `[{"txid":"${redemption.txidHex}","vout":1,"asset":"${toDisplayHex(asset)}","value":17490777.96642977,"start":37,"end":45}]`,
  );
});

test('getutxoassetinfo with -recordinflation: entropy and token of recorded issuances, "null" otherwise', async () => {
  const records = new InflationRecords();
  const node = await nodeWith(undefined, records, true);
  const [coin] = genesisCoins(node.params);
  const input = new TxIn(coin!.outpoint, new Uint8Array(0), 0xffffffff, new AssetIssuance(new Uint8Array(32), new Uint8Array(32).fill(4), ConfidentialValue.fromAmount(500n), ConfidentialValue.fromAmount(1n)));
  const ids = issuanceIds(input)!;
  const b = new TransactionBuilder();
  b.version = 2;
  b.addInput(input);
  b.addOutput(coin!.out);
  b.addOutput(explicitOut(ids.asset, 500n));
  b.addOutput(explicitOut(ids.token, 1n));
  const issue = b.build();
  await node.accept(issue);
  await node.generate(1);
  const rowsBefore = (await node.call('getutxoassetinfo')) as { asset: string; entropy: string; token: string }[];
  assert.ok(rowsBefore.some((r) => r.asset === toDisplayHex(ids.asset)));
  for (const row of rowsBefore) assert.deepEqual([row.entropy, row.token], ['null', 'null'], 'nothing recorded yet');
  records.connectTransaction(issue, 1);
  const rows = (await node.call('getutxoassetinfo')) as Record<string, unknown>[];
  for (const row of rows) {
    assert.deepEqual(Object.keys(row), ['asset', 'spendabletxouts', 'amountspendable', 'frozentxouts', 'amountfrozen', 'entropy', 'token']);
    if (row.asset === toDisplayHex(ids.asset)) assert.deepEqual([row.entropy, row.token], [toDisplayHex(ids.entropy), toDisplayHex(ids.token)]);
    else assert.deepEqual([row.entropy, row.token], ['null', 'null'], String(row.asset));
  }
  // without -recordinflation the fields are absent
  const plain = await nodeWith(undefined, records, false);
  const plainRows = (await plain.call('getutxoassetinfo')) as Record<string, unknown>[];
  assert.ok(plainRows.every((r) => !('entropy' in r) && !('token' in r)));
});
