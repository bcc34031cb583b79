// The freeze/burn list state (ocean-policy.md §4.1–4.3), the policy-asset schedule (§2.3) and the
// -recordinflation records (§4.6): block-driven updates through a real chain state, the
// never-reverted quirk, the start-up rebuild from the UTXO set.
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
  addressEntryKey,
  issuanceIds,
  policyListScript,
  toDisplayHex,
  toHex,
  type Block,
  type ChainParams,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import { CurrentPolicyAssets } from '../../src/policy/current-policy-assets.js';
import { FreezeBurnExtension } from '../../src/policy/freeze-burn-extension.js';
import { FreezeBurnLists } from '../../src/policy/freeze-burn-lists.js';
import { InflationRecords } from '../../src/policy/inflation-records.js';
import { PolicyList } from '../../src/policy/policy-list.js';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import { OP_TRUE, elementsRegtestParams, explicitOut, openSyntheticChain, syntheticBlock } from '../chain/support/regtest-chain.js';
import { KEY1 } from './support.js';

const id = (b: number): Uint8Array => new Uint8Array(20).fill(b);
const entry = (keyId: Uint8Array): Uint8Array => policyListScript(KEY1, addressEntryKey(keyId));
const p2pkh = (keyId: Uint8Array): Uint8Array => new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(keyId).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();
const hexes = (l: PolicyList): string[] => [...l].map(toHex);

test('PolicyList: a set of 20-byte ids iterated in byte order', () => {
  const l = new PolicyList([id(3), id(1)]);
  assert.equal(l.add(id(2)), true);
  assert.equal(l.add(id(2)), false);
  assert.deepEqual(hexes(l), [toHex(id(1)), toHex(id(2)), toHex(id(3))]);
  assert.deepEqual(l.hexIds(), hexes(l));
  assert.equal(l.has(id(2)), true);
  assert.equal(l.has(new Uint8Array(19)), false);
  assert.equal(l.remove(id(2)), true);
  assert.equal(l.remove(id(2)), false);
  assert.equal(l.size, 2);
  l.clear();
  assert.equal(l.size, 0);
  assert.throws(() => l.add(new Uint8Array(21)), RangeError);
});

/** elementsregtest with FREEZELIST and BURNLIST coins to OP_TRUE (and optional extra options). */
function policyParams(...extra: string[]): ChainParams {
  return elementsRegtestParams('-policycoins=50000000000000', '-freezelistcoinsdestination=51', '-burnlistcoinsdestination=51', ...extra);
}

/** The genesis OP_TRUE coins of `asset`. */
function genesisCoins(params: ChainParams, asset: Uint8Array): { outpoint: OutPoint; out: TxOut }[] {
  const found: { outpoint: OutPoint; out: TxOut }[] = [];
  for (const tx of params.genesisBlock.transactions) {
    tx.outputs.forEach((out, i) => {
      if (out.asset.isExplicit && toHex(out.asset.id) === toHex(asset) && out.scriptPubKey.length === 1) found.push({ outpoint: new OutPoint(tx.txid, i), out });
    });
  }
  return found;
}

function move(inputs: readonly OutPoint[], outputs: readonly TxOut[]): Transaction {
  const b = new TransactionBuilder();
  b.version = 2;
  for (const p of inputs) b.addInput(new TxIn(p, new Uint8Array(0), 0xffffffff));
  for (const o of outputs) b.addOutput(o);
  return b.build();
}

async function chainWithLists(params: ChainParams, switches = { freezelist: true, burnlist: true }) {
  const store = new MemoryKvStore();
  const assets = new CurrentPolicyAssets(params);
  const lists = new FreezeBurnLists(switches, assets);
  const inflation = new InflationRecords();
  const cs = await openSyntheticChain(params, store, { checkScripts: false, extensions: [new FreezeBurnExtension(assets, lists, inflation)] });
  let tip: Block = params.genesisBlock;
  let tag = 0;
  const mine = async (...txs: Transaction[]): Promise<Block> => {
    const block = syntheticBlock(tip, txs, { peggedAsset: params.peggedAsset, tag: ++tag });
    assert.equal(await cs.processBlock(block), null);
    tip = block;
    return block;
  };
  return { store, assets, lists, inflation, cs, mine };
}

