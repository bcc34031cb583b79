import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import { WalletLedger } from '../../../src/wallet/ledger/index.js';
import {
  ASSET_A,
  ASSET_B,
  COIN,
  MINE,
  MINE2,
  OTHER,
  TableIsMine,
  TestChain,
  WATCH,
  WATCH_UNSOLVABLE,
  fee,
  named,
  out,
  receive,
  tx,
} from './support.js';

async function setup(now = 1_700_000_000) {
  const store = new MemoryKvStore();
  const isMine = new TableIsMine();
  const ledger = await WalletLedger.open(store, { isMine, now: () => now });
  const chain = new TestChain();
  const connect = async (txs = [] as ReturnType<typeof tx>[], cb = [] as ReturnType<typeof out>[]) => {
    const b = chain.add(txs, cb);
    await ledger.blockConnected({ block: b, height: chain.tipHeight });
    return b;
  };
  const disconnect = async () => {
    const [b] = chain.truncate(chain.tipHeight - 1);
    await ledger.blockDisconnected({ block: b!, height: chain.tipHeight + 1 });
    return b!;
  };
  return { store, isMine, ledger, chain, connect, disconnect };
}

test('received outputs count per asset once confirmed; an unconfirmed receipt from others is unconfirmed balance', async () => {
  const { ledger, connect } = await setup();
  const r1 = receive([out(ASSET_A, 5n * COIN, MINE), out(ASSET_B, 3n * COIN, MINE), out(ASSET_A, 7n * COIN, OTHER)]);
  const unrelated = receive([out(ASSET_A, 9n * COIN, OTHER)]);
  await connect([r1, unrelated]);
  assert.equal(ledger.size, 1, 'only the transaction paying us is kept');
  assert.deepEqual(named(ledger.getBalance()), { A: 5n * COIN, B: 3n * COIN });
  assert.deepEqual(named(ledger.getUnconfirmedBalance()), {});
  assert.equal(ledger.depth(ledger.get(r1.txid)!), 1);

  const r2 = receive([out(ASSET_A, 2n * COIN, MINE2)]);
  await ledger.transactionAddedToMempool(r2);
  assert.deepEqual(named(ledger.getBalance()), { A: 5n * COIN, B: 3n * COIN });
  assert.deepEqual(named(ledger.getUnconfirmedBalance()), { A: 2n * COIN }, 'not from us: untrusted');
  const b = ledger.balances();
  assert.deepEqual(named(b.trusted), { A: 5n * COIN, B: 3n * COIN });
  assert.deepEqual(named(b.unconfirmed), { A: 2n * COIN });

  // It leaves the mempool (expiry): neither trusted nor pending any more.
  await ledger.transactionRemovedFromMempool(r2.txid, 'expiry');
  assert.deepEqual(named(ledger.getUnconfirmedBalance()), {});
  assert.deepEqual(named(ledger.getBalance()), { A: 5n * COIN, B: 3n * COIN });
  // Asset order of the map is the asset-id order.
  assert.deepEqual(ledger.getBalance().entries().map((e) => e.amount), [5n * COIN, 3n * COIN]);
});

