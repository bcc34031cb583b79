// SendAnyMoney's planning (ocean-policy §11.1–11.2): balance list and sorting, the walk over the
// balances, the fee asset and the partial last asset, dust shifting, metadata script, split grouping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '@ocean-ts/core';
import { AssetAmounts } from '../../../src/wallet/ledger/asset-amounts.js';
import {
  isHexString,
  isSendAnySortType,
  metadataScript,
  planSendAny,
  sendAnyBalanceList,
  splitRecipients,
  totalBalance,
  type AssetBalance,
} from '../../../src/wallet/send/send-any-plan.js';

/** A 32-byte asset id whose internal bytes are all `b`. */
const asset = (b: number): Uint8Array => new Uint8Array(32).fill(b);
const key = (b: number): string => toHex(asset(b));

function balances(entries: Record<number, bigint>): AssetAmounts {
  const m = new AssetAmounts();
  for (const [b, v] of Object.entries(entries)) m.add(asset(Number(b)), v);
  return m;
}

const noPolicy = (): boolean => false;
const noDust = (): bigint => 0n;
const shape = (list: readonly AssetBalance[]) => list.map((b) => [b.asset[0], b.balance]);

test('balance list: policy assets and empty balances are left out; sort 1 descending, 2 ascending, ties in asset-id order', () => {
  const m = balances({ 1: 500n, 2: 900n, 3: 0n, 4: 500n, 5: 7000n, 6: 100n });
  const isPolicy = (a: Uint8Array) => a[0] === 5;
  assert.deepEqual(shape(sendAnyBalanceList(m, isPolicy, 1)), [
    [2, 900n],
    [1, 500n],
    [4, 500n],
    [6, 100n],
  ]);
  assert.deepEqual(shape(sendAnyBalanceList(m, isPolicy, 2)), [
    [6, 100n],
    [1, 500n],
    [4, 500n],
    [2, 900n],
  ]);
  assert.equal(totalBalance(sendAnyBalanceList(m, isPolicy, 1)), 2000n);
  assert.deepEqual(sendAnyBalanceList(balances({ 5: 10n }), isPolicy, 1), [], 'only a policy asset: nothing to send with');
  assert.ok(isSendAnySortType(1) && isSendAnySortType(2));
  assert.ok(!isSendAnySortType(0) && !isSendAnySortType(3));
});

test('plan, sort 1: the largest asset pays the fee; the partial last asset is used entirely and the fee asset output shrinks', () => {
  const list = sendAnyBalanceList(balances({ 1: 1000n, 2: 600n, 3: 400n }), noPolicy, 1);
  const plan = planSendAny(list, 1500n, noDust);
  assert.equal(plan.feeAsset.key, key(1));
  // walk: 1000 of asset 1, 500 of asset 2 (partial); asset 2 is then used entirely (600) and asset 1 pays 900
  assert.deepEqual(
    plan.payments.map((p) => [p.asset[0], p.amount]),
    [
      [1, 900n],
      [2, 600n],
    ],
  );
  assert.equal(plan.payments.reduce((s, p) => s + p.amount, 0n), 1500n, 'the recipient receives exactly the amount');
  // one asset covers it: a single partial payment in the fee asset
  const one = planSendAny(list, 300n, noDust);
  assert.deepEqual(
    one.payments.map((p) => [p.asset[0], p.amount]),
    [[1, 300n]],
  );
  // everything
  const all = planSendAny(list, 2000n, noDust);
  assert.deepEqual(
    all.payments.map((p) => p.amount),
    [1000n, 600n, 400n],
  );
});

test('plan, sort 2: small balances first, the last (partial) one is the largest and pays the fee', () => {
  const list = sendAnyBalanceList(balances({ 1: 1000n, 2: 600n, 3: 400n, 4: 3n }), noPolicy, 2);
  const plan = planSendAny(list, 1200n, noDust);
  // every asset with a balance is eligible, even a tiny one (the dust filter of the original is ineffective)
  assert.deepEqual(
    plan.payments.map((p) => [p.asset[0], p.amount]),
    [
      [4, 3n],
      [3, 400n],
      [2, 600n],
      [1, 197n],
    ],
  );
  assert.equal(plan.feeAsset.key, key(1));
});

