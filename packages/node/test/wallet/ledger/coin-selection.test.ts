/**
 * Coin selection. The first tests replay Core 0.14's `coin_selection_tests` and `ApproximateBestSubset`
 * (src/wallet/test/wallet_tests.cpp) with seeded randomness: the shuffle and the stochastic subset
 * search draw from an injected generator, so every run is reproducible and each seed is one of
 * Core's RUN_TESTS repetitions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  AssetAmounts,
  CENT,
  MIN_CHANGE,
  XoshiroRandom,
  approximateBestSubset,
  mayFoldDustChangeIntoFee,
  needsFeeOutput,
  requiredWalletFee,
  selectCoins,
  selectCoinsMinConf,
  valueToSelect,
  type CoinSelectionRandom,
  type KnapsackCoin,
} from '../../../src/wallet/ledger/index.js';
import { ASSET_A, ASSET_B, ASSET_C } from './support.js';

const COIN = 100_000_000n;
const RUN_TESTS = 25;
const RANDOM_REPEATS = 5;

interface Coin extends KnapsackCoin {
  readonly inMempool?: boolean;
}

let nextId = 0;
const KEY_A = Buffer.from(ASSET_A).toString('hex');
const KEY_B = Buffer.from(ASSET_B).toString('hex');
const KEY_C = Buffer.from(ASSET_C).toString('hex');

/** Core's `add_coin(nValue, nAge = 6*24, fIsFromMe = false)`. */
function coin(value: bigint, age = 6 * 24, fromMe = false, assetKey = KEY_A, extra: Partial<Coin> = {}): Coin {
  const n = nextId++;
  return { value, assetKey, depth: age, spendable: true, fromMe, txidKey: n.toString(16).padStart(64, '0'), index: 0, ...extra };
}

const always = () => true;

function select(target: bigint, confMine: number, confTheirs: number, coins: Coin[], rng: CoinSelectionRandom) {
  return selectCoinsMinConf(KEY_A, target, confMine, confTheirs, 0, coins, rng, always);
}

function sameSet(a: readonly Coin[] | undefined, b: readonly Coin[] | undefined): boolean {
  const k = (s: readonly Coin[] | undefined) => (s ?? []).map((c) => c.txidKey).sort().join();
  return k(a) === k(b);
}