test('our own unconfirmed spend: change is trusted while in the mempool, the spent input stays spent until abandoned', async () => {
  const { ledger, connect } = await setup();
  const r1 = receive([out(ASSET_A, 5n * COIN, MINE), out(ASSET_B, 3n * COIN, MINE)]);
  await connect([r1]);
  const spend = tx([[r1, 0]], [out(ASSET_A, 4n * COIN, OTHER), out(ASSET_A, 90_000_000n, MINE2), fee(ASSET_A, 10_000_000n)]);

  assert.equal(await ledger.abandonTransaction(spend.txid), 'not-found');
  await ledger.transactionAddedToMempool(spend);
  const w = ledger.get(spend.txid)!;
  assert.ok(ledger.isFromMe(spend));
  assert.ok(ledger.isTrusted(w), 'from us, in the mempool, spending our spendable outputs');
  assert.deepEqual(named(ledger.getBalance()), { A: 90_000_000n, B: 3n * COIN });
  assert.deepEqual(named(ledger.debit(spend, 7)), { A: 5n * COIN });
  assert.deepEqual(named(ledger.credit(w, 4)), { A: 90_000_000n });
  assert.equal(await ledger.abandonTransaction(spend.txid), 'not-eligible', 'in the mempool');

  // Evicted: the change is no longer trusted, but the input is still spent by a live transaction.
  await ledger.transactionRemovedFromMempool(spend.txid, 'sizelimit');
  assert.equal(ledger.isTrusted(ledger.get(spend.txid)!), false);
  assert.deepEqual(named(ledger.getBalance()), { B: 3n * COIN }, 'no unspent A output: no A entry (as CAmountMap +=)');
  assert.ok(ledger.isSpent(r1.txid, 0));

  // A child spending the change and a grandchild, also out of the mempool, are abandoned with it
  // (ADR 0027: Core 0.14 stops at the children).
  const child = tx([[spend, 1]], [out(ASSET_A, 80_000_000n, MINE), fee(ASSET_A, 10_000_000n)]);
  const grandchild = tx([[child, 0]], [out(ASSET_A, 70_000_000n, OTHER), fee(ASSET_A, 10_000_000n)]);
  await ledger.addTransaction(child, { fromMe: true });
  await ledger.addTransaction(grandchild, { fromMe: true });
  assert.equal(await ledger.abandonTransaction(spend.txid), 'abandoned');
  assert.equal(ledger.get(spend.txid)!.record.status.kind, 'abandoned');
  assert.equal(ledger.get(child.txid)!.record.status.kind, 'abandoned');
  assert.equal(ledger.get(grandchild.txid)!.record.status.kind, 'abandoned');
  assert.equal(ledger.isSpent(child.txid, 0), false);
  assert.equal(ledger.isSpent(r1.txid, 0), false);
  assert.deepEqual(named(ledger.getBalance()), { A: 5n * COIN, B: 3n * COIN });

  // Seen in the mempool again: no longer abandoned.
  await ledger.transactionAddedToMempool(spend);
  assert.equal(ledger.get(spend.txid)!.record.status.kind, 'unconfirmed');
  assert.deepEqual(named(ledger.getBalance()), { A: 90_000_000n, B: 3n * COIN });

  // Confirmed: not eligible either.
  await connect([spend]);
  assert.equal(await ledger.abandonTransaction(spend.txid), 'not-eligible');
  assert.equal(ledger.depth(ledger.get(spend.txid)!), 1);
});

test('a block double-spending our transaction conflicts it and its descendants; disconnecting the block undoes it', async () => {
  const { ledger, connect, disconnect, chain } = await setup();
  const r1 = receive([out(ASSET_A, 5n * COIN, MINE)]);
  await connect([r1]);
  const spend = tx([[r1, 0]], [out(ASSET_A, 1n * COIN, OTHER), out(ASSET_A, 39n * 10_000_000n, MINE2), fee(ASSET_A, 10_000_000n)]);
  const child = tx([[spend, 1]], [out(ASSET_A, 38n * 10_000_000n, MINE), fee(ASSET_A, 10_000_000n)]);
  await ledger.transactionAddedToMempool(spend);
  await ledger.transactionAddedToMempool(child);
  assert.deepEqual(named(ledger.getBalance()), { A: 38n * 10_000_000n });

  // Another copy of the wallet spent the same coin; the block confirms that one.
  const doubleSpend = tx([[r1, 0]], [out(ASSET_A, 49n * 10_000_000n, OTHER), fee(ASSET_A, 10_000_000n)]);
  await ledger.transactionRemovedFromMempool(spend.txid, 'conflict');
  await ledger.transactionRemovedFromMempool(child.txid, 'conflict');
  const conflictBlock = await connect([doubleSpend]);
  assert.equal(ledger.depth(ledger.get(spend.txid)!), -1);
  assert.equal(ledger.depth(ledger.get(child.txid)!), -1, 'descendant conflicted too');
  assert.equal(ledger.get(doubleSpend.txid)?.record.status.kind, 'confirmed', 'the double spend is ours (debits us)');
  assert.deepEqual(named(ledger.getBalance()), {});
  assert.equal(await ledger.abandonTransaction(spend.txid), 'abandoned', 'conflicted: nothing to do but allowed');
  assert.equal(ledger.get(spend.txid)!.record.status.kind, 'conflicted', 'conflicted stays conflicted');
  await connect([]);
  assert.equal(ledger.depth(ledger.get(spend.txid)!), -2);

  // Reorg the conflicting block away.
  await disconnect();
  const gone = await disconnect();
  assert.equal(gone.hash.toString(), conflictBlock.hash.toString());
  assert.equal(ledger.tip!.height, chain.tipHeight);
  assert.equal(ledger.depth(ledger.get(spend.txid)!), 0);
  assert.equal(ledger.depth(ledger.get(child.txid)!), 0);
  assert.equal(ledger.depth(ledger.get(doubleSpend.txid)!), 0);
  // The r1 output is spent by unconfirmed, unabandoned transactions: nothing available.
  assert.deepEqual(named(ledger.getBalance()), {});
  assert.equal(ledger.isSpent(r1.txid, 0), true);
  // The mempool takes ours back (the lead resurrects block transactions and re-accepts wallet ones).
  await ledger.transactionAddedToMempool(spend);
  await ledger.transactionAddedToMempool(child);
  assert.deepEqual(named(ledger.getBalance()), { A: 38n * 10_000_000n });
});