test('plan: a fee-asset output made dust by the reduction receives value from another recipient', () => {
  // equal balances: asset 1 pays the fee; 1500 of 2000 → asset 2 used entirely, asset 1 output 1000 - 500 = 500
  const list = sendAnyBalanceList(balances({ 1: 1000n, 2: 1000n }), noPolicy, 1);
  const dust = (): bigint => 600n;
  const plan = planSendAny(list, 1500n, dust);
  assert.deepEqual(
    plan.payments.map((p) => [p.asset[0], p.amount]),
    [
      [1, 600n],
      [2, 900n],
    ],
  );
  assert.equal(plan.payments.reduce((s, p) => s + p.amount, 0n), 1500n);
  // without a dust rule the reduction stands
  assert.deepEqual(
    planSendAny(list, 1500n, noDust).payments.map((p) => p.amount),
    [500n, 1000n],
  );
  // an asset whose whole balance is dust cannot be raised: it stays as it is
  const tiny = sendAnyBalanceList(balances({ 1: 5000n, 2: 10n }), noPolicy, 2);
  assert.deepEqual(
    planSendAny(tiny, 1000n, dust).payments.map((p) => [p.asset[0], p.amount]),
    [
      [2, 10n],
      [1, 990n],
    ],
  );
});

test('plan: the balances must cover the amount', () => {
  const list = sendAnyBalanceList(balances({ 1: 10n }), noPolicy, 1);
  assert.throws(() => planSendAny(list, 11n, noDust));
});

test('metadata output script: OP_RETURN PUSH(metadata); hex check', () => {
  const data = new Uint8Array(32).fill(0xab);
  assert.equal(toHex(metadataScript(data)), `6a20${'ab'.repeat(32)}`);
  assert.equal(toHex(metadataScript(Uint8Array.of(1, 2))), '6a020102');
  assert.equal(toHex(metadataScript(new Uint8Array(80))).slice(0, 6), '6a4c50', 'PUSHDATA1 above 75 bytes');
  assert.ok(isHexString('00ff'));
  assert.ok(!isHexString('0'));
  assert.ok(!isHexString('zz'));
  assert.ok(!isHexString(''));
});

test('split: recipients grouped by asset id order; whole groups go left until floor(n/2) are placed', () => {
  const r = (b: number, n = 0) => ({ k: key(b), n });
  // four assets listed in balance order; groups ordered by id: 1, 2, 3, 4 → left 1, 2
  const [left, right] = splitRecipients([r(4), r(2), r(1), r(3)], (x) => x.k)!;
  assert.deepEqual(
    left.map((x) => x.k),
    [key(1), key(2)],
  );
  assert.deepEqual(
    right.map((x) => x.k),
    [key(3), key(4)],
  );
  // five recipients: floor(5/2) = 2
  const five = splitRecipients([r(5), r(4), r(3), r(2), r(1)], (x) => x.k)!;
  assert.equal(five[0].length, 2);
  assert.equal(five[1].length, 3);
  // a group stays together (metadata output with its fee asset): 3 recipients, floor = 1, group of 2 first
  const grouped = splitRecipients([r(1, 0), r(2), r(1, 1)], (x) => x.k)!;
  assert.deepEqual(
    grouped[0].map((x) => [x.k, x.n]),
    [
      [key(1), 0],
      [key(1), 1],
    ],
  );
  assert.deepEqual(
    grouped[1].map((x) => x.k),
    [key(2)],
  );
  // a single asset cannot be split
  assert.equal(splitRecipients([r(1), r(1, 1)], (x) => x.k), undefined);
  // recursion ends: two recipients of two assets split one and one
  const two = splitRecipients([r(9), r(3)], (x) => x.k)!;
  assert.deepEqual(
    [two[0].map((x) => x.k), two[1].map((x) => x.k)],
    [[key(3)], [key(9)]],
  );
});
