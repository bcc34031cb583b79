import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ZkpConfidentialPrimitives, blindTransaction, deriveBlindingKey, toHex, type Transaction } from '@ocean-ts/core';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import { BlindingKeyUnblinder, ISMINE_ALL, WalletLedger, txAmounts, type Unblinder } from '../../../src/wallet/ledger/index.js';
import { ASSET_A, ASSET_B, COIN, MINE, MINE2, OTHER, TableIsMine, TestChain, fee, named, out, receive, tx } from './support.js';

const zkp = await ZkpConfidentialPrimitives.create();
const MASTER = createHash('sha256').update('wallet master blinding key').digest();
const OTHER_MASTER = createHash('sha256').update('someone else').digest();
const ZERO32 = new Uint8Array(32);

function seeded(label: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n: number) => {
    const outb = new Uint8Array(n);
    for (let o = 0; o < n; o += 32) {
      const block = createHash('sha256').update(`${label}/${counter++}`).digest();
      outb.set(block.subarray(0, Math.min(32, n - o)), o);
    }
    return outb;
  };
}

function pub(master: Uint8Array, script: Uint8Array): Uint8Array {
  return zkp.publicKey(deriveBlindingKey(master, script)!)!;
}

/** Funding (explicit) and a blinded transaction paying 3 A to MINE, 2 B to MINE2 (both ours), 4 A to OTHER (blinded to them). */
function blindedPayment() {
  const funding = receive([out(ASSET_A, 8n * COIN, OTHER), out(ASSET_B, 2n * COIN, OTHER)]);
  const unsigned = tx(
    [
      [funding, 0],
      [funding, 1],
    ],
    [out(ASSET_A, 3n * COIN, MINE), out(ASSET_B, 2n * COIN, MINE2), out(ASSET_A, 4n * COIN, OTHER), fee(ASSET_A, 1n * COIN)],
  );
  const r = blindTransaction(zkp, {
    tx: unsigned,
    inputs: [
      { asset: ASSET_A, assetBlinder: ZERO32, value: 8n * COIN, valueBlinder: ZERO32 },
      { asset: ASSET_B, assetBlinder: ZERO32, value: 2n * COIN, valueBlinder: ZERO32 },
    ],
    outputPubkeys: [pub(MASTER, MINE), pub(MASTER, MINE2), pub(OTHER_MASTER, OTHER)],
    random: seeded('ledger-ct'),
  });
  assert.equal(r.blinded, 3);
  return { funding, blinded: r.tx, valueBlinders: r.valueBlinders, assetBlinders: r.assetBlinders };
}

class CountingUnblinder implements Unblinder {
  calls = 0;
  constructor(private readonly inner: Unblinder) {}
  unblind(...args: Parameters<Unblinder['unblind']>) {
    this.calls++;
    return this.inner.unblind(...args);
  }
}