test('reorg: transactions of disconnected blocks become unconfirmed and confirm again on the new branch', async () => {
  const { ledger, connect, disconnect } = await setup();
  const r1 = receive([out(ASSET_A, 5n * COIN, MINE)]);
  await connect([]);
  await connect([r1]);
  assert.equal(ledger.depth(ledger.get(r1.txid)!), 1);
  await disconnect();
  assert.equal(ledger.depth(ledger.get(r1.txid)!), 0);
  assert.deepEqual(named(ledger.getBalance()), {}, 'unconfirmed, not from us, not in the mempool');
  await connect([]);
  await connect([r1]);
  assert.equal(ledger.depth(ledger.get(r1.txid)!), 1);
  assert.equal(ledger.get(r1.txid)!.record.status.kind === 'confirmed' && ledger.get(r1.txid)!.record.status.height, 2);
  assert.deepEqual(named(ledger.getBalance()), { A: 5n * COIN });
});

test('events that do not follow the ledger tip are refused without changing anything; repeats are ignored', async () => {
  const { ledger, connect, chain } = await setup();
  await connect([]);
  const stray = new TestChain();
  stray.add([]);
  const b = stray.add([]);
  await assert.rejects(ledger.blockConnected({ block: b, height: 5 }), /does not extend the ledger's tip/);
  await assert.rejects(ledger.blockConnected({ block: b, height: 1 }), /does not extend the ledger's tip/);
  await assert.rejects(ledger.blockDisconnected({ block: b, height: 0 }), /cannot disconnect/);
  assert.equal(ledger.tip!.height, chain.tipHeight);
  // The queue keeps working after a refused event.
  const r = receive([out(ASSET_A, 1n * COIN, MINE)]);
  await connect([r]);
  assert.equal(ledger.tip!.height, 1);
  // A rescan that already reached a block makes its later event a no-op, in both directions.
  const next = chain.add([]);
  await ledger.rescan(chain, 2);
  assert.equal(ledger.tip!.height, 2);
  await ledger.blockConnected({ block: next, height: 2 });
  await ledger.blockConnected({ block: chain.blocks[1]!, height: 1 });
  assert.equal(ledger.tip!.height, 2);
  assert.equal(ledger.depth(ledger.get(r.txid)!), 2);
  const [gone] = chain.truncate(1);
  await ledger.rescan(chain, 2);
  assert.equal(ledger.tip!.height, 1);
  await ledger.blockDisconnected({ block: gone!, height: 2 });
  assert.equal(ledger.tip!.height, 1);
  assert.equal(ledger.depth(ledger.get(r.txid)!), 1);
});

test('coinbase outputs are immature until COINBASE_MATURITY + 1 confirmations', async () => {
  const { ledger, connect } = await setup();
  const b = await connect([], [out(ASSET_A, 10n * COIN, MINE), out(ASSET_B, 1n * COIN, WATCH)]);
  const cb = ledger.get(b.transactions[0]!.txid)!;
  assert.equal(ledger.blocksToMaturity(cb), 2);
  assert.deepEqual(named(ledger.getImmatureBalance()), { A: 10n * COIN });
  assert.deepEqual(named(ledger.getImmatureBalance(true)), { B: 1n * COIN });
  assert.deepEqual(named(ledger.getBalance()), {});
  assert.equal(ledger.availableCoins().length, 0);
  await connect([]);
  assert.equal(ledger.blocksToMaturity(cb), 1);
  assert.deepEqual(named(ledger.balances().immature), { A: 10n * COIN });
  await connect([]);
  assert.equal(ledger.blocksToMaturity(cb), 0);
  assert.deepEqual(named(ledger.getImmatureBalance()), {});
  assert.deepEqual(named(ledger.getBalance()), { A: 10n * COIN });
  assert.deepEqual(named(ledger.getBalance(true)), { B: 1n * COIN });
  const b2 = ledger.balances();
  assert.deepEqual(named(b2.trusted), { A: 10n * COIN });
  assert.deepEqual(named(b2.watchOnlyTrusted), { B: 1n * COIN });
  assert.deepEqual(named(b2.immature), {});
  assert.equal(ledger.availableCoins().length, 2);
});

test('watch-only outputs are kept apart from spendable ones', async () => {
  const { ledger, connect } = await setup();
  const r = receive([out(ASSET_A, 1n * COIN, WATCH), out(ASSET_A, 2n * COIN, WATCH_UNSOLVABLE), out(ASSET_B, 4n * COIN, MINE)]);
  await connect([r]);
  assert.deepEqual(named(ledger.getBalance()), { B: 4n * COIN });
  assert.deepEqual(named(ledger.getBalance(true)), { A: 3n * COIN });
  const pending = receive([out(ASSET_A, 5n * COIN, WATCH)]);
  await ledger.transactionAddedToMempool(pending);
  assert.deepEqual(named(ledger.getUnconfirmedBalance(true)), { A: 5n * COIN });
  assert.deepEqual(named(ledger.balances().watchOnlyUnconfirmed), { A: 5n * COIN });
  assert.deepEqual(named(ledger.getUnconfirmedBalance()), {});
});

test('a transaction that is not final (future lock time) is not trusted', async () => {
  const { ledger, connect } = await setup();
  const r1 = receive([out(ASSET_A, 5n * COIN, MINE)]);
  await connect([r1]);
  const locked = tx([[r1, 0]], [out(ASSET_A, 49n * 10_000_000n, MINE2), fee(ASSET_A, 10_000_000n)], 100);
  await ledger.transactionAddedToMempool(locked);
  const w = ledger.get(locked.txid)!;
  assert.equal(ledger.isFinal(w), false);
  assert.equal(ledger.isTrusted(w), false);
  assert.deepEqual(named(ledger.getBalance()), {});
  assert.deepEqual(named(ledger.getUnconfirmedBalance()), { A: 49n * 10_000_000n });
});

test('importing a key and rescanning finds earlier transactions; a rescan is idempotent', async () => {
  const { ledger, connect, chain, isMine } = await setup();
  const later = receive([out(ASSET_A, 1n * COIN, OTHER)]);
  await connect([receive([out(ASSET_B, 2n * COIN, MINE)])]);
  await connect([later]);
  await connect([]);
  assert.equal(ledger.size, 1);
  isMine.set(OTHER, 'spendable');
  ledger.keysChanged();
  const r = await ledger.rescan(chain, 0);
  assert.equal(r.fromHeight, 0);
  assert.equal(r.toHeight, 2);
  assert.equal(r.added, 1);
  assert.equal(r.rewoundTo, undefined);
  assert.deepEqual(named(ledger.getBalance()), { A: 1n * COIN, B: 2n * COIN });
  assert.equal(ledger.depth(ledger.get(later.txid)!), 2);
  const again = await ledger.rescan(chain, 0);
  assert.equal(again.added, 0);
  assert.deepEqual(named(ledger.getBalance()), { A: 1n * COIN, B: 2n * COIN });
});

test('smart time: block time, bounded by the time received', async () => {
  const { ledger, connect, chain } = await setup(1_600_000_000 + 150);
  const early = receive([out(ASSET_A, 1n * COIN, MINE)]);
  await connect([]);
  await connect([early]); // height 1: block time 1_600_000_060 < now
  assert.equal(ledger.get(early.txid)!.record.timeSmart, 1_600_000_060);
  assert.equal(ledger.get(early.txid)!.record.timeReceived, 1_600_000_150);
  for (let i = 0; i < 3; i++) await connect([]);
  const future = receive([out(ASSET_A, 1n * COIN, MINE)]);
  await connect([future]); // height 5: block time 1_600_000_300 > now: capped at now
  assert.equal(chain.tipHeight, 5);
  assert.equal(ledger.get(future.txid)!.record.timeSmart, 1_600_000_150);
  const pending = receive([out(ASSET_A, 1n * COIN, MINE)]);
  await ledger.transactionAddedToMempool(pending);
  assert.equal(ledger.get(pending.txid)!.record.timeSmart, 1_600_000_150);
  assert.deepEqual(
    [...ledger.transactionsByOrder()].map((w) => w.record.orderPos),
    [0, 1, 2],
  );
});
