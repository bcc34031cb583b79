// SendAny's transaction logic against a stand-in CreateTransaction (fixed fee, an input limit for
// "too large"): the fee asset fallback and its errors, the recursive split with disjoint coins and a
// shared fee pool, the single-asset split error, and released change keys when a later part fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '@ocean-ts/core';
import { AssetAmounts } from '../../../src/wallet/ledger/asset-amounts.js';
import type { AvailableCoin } from '../../../src/wallet/ledger/available-coins.js';
import type { WalletLedger } from '../../../src/wallet/ledger/wallet-ledger.js';
import { FAIL, WalletSendError } from '../../../src/wallet/send/send-error.js';
import { SEND_ANY_FAIL, sendAnyBalanceList, type AssetBalance } from '../../../src/wallet/send/send-any-plan.js';
import { SendAny, type SendAnyOptions } from '../../../src/wallet/send/send-any.js';
import type { CreateTransactionRequest, CreatedTransaction } from '../../../src/wallet/send/send-types.js';
import type { BuildNodeView, WalletTxBuilder } from '../../../src/wallet/send/wallet-tx-builder.js';

const asset = (b: number): Uint8Array => new Uint8Array(32).fill(b);
const DEST = Uint8Array.of(0x51);
const NODE = {} as BuildNodeView;

let nextTx = 0;
/** `n` coins of `value` of asset `b`. */
function coinsOf(b: number, n: number, value: bigint): AvailableCoin[] {
  const txid = new Uint8Array(32).fill(0);
  txid[0] = ++nextTx;
  return Array.from({ length: n }, (_, index) => ({ txid, txidKey: toHex(txid), index, value, asset: asset(b), assetKey: toHex(asset(b)), spendable: true }) as unknown as AvailableCoin);
}

interface Made {
  readonly feeAsset: number;
  readonly coins: readonly AvailableCoin[];
  readonly paid: ReadonlyMap<number, bigint>;
  /** Assets of the outputs not to the destination (metadata). */
  readonly other: readonly number[];
  released: boolean;
  kept: boolean;
}

/**
 * CreateTransaction stand-in: selects coins per asset in pool order for the recipients plus `fee`
 * in the fee asset; more than `maxInputs` inputs is "Transaction too large".
 */
class FakeBuilder {
  readonly made: Made[] = [];
  constructor(
    private readonly fee: bigint,
    private readonly maxInputs: number,
  ) {}

  async create(req: CreateTransactionRequest): Promise<CreatedTransaction> {
    const targets = new AssetAmounts();
    for (const r of req.recipients) targets.add(r.asset, r.amount);
    targets.add(req.feeAsset!, this.fee);
    const pool = req.coinControl!.restrictTo!;
    const chosen: AvailableCoin[] = [];
    for (const k of targets.keys()) {
      let need = targets.getKey(k);
      for (const c of pool) {
        if (need <= 0n) break;
        if (c.assetKey !== k) continue;
        chosen.push(c);
        need -= c.value;
      }
      if (need > 0n) throw new WalletSendError('create', FAIL.insufficientFunds, this.fee);
    }
    if (chosen.length > this.maxInputs) throw new WalletSendError('create', FAIL.tooLarge, this.fee);
    const paid = new Map<number, bigint>();
    for (const r of req.recipients) if (r.scriptPubKey === DEST) paid.set(r.asset[0]!, (paid.get(r.asset[0]!) ?? 0n) + r.amount);
    const other = req.recipients.filter((r) => r.scriptPubKey !== DEST).map((r) => r.asset[0]!);
    const m: Made = { feeAsset: req.feeAsset![0]!, coins: chosen, paid, other, released: false, kept: false };
    this.made.push(m);
    return {
      coins: chosen,
      feeAsset: req.feeAsset!,
      fee: this.fee,
      releaseKeys: () => void (m.released = true),
      keepKeys: async () => void (m.kept = true),
    } as unknown as CreatedTransaction;
  }
}

function setup(coins: AvailableCoin[], fee: bigint, maxInputs: number) {
  const builder = new FakeBuilder(fee, maxInputs);
  const ledger = { availableCoins: () => coins } as unknown as WalletLedger;
  const sendAny = new SendAny({ builder: builder as unknown as WalletTxBuilder, ledger, isPolicyAsset: (a) => a[0] === 0xee, dustRelayFeePerKb: 0n });
  const bal = new AssetAmounts();
  for (const c of coins) bal.add(c.asset!, c.value);
  const list: AssetBalance[] = sendAnyBalanceList(bal, (a) => a[0] === 0xee, 1);
  const run = (amount: bigint, opts: Partial<SendAnyOptions> = {}) =>
    sendAny.create(sendAny.plan(list, amount, DEST), list, { scriptPubKey: DEST, ignoreBlindFail: true, splitLargeTxs: true, allowWatchOnly: false, ...opts }, NODE);
  return { builder, run };
}

const outpoint = (c: AvailableCoin) => `${c.txidKey}:${c.index}`;

