/**
 * How a block reaches the store: a block on the tip is stored and connected in one commit (also
 * when it fails, or when its checks cannot be run); a block off the tip is stored first, then
 * activated. Recently stored blocks are served decoded from memory; small blocks skip the script
 * verifier.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex, type Block, type Reject, type ScriptCheck } from '@ocean-ts/core';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import type { WriteBatch } from '../../src/storage/write-batch.js';
import { CHAIN_LAYOUT, TIP_KEY } from '../../src/chain/layout.js';
import { BlockStatus } from '../../src/chain/block-status.js';
import { BlockIndexEntry } from '../../src/chain/block-index-entry.js';
import { InlineScriptVerifier, type BatchOptions, type ScriptCheckBatch, type ScriptVerifier } from '../../src/verify/script-verifier.js';
import { ChainBuilder, openRegtest, regtestParams, secp } from './support/regtest-chain.js';
import { freshReplay, processAll, snapshot } from './support/helpers.js';

const genesis = () => regtestParams().genesisBlock;

/** A MemoryKvStore that records every batch written. */
class RecordingStore extends MemoryKvStore {
  readonly batches: WriteBatch[] = [];
  override async write(batch: WriteBatch): Promise<void> {
    this.batches.push(batch);
    return super.write(batch);
  }
}

const keyHex = (prefix: 'block' | 'index', hash: Uint8Array) => toHex(CHAIN_LAYOUT.key(prefix, hash));
const puts = (batch: WriteBatch) => new Set(batch.ops.filter((op) => op.type === 'put').map((op) => toHex(op.key)));
const indexStatus = (store: MemoryKvStore, hash: Uint8Array) => BlockIndexEntry.decode(store.get(CHAIN_LAYOUT.key('index', hash))!).status;

test('a block on the tip: stored and connected in one commit (block, index entry, coins, tip); a restart finds the same state', async () => {
  const store = new RecordingStore();
  const cs = await openRegtest(store);
  const chain = ChainBuilder.fromGenesis(genesis());
  const blocks = chain.extend(4);
  for (const block of blocks) {
    const before = store.batches.length;
    assert.equal(await cs.processBlock(block), null);
    assert.equal(store.batches.length - before, 1, `block ${block.header.height}: one commit`);
    const written = puts(store.batches[store.batches.length - 1]!);
    assert.ok(written.has(keyHex('block', block.hash)), 'the block');
    assert.ok(written.has(keyHex('index', block.hash)), 'its index entry');
    assert.ok(written.has(toHex(TIP_KEY)), 'the tip');
    assert.ok(indexStatus(store, block.hash) & BlockStatus.VALID_SCRIPTS, 'stored as connected');
  }
  const reopened = await openRegtest(store);
  assert.deepEqual(snapshot(reopened, store), snapshot(cs, store));
  assert.deepEqual(snapshot(cs, store), await freshReplay(blocks));
  assert.deepEqual(reopened.getBlock(blocks[0]!.hash)?.toBytes(), blocks[0]!.toBytes());
});

test('a block on the tip that fails to connect: stored marked failed in one commit, the tip untouched', async () => {
  const store = new RecordingStore();
  const cs = await openRegtest(store);
  const main = ChainBuilder.fromGenesis(genesis());
  await processAll(cs, main.extend(2));
  const before = snapshot(cs, store);
  // a wallet that still thinks genesis coin 0 (spent at height 1) is unspent: its block double-spends
  const stale = ChainBuilder.fromGenesis(genesis(), 9);
  stale.tip = main.tip;
  const doubleSpend = stale.next({ spends: 1 });
  const writes = store.batches.length;
  assert.equal((await cs.processBlock(doubleSpend))?.reason, 'bad-txns-inputs-missingorspent');
  assert.equal(store.batches.length - writes, 1, 'one commit');
  assert.ok(!puts(store.batches[store.batches.length - 1]!).has(toHex(TIP_KEY)));
  assert.ok(indexStatus(store, doubleSpend.hash) & BlockStatus.FAILED);
  assert.equal(cs.getEntry(doubleSpend.hash)?.isFailed, true);
  assert.deepEqual(snapshot(cs, store), before);
  const reopened = await openRegtest(store);
  assert.equal(reopened.getEntry(doubleSpend.hash)?.isFailed, true, 'the failure is stored');
  assert.deepEqual(snapshot(reopened, store), before);
});

