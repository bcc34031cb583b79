import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareBids, compareBytes } from '@ocean-ts/core';
import { bidOrderKey, decodeBidRecord, decodeRequestRecord, encodeBidRecord, encodeRequestRecord, type ListedBid, type ListedRequest } from '../../src/policy/request-records.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

const request: fc.Arbitrary<ListedRequest> = fc.record({
  txid: hash,
  confirmedBlockHeight: fc.integer({ min: 0, max: 0x7fffffff }),
  endBlockHeight: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  startBlockHeight: u32,
  numTickets: u32,
  decayConst: u32,
  feePercentage: u32,
  startPrice: i64,
  genesisHash: hash,
  targetPubKey: fc.uint8Array({ minLength: 33, maxLength: 65 }),
});

const bid: fc.Arbitrary<ListedBid> = fc.record({
  requestTxid: hash,
  txid: hash,
  confirmedBlockHeight: fc.integer({ min: 0, max: 0x7fffffff }),
  lockHeight: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  stake: fc.bigInt({ min: 0n, max: 21_000_000n * 100_000_000n }),
  feePubKey: fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ minLength: 33, maxLength: 33 })),
});

test('request and bid records round-trip', () => {
  fc.assert(
    fc.property(request, u32, (r, count) => {
      const bytes = encodeRequestRecord(r, count);
      assert.deepEqual(decodeRequestRecord(r.txid, bytes), { request: { ...r }, bidCount: count });
      assert.deepEqual(encodeRequestRecord(decodeRequestRecord(r.txid, bytes).request, count), bytes);
    }),
  );
  fc.assert(
    fc.property(bid, (b) => {
      const bytes = encodeBidRecord(b);
      assert.deepEqual(decodeBidRecord(b.requestTxid, b.txid, b.confirmedBlockHeight, bytes), { ...b });
    }),
  );
  assert.throws(() => decodeBidRecord(new Uint8Array(32), new Uint8Array(32), 0, new Uint8Array(5)));
});

test('the stored bid key order is the auction order (height ↑, stake ↓, txid ↑)', () => {
  fc.assert(
    fc.property(bid, bid, fc.boolean(), fc.boolean(), (a, b, sameHeight, sameStake) => {
      const y = { ...b, confirmedBlockHeight: sameHeight ? a.confirmedBlockHeight : b.confirmedBlockHeight, stake: sameStake ? a.stake : b.stake };
      assert.equal(Math.sign(compareBytes(bidOrderKey(a), bidOrderKey(y))), Math.sign(compareBids(a, y)));
    }),
  );
});
