import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '@ocean-ts/core';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import {
  ISMINE_ALL,
  ISMINE_SPENDABLE,
  WalletLedger,
  XoshiroRandom,
  accountBalance,
  receivedBy,
  requiredWalletFee,
  selectCoins,
  totalBalance,
  valueToSelect,
  type AddressBookView,
} from '../../../src/wallet/ledger/index.js';
import { ASSET_A, ASSET_B, COIN, MINE, MINE2, OTHER, TableIsMine, TestChain, WATCH, WATCH_UNSOLVABLE, fee, named, out, receive, tx } from './support.js';

async function setup() {
  const isMine = new TableIsMine();
  const ledger = await WalletLedger.open(new MemoryKvStore(), { isMine, now: () => 1_700_000_000 });
  const chain = new TestChain();
  const connect = async (txs: ReturnType<typeof tx>[] = []) => {
    const b = chain.add(txs);
    await ledger.blockConnected({ block: b, height: chain.tipHeight });
  };
  return { ledger, chain, connect, isMine };
}

const coinIds = (coins: { txidKey: string; index: number }[]) => coins.map((c) => `${c.txidKey.slice(0, 8)}:${c.index}`);

test('listunspent semantics: depth range, asset filter, unsafe coins, spent and locked outputs, order', async () => {
  const { ledger, connect } = await setup();
  const r1 = receive([out(ASSET_A, 5n * COIN, MINE), out(ASSET_B, 2n * COIN, MINE2), out(ASSET_A, 9n * COIN, OTHER), out(ASSET_A, 0n, MINE)]);
  await connect([r1]);
  const r2 = receive([out(ASSET_B, 1n * COIN, MINE)]);
  await connect([r2]);
  const pendingTheirs = receive([out(ASSET_A, 3n * COIN, MINE)]);
  await ledger.transactionAddedToMempool(pendingTheirs);

  let coins = ledger.availableCoins();
  assert.deepEqual(
    coins.map((c) => [c.index, c.value, c.depth]),
    [...[r1, r2]].sort((a, b) => (toHex(a.txid) < toHex(b.txid) ? -1 : 1)).flatMap((t) => (t === r1 ? [[0, 5n * COIN, 2], [1, 2n * COIN, 2]] : [[0, 1n * COIN, 1]])),
    'txid order, our non-zero outputs, safe only',
  );
  assert.ok(coins.every((c) => c.safe && c.spendable && c.solvable));

  // include_unsafe: the pending receipt from others shows up, marked unsafe
  const all = ledger.availableCoins({ onlySafe: false });
  const unsafe = all.filter((c) => !c.safe);
  assert.deepEqual(coinIds(unsafe), [`${toHex(pendingTheirs.txid).slice(0, 8)}:0`]);
  assert.equal(unsafe[0]!.depth, 0);
  // zero values on request
  assert.equal(ledger.availableCoins({ includeZeroValue: true }).length, 4);
  // minconf / maxconf
  assert.deepEqual(ledger.availableCoins({ minDepth: 2 }).map((c) => c.txidKey), [toHex(r1.txid), toHex(r1.txid)]);
  assert.deepEqual(ledger.availableCoins({ maxDepth: 1 }).map((c) => c.txidKey), [toHex(r2.txid)]);
  assert.deepEqual(ledger.availableCoins({ onlySafe: false, minDepth: 0, maxDepth: 0 }).map((c) => c.txidKey), [toHex(pendingTheirs.txid)]);
  // asset filter
  assert.deepEqual(ledger.availableCoins({ asset: ASSET_B }).map((c) => c.value).sort(), [1n * COIN, 2n * COIN].sort());
  // locks
  ledger.lockCoin(r1.txid, 0);
  assert.ok(ledger.isLockedCoin(r1.txid, 0));
  assert.equal(ledger.availableCoins().length, 2);
  assert.deepEqual(ledger.lockedCoins().map((o) => [toHex(o.txid), o.index]), [[toHex(r1.txid), 0]]);
  ledger.unlockCoin(r1.txid, 0);
  assert.equal(ledger.availableCoins().length, 3);
  // spent by a mempool transaction of ours
  const spend = tx([[r1, 0]], [out(ASSET_A, 49n * 10_000_000n, OTHER), fee(ASSET_A, 10_000_000n)]);
  await ledger.transactionAddedToMempool(spend);
  coins = ledger.availableCoins();
  assert.ok(!coins.some((c) => c.txidKey === toHex(r1.txid) && c.index === 0));
  // coin control: only the selected outpoints
  const only = ledger.availableCoins({ coinControl: { selected: [{ txid: r2.txid, index: 0 }], allowOtherInputs: false } });
  assert.deepEqual(coinIds(only), [`${toHex(r2.txid).slice(0, 8)}:0`]);
  assert.equal(ledger.availableCoins({ coinControl: { selected: [{ txid: r2.txid, index: 0 }], allowOtherInputs: true } }).length, 2);
});

test('watch-only coins: solvable ones are spendable only when coin control allows watch-only', async () => {
  const { ledger, connect } = await setup();
  const r = receive([out(ASSET_A, 1n * COIN, WATCH), out(ASSET_A, 2n * COIN, WATCH_UNSOLVABLE)]);
  await connect([r]);
  const coins = ledger.availableCoins();
  assert.deepEqual(coins.map((c) => [c.index, c.spendable, c.solvable]), [
    [0, false, true],
    [1, false, false],
  ]);
  assert.deepEqual(ledger.availableCoins({ allowWatchOnly: true }).map((c) => [c.index, c.spendable]), [
    [0, true],
    [1, false],
  ]);
  assert.equal(selectCoins(coins, valueToSelect([{ asset: ASSET_A, amount: 1n, subtractFeeFromAmount: false }], ASSET_A, 0n), { random: XoshiroRandom.seeded('w') }), undefined);
});