test('the fee asset pays when its change suffices; otherwise the next asset with enough spare coins', async () => {
  // A 1000 (2 coins), B 600, C 300 (unused)
  const { builder, run } = setup([...coinsOf(1, 2, 500n), ...coinsOf(2, 1, 600n), ...coinsOf(3, 1, 300n)], 50n, 100);
  const one = await run(1500n);
  assert.equal(one.length, 1);
  assert.equal(builder.made[0]!.feeAsset, 1, 'A: 900 paid, 100 change covers 50');
  assert.deepEqual([...builder.made[0]!.paid], [
    [1, 900n],
    [2, 600n],
  ]);
  // 1600: A and B used entirely, C pays the fee
  await run(1600n);
  assert.equal(builder.made.at(-1)!.feeAsset, 3);
  // a policy asset never pays
  const p = setup([...coinsOf(1, 1, 100n), ...coinsOf(0xee, 1, 1_000_000n)], 10n, 100);
  await assert.rejects(p.run(100n), (e: unknown) => e instanceof WalletSendError && e.message === SEND_ANY_FAIL.noFeeAsset);
});

test('fee errors: larger than the fee asset; no other asset with enough', async () => {
  const big = setup([...coinsOf(1, 1, 100n), ...coinsOf(2, 1, 5000n)], 200n, 100);
  // B (5000) is the fee asset; both assets are used entirely and there is no third
  await assert.rejects(big.run(5100n), (e: unknown) => e instanceof WalletSendError && e.message === SEND_ANY_FAIL.noFeeAsset);
  const small = setup([...coinsOf(1, 1, 100n), ...coinsOf(2, 1, 90n), ...coinsOf(3, 1, 1000n)], 150n, 100);
  // asset 3 (the largest) pays all 190 and the fee from its change
  await small.run(190n);
  assert.equal(small.builder.made[0]!.feeAsset, 3);
  // a fee larger than the fee asset's whole balance
  const tiny = setup([...coinsOf(1, 1, 100n), ...coinsOf(2, 1, 90n)], 150n, 100);
  await assert.rejects(tiny.run(190n), (e: unknown) => e instanceof WalletSendError && e.message === SEND_ANY_FAIL.feeLargerThanBalance);
});

test('split: recursive halves by asset id order, disjoint coins, the unused asset as a shared fee pool', async () => {
  // four assets of 10 coins of 100, listed in balance order 4, 3, 2, 1; asset 9: two coins of 50 for fees
  const coins = [...coinsOf(4, 10, 100n), ...coinsOf(3, 10, 100n), ...coinsOf(2, 10, 100n), ...coinsOf(1, 10, 100n), ...coinsOf(9, 2, 50n)];
  const { builder, run } = setup(coins, 20n, 25);
  const made = await run(4000n);
  assert.equal(made.length, 2);
  assert.deepEqual(
    builder.made.map((m) => [...m.paid.keys()].sort()),
    [
      [1, 2],
      [3, 4],
    ],
    'left: the two lowest asset ids',
  );
  assert.deepEqual(
    builder.made.map((m) => m.feeAsset),
    [9, 9],
    'every asset is used entirely: both halves pay from the shared pool',
  );
  const all = builder.made.flatMap((m) => m.coins.map(outpoint));
  assert.equal(new Set(all).size, all.length, 'no coin is spent twice');
  // deeper: 12 inputs at most → each asset alone
  const deep = setup(coins, 20n, 12);
  await assert.rejects(deep.run(4000n), (e: unknown) => e instanceof WalletSendError && e.message === SEND_ANY_FAIL.noFeeAsset, 'two pool coins for four transactions');
  assert.ok(deep.builder.made.length >= 2 && deep.builder.made.every((m) => m.released), 'the parts made are released');
  const deep2 = setup([...coins, ...coinsOf(9, 2, 50n)], 20n, 12);
  const four = await deep2.run(4000n);
  assert.equal(four.length, 4);
  assert.deepEqual(
    deep2.builder.made.map((m) => [...m.paid.keys()]),
    [[1], [2], [3], [4]],
  );
});

test('split: one asset cannot be split; without splitlargetxs the transaction is just too large', async () => {
  const { run } = setup(coinsOf(1, 30, 100n), 10n, 10);
  await assert.rejects(run(2000n), (e: unknown) => e instanceof WalletSendError && e.message === SEND_ANY_FAIL.tooLargeSingleAsset);
  const two = setup([...coinsOf(1, 30, 100n), ...coinsOf(2, 30, 100n)], 10n, 10);
  await assert.rejects(two.run(4000n, { splitLargeTxs: false }), (e: unknown) => e instanceof WalletSendError && e.message === FAIL.tooLarge);
  // metadata groups with the fee asset and is created in that half
  const md = setup([...coinsOf(1, 8, 100n), ...coinsOf(2, 8, 100n), ...coinsOf(3, 2, 100n)], 10n, 10);
  await md.run(1600n, { metadataScript: Uint8Array.of(0x6a, 0x01, 0x00) });
  assert.equal(md.builder.made.length, 2);
  assert.deepEqual(
    md.builder.made.map((m) => [[...m.paid.keys()], m.other]),
    [
      [[1], [3]],
      [[2], []],
    ],
    'the metadata output is in the half of the planned fee asset, in the asset that pays that half’s fee (the pool)',
  );
});