test('confidential outputs to our blinding keys count with their unblinded amounts; unopenable ones are ignored', async () => {
  const { blinded, valueBlinders, assetBlinders } = blindedPayment();
  for (const o of blinded.outputs.slice(0, 3)) assert.ok(o.value.isCommitment && o.asset.isCommitment);
  const isMine = new TableIsMine();
  isMine.set(OTHER, 'spendable'); // we "own" OTHER's script but not its blinding key
  const unblinder = new CountingUnblinder(new BlindingKeyUnblinder(zkp, (s) => deriveBlindingKey(MASTER, s)));
  const store = new MemoryKvStore();
  const ledger = await WalletLedger.open(store, { isMine, unblinder });
  const chain = new TestChain();
  await ledger.blockConnected({ block: chain.add([blinded]), height: 0 });
  assert.deepEqual(named(ledger.getBalance()), { A: 3n * COIN, B: 2n * COIN });
  assert.equal(unblinder.calls, 3, 'each of our confidential outputs is opened once');

  const coins = ledger.availableCoins({ includeZeroValue: true });
  assert.equal(coins.length, 3);
  const [c0, c1, c2] = coins;
  assert.equal(c0!.value, 3n * COIN);
  assert.equal(toHex(c0!.asset!), toHex(ASSET_A));
  assert.equal(toHex(c0!.valueBlinder), toHex(valueBlinders[0]!));
  assert.equal(toHex(c0!.assetBlinder), toHex(assetBlinders[0]!));
  assert.equal(toHex(c1!.asset!), toHex(ASSET_B));
  assert.equal(toHex(c1!.valueBlinder), toHex(valueBlinders[1]!));
  assert.equal(c2!.value, -1n, 'cannot be unblinded: value unknown');
  assert.equal(c2!.asset, null);
  assert.equal(ledger.availableCoins().length, 2, 'without zero values, the unknown output is left out');
  assert.equal(ledger.availableCoins({ asset: ASSET_A, includeZeroValue: true }).length, 1);

  // The unblinded data was stored with the transaction: a restart needs no unblinder for them.
  const plain = await WalletLedger.open(store.fork(), { isMine });
  assert.deepEqual(named(plain.getBalance()), { A: 3n * COIN, B: 2n * COIN });
  assert.equal(toHex(plain.availableCoins()[1]!.valueBlinder), toHex(valueBlinders[1]!));
  // Without stored data and without an unblinder, confidential outputs are ignored entirely.
  const blind = await WalletLedger.open(new MemoryKvStore(), { isMine });
  await blind.blockConnected({ block: chain.blocks[0]!, height: 0 });
  assert.deepEqual(named(blind.getBalance()), {});
  assert.equal(blind.availableCoins({ includeZeroValue: true }).filter((c) => c.value >= 0n).length, 0);
});

test('spending a confidential coin debits its unblinded amount; blinding data we made shows what we sent', async () => {
  const { blinded, valueBlinders, assetBlinders } = blindedPayment();
  const isMine = new TableIsMine();
  const ledger = await WalletLedger.open(new MemoryKvStore(), {
    isMine,
    unblinder: new BlindingKeyUnblinder(zkp, (s) => deriveBlindingKey(MASTER, s)),
  });
  const chain = new TestChain();
  await ledger.blockConnected({ block: chain.add([blinded]), height: 0 });
  // We spend our 3 A (blinded) to OTHER, blinded to them; we remember the blinding data of that output.
  const unsigned = tx([[blinded, 0]], [out(ASSET_A, 29n * 10_000_000n, OTHER), fee(ASSET_A, 10_000_000n)]);
  const r = blindTransaction(zkp, {
    tx: unsigned,
    inputs: [{ asset: ASSET_A, assetBlinder: assetBlinders[0]!, value: 3n * COIN, valueBlinder: valueBlinders[0]! }],
    outputPubkeys: [pub(OTHER_MASTER, OTHER)],
    random: seeded('spend'),
  });
  assert.equal(r.blinded, 1);
  const spend: Transaction = r.tx;
  const known = new Map([[0, { value: 29n * 10_000_000n, asset: ASSET_A, valueBlinder: r.valueBlinders[0]!, assetBlinder: r.assetBlinders[0]! }]]);
  const w = await ledger.addTransaction(spend, { fromMe: true, known });
  await ledger.transactionAddedToMempool(spend);
  assert.deepEqual(named(ledger.debit(spend, ISMINE_ALL)), { A: 3n * COIN });
  assert.deepEqual(named(ledger.getBalance()), { B: 2n * COIN });
  const amounts = txAmounts(ledger, w, ISMINE_ALL, { isChange: () => false, accountOf: () => undefined });
  assert.equal(amounts.sent.length, 1);
  assert.equal(amounts.sent[0]!.amount, 29n * 10_000_000n);
  assert.equal(toHex(amounts.sent[0]!.asset!), toHex(ASSET_A));
  assert.deepEqual(named(amounts.fee), { A: 10_000_000n });
  assert.equal(amounts.received.length, 0);
});