test("Core 0.14 coin_selection_tests", () => {
  for (let run = 0; run < RUN_TESTS; run++) {
    const rng = XoshiroRandom.seeded(`coin_selection_tests/${run}`);
    let coins: Coin[] = [];
    // with an empty wallet we can't even pay one cent
    assert.equal(select(1n * CENT, 1, 6, coins, rng), undefined);
    coins.push(coin(1n * CENT, 4)); // a new 1 cent coin
    // with a new 1 cent coin, we still can't find a mature 1 cent
    assert.equal(select(1n * CENT, 1, 6, coins, rng), undefined);
    // but we can find a new 1 cent
    assert.equal(select(1n * CENT, 1, 1, coins, rng)?.total, 1n * CENT);
    coins.push(coin(2n * CENT)); // a mature 2 cent coin
    // we can't make 3 cents of mature coins
    assert.equal(select(3n * CENT, 1, 6, coins, rng), undefined);
    // we can make 3 cents of new coins
    assert.equal(select(3n * CENT, 1, 1, coins, rng)?.total, 3n * CENT);
    coins.push(coin(5n * CENT)); // a mature 5 cent coin,
    coins.push(coin(10n * CENT, 3, true)); // a new 10 cent coin sent from one of our own addresses
    coins.push(coin(20n * CENT)); // and a mature 20 cent coin
    // now we have new: 1+10=11 (of which 10 was self-sent), and mature: 2+5+20=27.  total = 38
    // we can't make 38 cents only if we disallow new coins:
    assert.equal(select(38n * CENT, 1, 6, coins, rng), undefined);
    // we can't even make 37 cents if we don't allow new coins even if they're from us
    assert.equal(select(38n * CENT, 6, 6, coins, rng), undefined);
    // but we can make 37 cents if we accept new coins from ourself
    assert.equal(select(37n * CENT, 1, 6, coins, rng)?.total, 37n * CENT);
    // and we can make 38 cents if we accept all new coins
    assert.equal(select(38n * CENT, 1, 1, coins, rng)?.total, 38n * CENT);
    // try making 34 cents from 1,2,5,10,20 - we can't do it exactly
    let r = select(34n * CENT, 1, 1, coins, rng);
    assert.equal(r?.total, 35n * CENT); // but 35 cents is closest
    assert.equal(r?.coins.length, 3); // the best should be 20+10+5.  it's incredibly unlikely the 1 or 2 got included (but possible)
    // when we try making 7 cents, the smaller coins (1,2,5) are enough.  We should see just 2+5
    r = select(7n * CENT, 1, 1, coins, rng);
    assert.equal(r?.total, 7n * CENT);
    assert.equal(r?.coins.length, 2);
    // when we try making 8 cents, the smaller coins (1,2,5) are exactly enough.
    r = select(8n * CENT, 1, 1, coins, rng);
    assert.equal(r?.total, 8n * CENT);
    assert.equal(r?.coins.length, 3);
    // when we try making 9 cents, no subset of smaller coins is enough, and we get the next bigger coin (10)
    r = select(9n * CENT, 1, 1, coins, rng);
    assert.equal(r?.total, 10n * CENT);
    assert.equal(r?.coins.length, 1);

    // now clear out the wallet and start again to test choosing between subsets of smaller coins and the next biggest coin
    coins = [6n, 7n, 8n, 20n, 30n].map((c) => coin(c * CENT)); // now we have 6+7+8+20+30 = 71 cents total
    // check that we have 71 and not 72
    assert.ok(select(71n * CENT, 1, 1, coins, rng));
    assert.equal(select(72n * CENT, 1, 1, coins, rng), undefined);
    // now try making 16 cents.  the best smaller coins can do is 6+7+8 = 21; not as good at the next biggest coin, 20
    r = select(16n * CENT, 1, 1, coins, rng);
    assert.equal(r?.total, 20n * CENT); // we should get 20 in one coin
    assert.equal(r?.coins.length, 1);
    coins.push(coin(5n * CENT)); // now we have 5+6+7+8+20+30 = 75 cents total
    // now if we try making 16 cents again, the smaller coins can make 5+6+7 = 18 cents, better than the next biggest coin, 20
    r = select(16n * CENT, 1, 1, coins, rng);
    assert.equal(r?.total, 18n * CENT); // we should get 18 in 3 coins
    assert.equal(r?.coins.length, 3);
    coins.push(coin(18n * CENT)); // now we have 5+6+7+8+18+20+30
    // and now if we try making 16 cents again, the smaller coins can make 5+6+7 = 18 cents, the same as the next biggest coin, 18
    r = select(16n * CENT, 1, 1, coins, rng);
    assert.equal(r?.total, 18n * CENT); // we should get 18 in 1 coin
    assert.equal(r?.coins.length, 1); // because in the event of a tie, the biggest coin wins
    // now try making 11 cents.  we should get 5+6
    r = select(11n * CENT, 1, 1, coins, rng);
    assert.equal(r?.total, 11n * CENT);
    assert.equal(r?.coins.length, 2);
    // check that the smallest bigger coin is used
    for (const c of [1n, 2n, 3n, 4n]) coins.push(coin(c * COIN)); // now we have 5+6+7+8+18+20+30+100+200+300+400 = 1094 cents
    r = select(95n * CENT, 1, 1, coins, rng);
    assert.equal(r?.total, 1n * COIN); // we should get 1 BTC in 1 coin
    assert.equal(r?.coins.length, 1);
    r = select(195n * CENT, 1, 1, coins, rng);
    assert.equal(r?.total, 2n * COIN); // we should get 2 BTC in 1 coin
    assert.equal(r?.coins.length, 1);

    // empty the wallet and start again, now with fractions of a cent, to test small change avoidance
    coins = [1n, 2n, 3n, 4n, 5n].map((k) => coin((MIN_CHANGE * k) / 10n));
    // try making 1 * MIN_CHANGE from the 1.5 * MIN_CHANGE
    // we'll get change smaller than MIN_CHANGE whatever happens, so can expect MIN_CHANGE exactly
    assert.equal(select(MIN_CHANGE, 1, 1, coins, rng)?.total, MIN_CHANGE);
    // but if we add a bigger coin, small change is avoided
    coins.push(coin(1111n * MIN_CHANGE));
    // try making 1 from 0.1 + 0.2 + 0.3 + 0.4 + 0.5 + 1111 = 1112.5
    assert.equal(select(1n * MIN_CHANGE, 1, 1, coins, rng)?.total, 1n * MIN_CHANGE); // we should get the exact amount
    // if we add more small coins:
    coins.push(coin((MIN_CHANGE * 6n) / 10n));
    coins.push(coin((MIN_CHANGE * 7n) / 10n));
    // and try again to make 1.0 * MIN_CHANGE
    assert.equal(select(1n * MIN_CHANGE, 1, 1, coins, rng)?.total, 1n * MIN_CHANGE); // we should get the exact amount

    // run the 'mtgox' test (see http://blockexplorer.com/tx/29a3efd3ef04f9153d47a990bd7b048a4b2d213daaa5fb8ed670fb85f13bdbcf)
    // they tried to consolidate 10 50k coins into one 500k coin, and ended up with 50k in change
    coins = Array.from({ length: 20 }, () => coin(50_000n * COIN));
    r = select(500_000n * COIN, 1, 1, coins, rng);
    assert.equal(r?.total, 500_000n * COIN); // we should get the exact amount
    assert.equal(r?.coins.length, 10); // in ten coins

    // if there's not enough in the smaller coins to make at least 1 * MIN_CHANGE change (0.5+0.6+0.7 < 1.0+1.0),
    // we need to try finding an exact subset anyway
    // sometimes it will fail, and so we use the next biggest coin:
    coins = [5n, 6n, 7n].map((k) => coin((MIN_CHANGE * k) / 10n));
    coins.push(coin(1111n * MIN_CHANGE));
    r = select(1n * MIN_CHANGE, 1, 1, coins, rng);
    assert.equal(r?.total, 1111n * MIN_CHANGE); // we get the bigger coin
    assert.equal(r?.coins.length, 1);
    // but sometimes it's possible, and we use an exact subset (0.4 + 0.6 = 1.0)
    coins = [4n, 6n, 8n].map((k) => coin((MIN_CHANGE * k) / 10n));
    coins.push(coin(1111n * MIN_CHANGE));
    r = select(MIN_CHANGE, 1, 1, coins, rng);
    assert.equal(r?.total, MIN_CHANGE); // we should get the exact amount
    assert.equal(r?.coins.length, 2); // in two coins 0.4+0.6

    // test avoiding small change
    coins = [coin((MIN_CHANGE * 5n) / 100n), coin(MIN_CHANGE * 1n), coin(MIN_CHANGE * 100n)];
    // trying to make 100.01 from these three coins
    r = select((MIN_CHANGE * 10001n) / 100n, 1, 1, coins, rng);
    assert.equal(r?.total, (MIN_CHANGE * 10105n) / 100n); // we should get all coins
    assert.equal(r?.coins.length, 3);
    // but if we try to make 99.9, we should take the bigger of the two small coins to avoid small change
    r = select((MIN_CHANGE * 9990n) / 100n, 1, 1, coins, rng);
    assert.equal(r?.total, 101n * MIN_CHANGE);
    assert.equal(r?.coins.length, 2);

    // test with many inputs
    for (let amt = 1500n; amt < COIN; amt *= 10n) {
      // Create 676 inputs (=  (old MAX_STANDARD_TX_SIZE == 100000)  / 148 bytes per input)
      coins = Array.from({ length: 676 }, () => coin(amt));
      r = select(2000n, 1, 1, coins, rng);
      assert.ok(r);
      if (amt - 2000n < MIN_CHANGE) {
        // needs more than one input:
        const returnSize = Math.ceil((2000 + Number(MIN_CHANGE)) / Number(amt));
        assert.equal(r.total, amt * BigInt(returnSize));
        assert.equal(r.coins.length, returnSize);
      } else {
        // one input is sufficient:
        assert.equal(r.total, amt);
        assert.equal(r.coins.length, 1);
      }
    }

    // test randomness
    {
      coins = Array.from({ length: 100 }, () => coin(COIN));
      // picking 50 from 100 coins doesn't depend on the shuffle,
      // but does depend on randomness in the stochastic approximation code
      const a = select(50n * COIN, 1, 6, coins, rng);
      const b = select(50n * COIN, 1, 6, coins, rng);
      assert.ok(a && b);
      assert.ok(!sameSet(a.coins, b.coins));
      let fails = 0;
      for (let j = 0; j < RANDOM_REPEATS; j++) {
        // selecting 1 from 100 identical coins depends on the shuffle; this test will fail 1% of the time
        // run the test RANDOM_REPEATS times and only complain if all of them fail
        const x = select(COIN, 1, 6, coins, rng);
        const y = select(COIN, 1, 6, coins, rng);
        if (sameSet(x?.coins, y?.coins)) fails++;
      }
      assert.notEqual(fails, RANDOM_REPEATS);
      // add 75 cents in small change.  not enough to make 90 cents,
      // then try making 90 cents.  there are multiple competing "smallest bigger" coins,
      // one of which should be picked at random
      for (const c of [5n, 10n, 15n, 20n, 25n]) coins.push(coin(c * CENT));
      fails = 0;
      for (let j = 0; j < RANDOM_REPEATS; j++) {
        const x = select(90n * CENT, 1, 6, coins, rng);
        const y = select(90n * CENT, 1, 6, coins, rng);
        if (sameSet(x?.coins, y?.coins)) fails++;
      }
      assert.notEqual(fails, RANDOM_REPEATS);
    }
  }
});