test('a block off the tip is stored first, then activated: a longer fork reorganises as before', async () => {
  const store = new RecordingStore();
  const cs = await openRegtest(store);
  const base = ChainBuilder.fromGenesis(genesis());
  base.extend(2);
  const a = base.clone(1);
  const b = base.clone(2);
  a.extend(1);
  b.extend(2);
  await processAll(cs, [...base.blocks, ...a.blocks]);
  const writes = store.batches.length;
  await processAll(cs, b.blocks.slice(0, 1)); // equal height: stored, not connected
  assert.equal(store.batches.length - writes, 1);
  assert.ok(!puts(store.batches[store.batches.length - 1]!).has(toHex(TIP_KEY)));
  assert.deepEqual(cs.tip.hash, a.tip.hash);
  await processAll(cs, b.blocks.slice(1)); // on the old tip? no: on b's first block — a reorg
  assert.deepEqual(cs.tip.hash, b.tip.hash);
  assert.deepEqual(snapshot(cs, store), await freshReplay([...base.blocks, ...b.blocks]));
});

/** A script verifier that throws when asked to verify (the machinery failing, not a reject). */
class FailingVerifier implements ScriptVerifier {
  failing = true;
  begins = 0;
  private readonly inline = new InlineScriptVerifier(secp);
  verify(checks: readonly ScriptCheck[]): Promise<Reject | null> {
    return this.failing ? Promise.reject(new Error('verifier is down')) : this.inline.verify(checks);
  }
  begin(_options?: BatchOptions): ScriptCheckBatch {
    this.begins++;
    const checks: ScriptCheck[] = [];
    return { add: (c) => checks.push(c), finish: () => this.verify(checks), abandon: () => undefined };
  }
}

test('a block on the tip whose checks cannot be run: stored unconnected, the error propagates, it connects on the next activation', async () => {
  const store = new RecordingStore();
  const verifier = new FailingVerifier();
  verifier.failing = false;
  const cs = await openRegtest(store, { scriptVerifier: verifier, poolMinBlockCost: 0 });
  const chain = ChainBuilder.fromGenesis(genesis());
  const [b1, b2] = chain.extend(2) as [Block, Block];
  assert.equal(await cs.processBlock(b1), null);
  verifier.failing = true;
  await assert.rejects(cs.processBlock(b2), /verifier is down/);
  assert.equal(cs.height, 1);
  const entry = cs.getEntry(b2.hash);
  assert.ok(entry?.haveData && !entry.isFailed && !entry.wasConnected, 'stored, neither failed nor connected');
  assert.ok(store.get(CHAIN_LAYOUT.key('block', b2.hash)), 'the block is in the store');
  verifier.failing = false;
  await cs.activateBestChain();
  assert.deepEqual(cs.tip.hash, b2.hash);
  assert.deepEqual(snapshot(cs, store), await freshReplay([b1, b2]));
});

test('small blocks skip the script verifier (inline checks); poolMinBlockCost 0 sends every block with transactions to it', async () => {
  for (const [minCost, expected] of [
    [undefined, 0],
    [0, 3],
  ] as const) {
    const verifier = new FailingVerifier();
    verifier.failing = false;
    const cs = await openRegtest(new MemoryKvStore(), { scriptVerifier: verifier, ...(minCost === undefined ? {} : { poolMinBlockCost: minCost }) });
    const opened = verifier.begins;
    await processAll(cs, ChainBuilder.fromGenesis(genesis()).extend(3));
    assert.equal(verifier.begins - opened, expected, `poolMinBlockCost ${minCost ?? 'default'}`);
  }
});

test('recently stored blocks are served decoded from memory (the same object); older ones are read back equal', async () => {
  const cs = await openRegtest(new MemoryKvStore());
  const blocks = ChainBuilder.fromGenesis(genesis()).extend(8);
  await processAll(cs, blocks);
  const last = blocks[blocks.length - 1]!;
  assert.equal(cs.getBlock(last.hash), last, 'the block just connected');
  const first = blocks[0]!;
  const readBack = cs.getBlock(first.hash);
  assert.notEqual(readBack, first, 'an older block comes from the store');
  assert.deepEqual(readBack?.toBytes(), first.toBytes());
});