test('blocks: output 0 in the list asset adds entries, spending an entry removes it (also within one block); never reverted', async () => {
  const params = policyParams();
  const freeze = params.policyAsset('freezelist')!;
  const burn = params.policyAsset('burnlist')!;
  const { lists, cs, mine } = await chainWithLists(params);
  const [f1, f2] = genesisCoins(params, freeze);
  const [b1] = genesisCoins(params, burn);
  const v = f1!.out.value.amount;

  // block 1: two freezelist entries (any asset for the other outputs), one burnlist entry
  const add = move([f1!.outpoint], [explicitOut(freeze, v - 1n, entry(id(1))), explicitOut(params.peggedAsset, 0n, OP_TRUE), explicitOut(freeze, 1n, entry(id(2)))]);
  const addBurn = move([b1!.outpoint], [explicitOut(burn, b1!.out.value.amount, entry(id(7)))]);
  // a registration output whose transaction does not start with a list-asset output: ignored
  const ignored = move([f2!.outpoint], [explicitOut(params.peggedAsset, 0n, OP_TRUE), explicitOut(freeze, f2!.out.value.amount, entry(id(9)))]);
  const block1 = await mine(add, addBurn, ignored);
  assert.deepEqual(hexes(lists.freezelist), [toHex(id(1)), toHex(id(2))]);
  assert.deepEqual(hexes(lists.burnlist), [toHex(id(7))]);

  // block 2: move entry 1 to entry 3, then (same block) spend entry 3 back to OP_TRUE
  const update = move([new OutPoint(add.txid, 0)], [explicitOut(freeze, v - 1n, entry(id(3)))]);
  const release = move([new OutPoint(update.txid, 0)], [explicitOut(freeze, v - 1n, OP_TRUE)]);
  await mine(update, release);
  assert.deepEqual(hexes(lists.freezelist), [toHex(id(2))]);

  // disconnecting blocks does not revert the lists (reference behaviour)
  await cs.invalidateBlock(block1.hash);
  assert.equal(cs.height, 0);
  assert.deepEqual(hexes(lists.freezelist), [toHex(id(2))]);
  assert.deepEqual(hexes(lists.burnlist), [toHex(id(7))]);
});

test('switches: without -freezelist / -burnlist the blocks do not touch the lists', async () => {
  const params = policyParams();
  const freeze = params.policyAsset('freezelist')!;
  const { lists, mine } = await chainWithLists(params, { freezelist: false, burnlist: true });
  const [f1] = genesisCoins(params, freeze);
  await mine(move([f1!.outpoint], [explicitOut(freeze, f1!.out.value.amount, entry(id(1)))]));
  assert.equal(lists.freezelist.size, 0);
});

test('start-up rebuild: unspent registration outputs in the list asset, nothing else', async () => {
  const params = policyParams();
  const freeze = params.policyAsset('freezelist')!;
  const burn = params.policyAsset('burnlist')!;
  const { cs, mine, lists } = await chainWithLists(params);
  const [f1, f2] = genesisCoins(params, freeze);
  const [b1] = genesisCoins(params, burn);
  const add = move([f1!.outpoint], [explicitOut(freeze, 10n, entry(id(1))), explicitOut(freeze, f1!.out.value.amount - 10n, entry(id(2)))]);
  // an entry in another asset inside a freeze update: on the block-driven list, not after a rebuild
  const mixed = move([f2!.outpoint, b1!.outpoint], [explicitOut(freeze, f2!.out.value.amount, entry(id(4))), explicitOut(burn, b1!.out.value.amount, entry(id(5)))]);
  await mine(add, mixed);
  await mine(move([new OutPoint(add.txid, 0)], [explicitOut(freeze, 10n, OP_TRUE)]));
  assert.deepEqual(hexes(lists.freezelist), [toHex(id(2)), toHex(id(4)), toHex(id(5))]);

  const rebuilt = new FreezeBurnLists({ freezelist: true, burnlist: true }, new CurrentPolicyAssets(params));
  rebuilt.rebuildFromUtxo(cs.unspentOutputs());
  assert.deepEqual(hexes(rebuilt.freezelist), [toHex(id(2)), toHex(id(4))]);
  assert.deepEqual(hexes(rebuilt.burnlist), [toHex(id(5))]);
  const off = new FreezeBurnLists({ freezelist: false, burnlist: true }, new CurrentPolicyAssets(params));
  off.rebuildFromUtxo(cs.unspentOutputs());
  assert.equal(off.freezelist.size, 0);
  assert.deepEqual(hexes(off.burnlist), [toHex(id(5))]);
});