test('Core 0.14 ApproximateBestSubset: vValue sort order', () => {
  const rng = XoshiroRandom.seeded('ApproximateBestSubset');
  const coins = Array.from({ length: 1000 }, () => coin(1000n * COIN));
  coins.push(coin(3n * COIN));
  const r = select(1003n * COIN, 1, 6, coins, rng);
  assert.equal(r?.total, 1003n * COIN);
  assert.equal(r?.coins.length, 2);
});

test('approximateBestSubset finds exact subsets and never returns less than the target', () => {
  const rng = XoshiroRandom.seeded('abs');
  const values = [9n, 7n, 5n, 3n, 1n];
  const r = approximateBestSubset(values, 25n, 12n, rng);
  assert.equal(r.bestTotal, 12n);
  assert.equal(values.filter((_, i) => r.best[i]).reduce((a, b) => a + b, 0n), 12n);
  // unreachable exactness: the best is the smallest total ≥ target it met
  const r2 = approximateBestSubset([10n, 10n, 10n], 30n, 15n, rng);
  assert.equal(r2.bestTotal, 20n);
  // zero iterations: everything
  assert.equal(approximateBestSubset(values, 25n, 12n, rng, 0).bestTotal, 25n);
  // totals beyond 2^53 take the bigint path and stay exact
  const big = [4_000_000_000_000_001n, 4_000_000_000_000_000n, 4_000_000_000_000_000n, 1n];
  const total = big.reduce((a, b) => a + b, 0n);
  assert.ok(total > BigInt(Number.MAX_SAFE_INTEGER));
  const r3 = approximateBestSubset(big, total, 8_000_000_000_000_001n, rng);
  assert.equal(r3.bestTotal, 8_000_000_000_000_001n);
  assert.equal(big.filter((_, i) => r3.best[i]).reduce((a, b) => a + b, 0n), 8_000_000_000_000_001n);
});

