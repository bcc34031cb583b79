// -validatepegin on every peg-in (ADR 0033 "Per-claim checks"), the parts on their own: the
// verdict cache and its re-check rule, the prevalidator asking a fake geth, the mempool guard's
// retry, and the 120-second re-check queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChainParams,
  OptionValues,
  OutPoint,
  REJECT_INVALID,
  REJECT_PEGIN,
  Reject,
  TransactionBuilder,
  TxIn,
  fromDisplayHex,
  fromHex,
  loadNativeSecp256k1,
  type Block,
  type Transaction,
} from '@ocean-ts/core';
import { EthPeginPrevalidator } from '../../src/peg/eth-pegin-prevalidator.js';
import { GethClient } from '../../src/peg/geth-client.js';
import { PeginLookupNeeded, guardMempool, withPeginLookups } from '../../src/peg/pegin-mempool-guard.js';
import { PeginRecheck } from '../../src/peg/pegin-recheck.js';
import { PeginVerdictCache } from '../../src/peg/pegin-verdicts.js';
import { peginTransaction, peginValueBytes } from '../../src/peg/pegin-tx.js';
import type { Mempool } from '../../src/mempool/mempool.js';
import { FakeGeth, VECTOR_BLOCK, VECTOR_FEDPEG, VECTOR_PRIVKEY, ethPeginVector } from '../support/fake-geth.js';

const secp = loadNativeSecp256k1();
const ETH_TXID = '3080f6cb4434e5f99b8f399aabcd25e8631b1832de10087ee7a2368cb00fa66c';
const AMOUNT = 3_999_900_000_000n;
const CLAIM_PUBKEY = secp.publicKeyCreate(fromHex(VECTOR_PRIVKEY), true);
const params = ChainParams.fromOptionValues(OptionValues.fromSources(['-chain=elementsregtest', `-fedpegaddress=${VECTOR_FEDPEG}`, '-validatepegin=1'], []));
const pegParams = {
  peggedAsset: params.peggedAsset,
  parentGenesisBlockHash: params.consensus.parentGenesisBlockHash,
  parentContract: params.consensus.parentContract,
  fedpegAddress: params.consensus.fedpegAddress,
  peginConfirmationDepth: params.consensus.peginConfirmationDepth,
};

/** An (unsigned) claim of `amount` for the vector's Ethereum transaction; `asset` overrides the witness's asset. */
function claimTx(amount = AMOUNT, opts: { asset?: Uint8Array; tag?: number } = {}): Transaction {
  const txid = fromDisplayHex(ETH_TXID);
  const witness = [peginValueBytes(amount), opts.asset ?? params.peggedAsset, params.consensus.parentGenesisBlockHash, CLAIM_PUBKEY, txid];
  return peginTransaction({
    prevout: new OutPoint(txid, 0),
    peginWitness: witness,
    peggedAsset: params.peggedAsset,
    value: amount,
    destination: Uint8Array.of(0x51),
    minimumFee: () => 10_000n + BigInt(opts.tag ?? 0),
  }).tx;
}

function confirmations(geth: FakeGeth, aboveLog: number): void {
  geth.answers.set('eth_blockNumber', { result: `0x${(VECTOR_BLOCK + aboveLog).toString(16)}` });
}

async function setup(t: { after(fn: () => Promise<void>): void }, cacheOpts: { capacity?: number; freshMs?: number } = {}) {
  const geth = await FakeGeth.start();
  t.after(() => geth.close());
  let now = 1_000;
  const cache = new PeginVerdictCache({ now: () => now, ...cacheOpts });
  const logged: string[] = [];
  const pv = new EthPeginPrevalidator({
    rpc: new GethClient({ host: '127.0.0.1', port: geth.port, timeoutSeconds: 10 }),
    params: pegParams,
    secp,
    cache,
    log: (m) => logged.push(m),
  });
  geth.answers.set('eth_getTransactionReceipt', { result: ethPeginVector('ethpegin_valid') });
  confirmations(geth, 10);
  return { geth, cache, pv, logged, advance: (ms: number) => (now += ms) };
}

const witnessOf = (tx: Transaction) => tx.inWitness[0]!.peginWitness;