test('policy asset change (§2.3): from the change height the new asset updates the list; -burnlistassetchange moves the freezelist (quirk)', async () => {
  const base = policyParams();
  const burn = base.policyAsset('burnlist')!;
  const freeze = base.policyAsset('freezelist')!;
  const params = policyParams(`-burnlistassetchange=${toDisplayHex(burn)}:3`);
  const assets = new CurrentPolicyAssets(params);
  assets.advanceTo(2);
  assert.equal(toHex(assets.get('freezelist')!), toHex(freeze));
  assets.advanceTo(3);
  assert.equal(toHex(assets.get('freezelist')!), toHex(burn), 'the burnlist change lands on the freezelist');
  assert.equal(toHex(assets.get('burnlist')!), toHex(burn));
  assets.advanceTo(1);
  assert.equal(toHex(assets.get('freezelist')!), toHex(burn), 'never reverted');

  const { lists, mine } = await chainWithLists(params, { freezelist: true, burnlist: false });
  const [f1, f2] = genesisCoins(params, freeze);
  const [b1] = genesisCoins(params, burn);
  await mine(move([f1!.outpoint], [explicitOut(freeze, f1!.out.value.amount, entry(id(1)))]));
  await mine();
  await mine(
    move([f2!.outpoint], [explicitOut(freeze, f2!.out.value.amount, entry(id(2)))]),
    move([b1!.outpoint], [explicitOut(burn, b1!.out.value.amount, entry(id(3)))]),
  );
  assert.deepEqual(hexes(lists.freezelist), [toHex(id(1)), toHex(id(3))], 'height 3: only the new asset updates; entries made before remain');
});

test('-recordinflation: new issuances on input 0; frozen outputs with start/end heights; burns leave end at 0', () => {
  const r = new InflationRecords();
  const asset = new Uint8Array(32).fill(0xa1);
  const prevout = new OutPoint(new Uint8Array(32).fill(5), 1);
  const b = new TransactionBuilder();
  b.addInput(new TxIn(prevout, new Uint8Array(0), 0xffffffff, new AssetIssuance(new Uint8Array(32), new Uint8Array(32).fill(3), ConfidentialValue.fromAmount(10n), ConfidentialValue.fromAmount(1n))));
  b.addOutput(explicitOut(asset, 1n));
  const issue = b.build();
  r.connectTransaction(issue, 5);
  const ids = issuanceIds(issue.inputs[0]!)!;
  assert.equal(r.issuances.length, 1);
  assert.equal(toHex(r.issuanceOf(ids.asset)!.entropy), toHex(ids.entropy));
  assert.equal(toHex(r.issuanceOf(ids.asset)!.token), toHex(ids.token));
  // a reissuance is not recorded
  const rb = new TransactionBuilder();
  rb.addInput(new TxIn(prevout, new Uint8Array(0), 0xffffffff, new AssetIssuance(new Uint8Array(32).fill(1), ids.entropy, ConfidentialValue.fromAmount(10n), ConfidentialValue.NULL)));
  rb.addOutput(explicitOut(asset, 1n));
  r.connectTransaction(rb.build(), 6);
  assert.equal(r.issuances.length, 1);

  // a redemption: null address + two P2PKH + one OP_TRUE output; the P2PKH ones are frozen
  const freeze = move([new OutPoint(new Uint8Array(32).fill(6), 0)], [
    explicitOut(asset, 1n, p2pkh(id(1))),
    explicitOut(asset, 2n, p2pkh(new Uint8Array(20))),
    explicitOut(asset, 3n, OP_TRUE),
    explicitOut(asset, 4n, p2pkh(id(2))),
  ]);
  r.connectTransaction(freeze, 7);
  r.connectTransaction(freeze, 8); // recorded once
  assert.deepEqual(
    r.freezeHistory.map((f) => [f.outpoint.index, f.value, f.freezeHeight, f.spendHeight]),
    [
      [0, 1n, 7, 0],
      [3, 4n, 7, 0],
    ],
  );
  r.connectTransaction(move([new OutPoint(freeze.txid, 0)], [explicitOut(asset, 1n, OP_TRUE)]), 9);
  r.connectTransaction(move([new OutPoint(freeze.txid, 3)], [explicitOut(asset, 4n, Uint8Array.of(OP.OP_RETURN))]), 10);
  assert.deepEqual(
    r.freezeHistory.map((f) => f.spendHeight),
    [9, 0],
  );
});