const coinArb = fc.record({
  value: fc.bigInt({ min: 1n, max: 5n * COIN }),
  depth: fc.integer({ min: 0, max: 10 }),
  fromMe: fc.boolean(),
  spendable: fc.boolean(),
});

test('properties: success iff the eligible coins reach the target; selected ≥ target; exact single coins win; deterministic per seed', () => {
  fc.assert(
    fc.property(fc.array(coinArb, { maxLength: 40 }), fc.bigInt({ min: 1n, max: 20n * COIN }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 3 }), (specs, target, seed, exactIdx) => {
      const coins = specs.map((s) => coin(s.value, s.depth, s.fromMe, KEY_A, { spendable: s.spendable }));
      if (coins.length > 0 && exactIdx < coins.length) coins[exactIdx] = { ...coins[exactIdx]!, value: target };
      const eligible = coins.filter((c) => c.spendable && c.depth >= (c.fromMe ? 1 : 6));
      const sum = eligible.reduce((a, c) => a + c.value, 0n);
      const r = select(target, 1, 6, coins, XoshiroRandom.seeded(`p${seed}`));
      assert.equal(r !== undefined, sum >= target);
      if (r === undefined) return;
      assert.ok(r.total >= target);
      assert.equal(r.total, r.coins.reduce((a, c) => a + c.value, 0n));
      assert.equal(new Set(r.coins.map((c) => c.txidKey)).size, r.coins.length, 'no coin twice');
      for (const c of r.coins) assert.ok(eligible.includes(c));
      if (eligible.some((c) => c.value === target)) assert.equal(r.total, target, 'an exact coin is taken');
      const again = select(target, 1, 6, coins, XoshiroRandom.seeded(`p${seed}`));
      assert.deepEqual(again!.coins.map((c) => c.txidKey), r.coins.map((c) => c.txidKey));
    }),
    { numRuns: 300 },
  );
});