test('verdict cache: positive verdicts stay (LRU, bounded); negative ones stand for freshMs, then need a new lookup', () => {
  let now = 0;
  const cache = new PeginVerdictCache({ now: () => now, capacity: 2, freshMs: 500 });
  const a = PeginVerdictCache.key(new Uint8Array(32).fill(1), 5n, CLAIM_PUBKEY);
  const b = PeginVerdictCache.key(new Uint8Array(32).fill(1), 6n, CLAIM_PUBKEY);
  const c = PeginVerdictCache.key(new Uint8Array(32).fill(2), 5n, CLAIM_PUBKEY);
  assert.notEqual(a, b, 'the amount is part of the key');
  assert.equal(cache.needsLookup(a), true);
  assert.equal(cache.isConfirmed(a), false);

  cache.record(a, { ok: false, error: 'Peg-in eth transaction needs more confirmations to be sent' });
  assert.equal(cache.isConfirmed(a), false);
  assert.equal(cache.needsLookup(a), false, 'a fresh negative verdict is used');
  now = 499;
  assert.equal(cache.needsLookup(a), false);
  now = 500;
  assert.equal(cache.needsLookup(a), true, 'a stale negative verdict is asked again');
  assert.equal(cache.peek(a)?.reason, 'Peg-in eth transaction needs more confirmations to be sent');

  cache.record(a, { ok: true });
  now = 1_000_000;
  assert.equal(cache.needsLookup(a), false, 'a positive verdict does not go stale');
  assert.equal(cache.isConfirmed(a), true);

  // Capacity 2: a is used after b is recorded, so c evicts b (the least recently used), not a.
  cache.record(b, { ok: true });
  assert.equal(cache.isConfirmed(a), true);
  cache.record(c, { ok: true });
  assert.equal(cache.size, 2);
  assert.equal(cache.isConfirmed(a), true);
  assert.equal(cache.isConfirmed(c), true);
  assert.equal(cache.peek(b), undefined);
  assert.equal(cache.needsLookup(b), true);
  assert.throws(() => new PeginVerdictCache({ now: () => 0, capacity: 0 }), RangeError);
});

test('prevalidator: asks geth once per claim; the synchronous check reads the verdict; re-asks a stale negative one; keeps a positive one', async (t) => {
  const { geth, pv, logged, advance } = await setup(t);
  const tx = claimTx();
  assert.equal(pv.claimsOf(tx).length, 1);
  assert.equal(pv.checkPegin(witnessOf(tx), tx.inputs[0]!.prevout), false, 'no verdict: not valid');
  assert.equal(pv.needsLookup(tx), true);

  // 10 blocks above the log: not more than depth + 2 = 10 → not confirmed.
  await Promise.all([pv.prepareTx(tx), pv.prepareTx(tx)]);
  assert.equal(geth.calls('eth_getTransactionReceipt').length, 1, 'concurrent lookups of one claim share one request');
  assert.deepEqual(geth.calls('eth_getTransactionReceipt')[0]!.body.params, [`0x${ETH_TXID}`]);
  assert.equal(pv.checkPegin(witnessOf(tx), tx.inputs[0]!.prevout), false);
  assert.match(logged.join('\n'), /validatepegin: eth tx 3080f6cb.* amount 3999900000000: Peg-in eth transaction needs more confirmations to be sent/);
  assert.equal(pv.needsLookup(tx), false);
  await pv.prepareTx(tx);
  assert.equal(geth.calls('eth_getTransactionReceipt').length, 1, 'a fresh negative verdict is not asked again');

  confirmations(geth, 11);
  advance(1_000);
  assert.equal(pv.needsLookup(tx), true);
  await pv.prepareTx(tx);
  assert.equal(geth.calls('eth_getTransactionReceipt').length, 2);
  assert.equal(pv.checkPegin(witnessOf(tx), tx.inputs[0]!.prevout), true);

  // A positive verdict is kept: geth is not asked again, even when it goes away.
  geth.answers.delete('eth_getTransactionReceipt');
  advance(1_000_000);
  await pv.prepareTx(tx);
  assert.equal(geth.calls('eth_getTransactionReceipt').length, 2);
  assert.equal(pv.checkPegin(witnessOf(tx), tx.inputs[0]!.prevout), true);
  assert.equal(pv.lookups, 2);
});

test('prevalidator: the verdict is per amount and claim key; malformed witnesses are not asked about; an unreachable geth is a negative verdict', async (t) => {
  const { geth, pv, cache } = await setup(t);
  confirmations(geth, 11);
  const wrongAmount = claimTx(AMOUNT - 1n);
  await pv.prepareTx(wrongAmount);
  assert.equal(pv.checkPegin(witnessOf(wrongAmount), wrongAmount.inputs[0]!.prevout), false);
  assert.equal(cache.peek(pv.claimsOf(wrongAmount)[0]!.key)?.reason, "Pegin amount and ERC-20 transaction amount don't match");

  const wrongAsset = claimTx(AMOUNT, { asset: new Uint8Array(32).fill(7) });
  assert.deepEqual(pv.claimsOf(wrongAsset), []);
  const before = geth.requests.length;
  await pv.prepareTx(wrongAsset);
  assert.equal(geth.requests.length, before, 'a witness failing the format checks fails without geth');

  // A block: every claim of every transaction, the coinbase skipped.
  const good = claimTx(AMOUNT, { tag: 1 });
  await pv.prepareBlock({ transactions: [good, wrongAmount] } as unknown as Block);
  assert.equal(pv.checkPegin(witnessOf(good), good.inputs[0]!.prevout), true);

  await geth.close();
  const other = claimTx(AMOUNT / 2n);
  await pv.prepareTx(other);
  assert.equal(cache.peek(pv.claimsOf(other)[0]!.key)?.reason, 'Invalid eth transaction');
  assert.equal(pv.checkPegin(witnessOf(other), other.inputs[0]!.prevout), false);
});

