/**
 * Fitness for issue 4's benchmark size: a wallet with 100 000 unspent outputs. Checks the results
 * and reports (does not assert) how long balance, listunspent-style queries and a restart take.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import { WalletLedger, XoshiroRandom, selectCoins, valueToSelect } from '../../../src/wallet/ledger/index.js';
import { ASSET_A, ASSET_B, MINE, MINE2, OTHER, TableIsMine, TestChain, named, out, receive } from './support.js';

const TXS = 50_000; // two of our outputs each → 100 000 wallet outputs
const PER_BLOCK = 5_000;

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
}

test('100 000 wallet outputs: balances, availableCoins, coin selection and restart', async (t) => {
  const store = new MemoryKvStore();
  const isMine = new TableIsMine();
  const ledger = await WalletLedger.open(store, { isMine, now: () => 1_700_000_000 });
  const chain = new TestChain();
  const t0 = performance.now();
  for (let b = 0; b < TXS / PER_BLOCK; b++) {
    const txs = Array.from({ length: PER_BLOCK }, (_, i) => {
      const n = BigInt(b * PER_BLOCK + i + 1);
      return receive([out(ASSET_A, n, MINE), out(ASSET_B, 2n * n, MINE2), out(ASSET_A, 7n, OTHER)]);
    });
    await ledger.blockConnected({ block: chain.add(txs), height: chain.tipHeight });
  }
  const connectMs = performance.now() - t0;
  assert.equal(ledger.size, TXS);
  const sum = (BigInt(TXS) * BigInt(TXS + 1)) / 2n;

  ledger.getBalance(); // warm the output cache once, as a running node would have it
  const [bal, balanceMs] = timed(() => ledger.getBalance());
  assert.deepEqual(named(bal), { A: sum, B: 2n * sum });
  const [all, balancesMs] = timed(() => ledger.balances());
  assert.deepEqual(named(all.trusted), { A: sum, B: 2n * sum });
  const [coins, listMs] = timed(() => ledger.availableCoins());
  assert.equal(coins.length, 2 * TXS);
  const [coinsA, listAssetMs] = timed(() => ledger.availableCoins({ asset: ASSET_A }));
  assert.equal(coinsA.length, TXS);
  const [sel, selectMs] = timed(() =>
    selectCoins(coins, valueToSelect([{ asset: ASSET_A, amount: 123_456_789n, subtractFeeFromAmount: false }], ASSET_B, 1000n), {
      random: XoshiroRandom.seeded('scale'),
    }),
  );
  assert.ok(sel !== undefined && sel.values.getKey(Buffer.from(ASSET_A).toString('hex')) >= 123_456_789n);

  const forked = store.fork();
  const o0 = performance.now();
  const reopened = await WalletLedger.open(forked, { isMine, now: () => 1_700_000_000 });
  const openMs = performance.now() - o0;
  const [bal2, coldBalanceMs] = timed(() => reopened.getBalance());
  assert.deepEqual(named(bal2), { A: sum, B: 2n * sum });

  const line =
    `100k outputs: connect ${TXS} txs in ${TXS / PER_BLOCK} blocks ${connectMs.toFixed(0)} ms; ` +
    `getBalance ${balanceMs.toFixed(1)} ms (cold after restart ${coldBalanceMs.toFixed(1)} ms); balances() ${balancesMs.toFixed(1)} ms; ` +
    `availableCoins ${listMs.toFixed(1)} ms (asset filter ${listAssetMs.toFixed(1)} ms); selectCoins ${selectMs.toFixed(1)} ms; ` +
    `reopen ${openMs.toFixed(0)} ms`;
  t.diagnostic(line);
});