test('multi-asset selection: every asset in the same pass, the fee asset selected with the fee added', () => {
  const rng = XoshiroRandom.seeded('multi');
  const coins = [coin(5n * COIN, 10), coin(2n * COIN, 10), coin(3n * COIN, 10, false, KEY_B), coin(1n * COIN, 10, false, KEY_B), coin(7n * COIN, 10, false, KEY_C)];
  const fee = 100_000n;
  const targets = valueToSelect(
    [
      { asset: ASSET_B, amount: 1n * COIN, subtractFeeFromAmount: false },
      { asset: ASSET_C, amount: 2n * COIN, subtractFeeFromAmount: false },
    ],
    ASSET_A,
    fee,
  );
  assert.deepEqual(targets.keys(), [KEY_A, KEY_B, KEY_C]);
  assert.equal(targets.getKey(KEY_A), fee, 'the fee asset is selected for the fee only');
  const r = selectCoins(coins, targets, { random: rng });
  assert.ok(r);
  assert.equal(r.values.getKey(KEY_B), 1n * COIN, 'exact match');
  assert.equal(r.values.getKey(KEY_C), 7n * COIN);
  assert.ok(r.values.getKey(KEY_A) >= fee);
  for (const k of [KEY_A, KEY_B, KEY_C]) assert.ok(r.values.getKey(k) >= targets.getKey(k));
  assert.equal(r.coins.reduce((a, c) => (c.assetKey === KEY_A ? a + c.value : a), 0n), r.values.getKey(KEY_A));

  // Subtracting the fee from the amount: no extra fee target.
  const t2 = valueToSelect([{ asset: ASSET_A, amount: 7n * COIN, subtractFeeFromAmount: true }], ASSET_A, fee);
  assert.equal(t2.getKey(KEY_A), 7n * COIN);
  assert.equal(selectCoins(coins, t2, { random: rng })?.values.getKey(KEY_A), 7n * COIN);
  // Not enough of one asset: nothing.
  const t3 = valueToSelect([{ asset: ASSET_C, amount: 8n * COIN, subtractFeeFromAmount: false }], ASSET_A, fee);
  assert.equal(selectCoins(coins, t3, { random: rng }), undefined);
});

test('the confirmation passes: unconfirmed change of ours only with -spendzeroconfchange, others\' unconfirmed coins never', () => {
  const rng = XoshiroRandom.seeded('passes');
  const own0 = coin(5n * COIN, 0, true, KEY_A, { inMempool: true });
  const their0 = coin(9n * COIN, 0, false, KEY_A, { inMempool: true });
  const targets = new AssetAmounts().addKey(KEY_A, 1n * COIN);
  assert.deepEqual(selectCoins([own0, their0], targets, { random: rng })?.coins, [own0]);
  assert.equal(selectCoins([own0, their0], targets, { random: rng, spendZeroConfChange: false }), undefined);
  // A mempool chain limit that refuses everything but unbounded chains; long chains rejected → nothing.
  const limitOnlyUnbounded = (_c: Coin, limit: number) => limit === Number.MAX_SAFE_INTEGER;
  assert.deepEqual(selectCoins([own0], targets, { random: rng, withinChainLimit: limitOnlyUnbounded })?.coins, [own0]);
  assert.equal(selectCoins([own0], targets, { random: rng, withinChainLimit: limitOnlyUnbounded, rejectLongChains: true }), undefined);

  // Both assets must be met in one pass: A has a 6-conf coin, B only a 1-conf coin from others,
  // so the first pass (1, 6) fails as a whole and the second (1, 1) meets both.
  const a6 = coin(2n * COIN, 6);
  const a1 = coin(1n * COIN, 1);
  const b1 = coin(3n * COIN, 1, false, KEY_B);
  const t = new AssetAmounts().addKey(KEY_A, 1n * COIN).addKey(KEY_B, 3n * COIN);
  const r = selectCoins([a6, a1, b1], t, { random: rng });
  assert.ok(r);
  assert.deepEqual(r.coins.filter((c) => c.assetKey === KEY_B), [b1]);
  assert.deepEqual(r.coins.filter((c) => c.assetKey === KEY_A), [a1], 'in the (1,1) pass the exact 1-conf coin wins');
});