test('mempool guard: a pool call with an unchecked peg-in throws before the pool is touched; withPeginLookups asks geth and runs again', async (t) => {
  const { geth, pv } = await setup(t);
  confirmations(geth, 11);
  const calls: string[] = [];
  const pool = {
    size: 3,
    accept(tx: Transaction) {
      calls.push(`accept ${tx.txidHex}`);
      return { status: 'accepted' };
    },
    async submitAsync(tx: Transaction) {
      calls.push(`submitAsync ${tx.txidHex}`);
      return { status: 'accepted' };
    },
    has() {
      return false;
    },
  } as unknown as Mempool;
  const tx = claimTx();
  const plain = new TransactionBuilder();
  plain.addInput(new TxIn(new OutPoint(new Uint8Array(32).fill(3), 0), new Uint8Array(0), 0xffffffff));
  const noPegin = plain.build();

  const guarded = guardMempool(pool, pv);
  assert.equal((guarded as unknown as { size: number }).size, 3);
  assert.equal(guarded.has('x'), false);
  guarded.accept(noPegin);
  assert.throws(() => guarded.accept(tx), PeginLookupNeeded);
  await assert.rejects(guarded.submitAsync(tx), PeginLookupNeeded);
  assert.deepEqual(calls, [`accept ${noPegin.txidHex}`]);

  let runs = 0;
  const r = await withPeginLookups(pv, async (guard) => {
    runs++;
    return guard(pool).accept(tx);
  });
  assert.deepEqual(r, { status: 'accepted' });
  assert.equal(runs, 2);
  assert.equal(pv.checkPegin(witnessOf(tx), tx.inputs[0]!.prevout), true);
  assert.equal(calls.at(-1), `accept ${tx.txidHex}`);
  assert.equal(geth.calls('eth_getTransactionReceipt').length, 1);

  // Other errors go through; a claim geth cannot confirm is retried, and the last run is unguarded.
  await assert.rejects(withPeginLookups(pv, async () => Promise.reject(new Error('boom'))), /boom/);
  const stuck = claimTx(AMOUNT, { tag: 2 });
  const neverFresh = new EthPeginPrevalidator({
    rpc: new GethClient({ host: '127.0.0.1', port: geth.port, timeoutSeconds: 10 }),
    params: pegParams,
    secp,
    cache: new PeginVerdictCache({ now: () => 0, freshMs: 0 }),
  });
  geth.answers.set('eth_getTransactionReceipt', { result: null });
  runs = 0;
  await withPeginLookups(neverFresh, async (guard) => {
    runs++;
    return guard(pool).accept(stuck);
  });
  assert.equal(runs, 3);
  assert.equal(neverFresh.lookups, 2);
  assert.equal(neverFresh.checkPegin(witnessOf(stuck), stuck.inputs[0]!.prevout), false);
});

test('re-check: only REJECT_PEGIN failures are queued; a round checks geth first, then reconsiders each queued block', async () => {
  const recheck = new PeginRecheck();
  const block = (n: number) => ({ hash: new Uint8Array(32).fill(n) }) as unknown as Block;
  recheck.blockFailed(block(1), new Reject(REJECT_PEGIN, 'bad-pegin-witness', 0));
  recheck.blockFailed(block(2), new Reject(REJECT_INVALID, 'bad-txns-in-ne-out', 100));
  recheck.blockFailed(block(3), new Reject(REJECT_PEGIN, 'bad-pegin-witness', 0));
  assert.deepEqual(recheck.queued, ['01'.repeat(32), '03'.repeat(32)]);

  let gethOk = false;
  const reconsidered: string[] = [];
  const errors: string[] = [];
  recheck.start(
    {
      gethServesParentChain: async () => gethOk,
      reconsider: async (hash) => {
        reconsidered.push(hash[0]!.toString());
        // block 3 fails again on its peg-in: the chain state's hook queues it again
        if (hash[0] === 3) recheck.blockFailed(block(3), new Reject(REJECT_PEGIN, 'bad-pegin-witness', 0));
      },
      log: { info: () => undefined, error: (m) => errors.push(m) },
    },
    3_600_000,
  );
  await recheck.runOnce();
  assert.deepEqual(reconsidered, []);
  assert.match(errors[0]!, /geth does not answer as the parent chain/);
  assert.equal(recheck.queued.length, 2, 'nothing is dropped while geth is away');

  gethOk = true;
  await Promise.all([recheck.runOnce(), recheck.runOnce()]);
  assert.deepEqual(reconsidered, ['1', '3'], 'one round at a time');
  assert.deepEqual(recheck.queued, ['03'.repeat(32)]);
  await recheck.stop();
});