test('replaced or replacing unconfirmed transactions are unsafe; conflicted and unconfirmed-off-mempool ones are never available', async () => {
  const { ledger, connect } = await setup();
  const r1 = receive([out(ASSET_A, 5n * COIN, MINE), out(ASSET_A, 6n * COIN, MINE)]);
  await connect([r1]);
  const a = tx([[r1, 0]], [out(ASSET_A, 49n * 10_000_000n, MINE2), fee(ASSET_A, 10_000_000n)]);
  await ledger.addTransaction(a, { fromMe: true, values: [['replaced_by_txid', 'ff']] });
  await ledger.transactionAddedToMempool(a);
  assert.equal(ledger.availableCoins().filter((c) => c.txidKey === toHex(a.txid)).length, 0);
  assert.equal(ledger.availableCoins({ onlySafe: false }).filter((c) => c.txidKey === toHex(a.txid) && !c.safe).length, 1);
  const b = tx([[r1, 1]], [out(ASSET_A, 59n * 10_000_000n, MINE2), fee(ASSET_A, 10_000_000n)]);
  await ledger.addTransaction(b, { fromMe: true });
  assert.equal(ledger.availableCoins({ onlySafe: false }).filter((c) => c.txidKey === toHex(b.txid)).length, 0, 'not in the mempool');
  const ds = tx([[r1, 1]], [out(ASSET_A, 59n * 10_000_000n, OTHER), fee(ASSET_A, 10_000_000n)]);
  await connect([ds]);
  assert.equal(ledger.depth(ledger.get(b.txid)!), -1);
  await ledger.transactionAddedToMempool(b); // cannot really happen, but even then: conflicted is never available
  assert.equal(ledger.availableCoins({ onlySafe: false }).filter((c) => c.txidKey === toHex(b.txid)).length, 0);
});

test('availableCoins feed coin selection: a payment of B with its fixed fee in A', async () => {
  const { ledger, connect } = await setup();
  await connect([receive([out(ASSET_A, 1n * COIN, MINE), out(ASSET_A, 100_000n, MINE2), out(ASSET_B, 3n * COIN, MINE), out(ASSET_B, 2n * COIN, MINE)])]);
  for (let i = 0; i < 6; i++) await connect([]);
  const fixedFee = requiredWalletFee(ASSET_A, { fixedTxFee: 100_000n, isPolicyAsset: () => false }, 999n);
  const targets = valueToSelect([{ asset: ASSET_B, amount: 2n * COIN, subtractFeeFromAmount: false }], ASSET_A, fixedFee);
  const r = selectCoins(ledger.availableCoins(), targets, { random: XoshiroRandom.seeded('pay') });
  assert.ok(r);
  assert.deepEqual(named(r.values), { A: 100_000n, B: 2n * COIN }, 'exact coins for both the payment and the fee');
  assert.equal(r.coins.length, 2);
});

test('getbalance "*", account balances and received-by amounts (GetAmounts)', async () => {
  const { ledger, connect } = await setup();
  const book: AddressBookView = {
    isChange: (s) => toHex(s) === toHex(MINE2),
    accountOf: (s) => (toHex(s) === toHex(MINE) ? 'savings' : undefined),
  };
  const r1 = receive([out(ASSET_A, 5n * COIN, MINE), out(ASSET_B, 1n * COIN, MINE)]);
  await connect([r1]);
  const spend = tx([[r1, 0]], [out(ASSET_A, 2n * COIN, OTHER), out(ASSET_A, 29n * 10_000_000n, MINE2), fee(ASSET_A, 10_000_000n)]);
  await ledger.addTransaction(spend, { fromMe: true, fromAccount: '' });
  await ledger.transactionAddedToMempool(spend);
  await connect([]);
  // "*": received − sent − fees, where change outputs of a transaction that debits us are neither
  assert.deepEqual(named(totalBalance(ledger, 1, ISMINE_SPENDABLE, book)), { A: 5n * COIN - 2n * COIN - 10_000_000n, B: 1n * COIN });
  // minconf 2: the receipt (depth 2) counts, the unconfirmed change does not, the send does
  assert.deepEqual(named(totalBalance(ledger, 2, ISMINE_SPENDABLE, book)), { A: 5n * COIN - 2n * COIN - 10_000_000n, B: 1n * COIN });
  assert.deepEqual(named(totalBalance(ledger, 3, ISMINE_SPENDABLE, book)), { A: -2n * COIN - 10_000_000n });
  // accounts: "savings" received both r1 outputs; "" (the sending account) sent 2 A and paid the fee
  assert.deepEqual(named(accountBalance(ledger, 'savings', 1, ISMINE_ALL, book)), { A: 5n * COIN, B: 1n * COIN });
  assert.deepEqual(named(accountBalance(ledger, '', 0, ISMINE_ALL, book)), { A: -2n * COIN - 10_000_000n });
  assert.deepEqual(named(accountBalance(ledger, 'savings', 3, ISMINE_ALL, book)), {}, 'receipt below minconf');
  assert.deepEqual(named(receivedBy(ledger, (s) => toHex(s) === toHex(MINE), 1)), { A: 5n * COIN, B: 1n * COIN });
  assert.deepEqual(named(receivedBy(ledger, (s) => toHex(s) === toHex(MINE2), 1)), {});
  assert.deepEqual(named(receivedBy(ledger, (s) => toHex(s) === toHex(MINE2), 0)), { A: 29n * 10_000_000n });
});