test('coin control: only the selected coins, or presets counted first', () => {
  const rng = XoshiroRandom.seeded('cc');
  const c1 = coin(1n * COIN, 10);
  const c2 = coin(2n * COIN, 10);
  const c3 = coin(4n * COIN, 10);
  const b = coin(1n * COIN, 10, false, KEY_B);
  const t = new AssetAmounts().addKey(KEY_A, 3n * COIN);
  // Only selected inputs (AvailableCoins already narrowed the list to them).
  assert.deepEqual(selectCoins([c1, c2], t, { random: rng, coinControl: { selected: [c1, c2], allowOtherInputs: false } })?.coins, [c1, c2]);
  assert.equal(selectCoins([c1], t, { random: rng, coinControl: { selected: [c1], allowOtherInputs: false } }), undefined);
  // Presets count first; the rest comes from the other coins.
  const r = selectCoins([c1, c2, c3, b], t, { random: rng, coinControl: { selected: [c1], allowOtherInputs: true } });
  assert.ok(r);
  assert.ok(r.coins.includes(c1));
  assert.equal(r.coins.filter((c) => c === c1).length, 1, 'a preset is not selected twice');
  assert.ok(r.values.getKey(KEY_A) >= 3n * COIN);
  assert.deepEqual(selectCoins([c1, c2, c3], t, { random: rng, coinControl: { selected: [c3], allowOtherInputs: true } })?.coins, [c3], 'presets alone suffice');
  assert.equal(selectCoins([c1, c2], t, { random: rng, coinControl: { selected: [undefined], allowOtherInputs: true } }), undefined, 'a non-wallet preset fails');
});

test('fee rule: policy assets pay nothing, -fixedtxfee pays exactly F and keeps dust change, otherwise the size-based fee', () => {
  const policy = (a: Uint8Array) => a[0] === ASSET_C[0];
  const fixed = { fixedTxFee: 100_000n, isPolicyAsset: policy };
  const floating = { fixedTxFee: 0n, isPolicyAsset: policy };
  assert.equal(requiredWalletFee(ASSET_A, fixed, 4321n), 100_000n);
  assert.equal(requiredWalletFee(ASSET_B, fixed, 4321n), 100_000n, 'any non-policy asset');
  assert.equal(requiredWalletFee(ASSET_C, fixed, 4321n), 0n);
  assert.equal(requiredWalletFee(ASSET_A, floating, 4321n), 4321n);
  assert.equal(requiredWalletFee(ASSET_C, floating, 4321n), 0n);
  assert.equal(mayFoldDustChangeIntoFee(fixed), false);
  assert.equal(mayFoldDustChangeIntoFee(floating), true);
  assert.equal(needsFeeOutput(0n), false);
  assert.equal(needsFeeOutput(100_000n), true);
  // A policy-asset transfer selects no fee at all.
  const t = valueToSelect([{ asset: ASSET_C, amount: 5n, subtractFeeFromAmount: false }], ASSET_C, requiredWalletFee(ASSET_C, fixed, 4321n));
  assert.equal(t.getKey(KEY_C), 5n);
});

test('XoshiroRandom: reproducible, uniform enough, bounded', () => {
  const a = XoshiroRandom.seeded('x');
  const b = XoshiroRandom.seeded('x');
  const draws = Array.from({ length: 100 }, () => a.rand32());
  assert.deepEqual(Array.from({ length: 100 }, () => b.rand32()), draws);
  const y = XoshiroRandom.seeded('y');
  assert.notDeepEqual(Array.from({ length: 100 }, () => y.rand32()), draws);
  const counts = new Array<number>(6).fill(0);
  const r = XoshiroRandom.fromSystem();
  for (let i = 0; i < 60_000; i++) counts[r.randInt(6)]!++;
  for (const c of counts) assert.ok(c > 9000 && c < 11000, `bucket ${c}`);
  assert.throws(() => r.randInt(0), RangeError);
});
