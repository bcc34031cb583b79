// Core 0.14's AttemptToEvictConnection selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectNodeToEvict, type EvictionCandidate } from '../../src/net/eviction.js';

const base = (id: number, over: Partial<EvictionCandidate> = {}): EvictionCandidate => ({
  id,
  timeConnected: 1000 + id,
  minPingUsec: 1000 * (id + 1),
  lastBlockTime: 0,
  lastTxTime: 0,
  relevantServices: true,
  relayTxes: true,
  bloomFilter: false,
  keyedNetGroup: 1n,
  ...over,
});

test('nothing to evict while every candidate is protected', () => {
  assert.equal(selectNodeToEvict([]), undefined);
  assert.equal(selectNodeToEvict(Array.from({ length: 20 }, (_, i) => base(i, { keyedNetGroup: BigInt(i) }))), undefined);
});

test('the protections, then the youngest of the largest net group', () => {
  // 40 peers: ids 0..39, older = lower id. Group 7 has ids 30..39, the rest are in their own groups.
  const peers = Array.from({ length: 40 }, (_, i) => base(i, { keyedNetGroup: i >= 30 ? 7n : BigInt(100 + i) }));
  // the 4 highest net groups (ids 26..29 → groups 126..129) are protected; then the 8 lowest pings (ids 0..7);
  // then 4 by tx time and 4 by block time; then the older half. The youngest of group 7 is 39.
  assert.equal(selectNodeToEvict(peers), 39);
  // a recent block from 39 protects it: the next youngest of the group goes
  const withBlock = peers.map((p) => (p.id === 39 ? { ...p, lastBlockTime: 5000 } : p));
  assert.equal(selectNodeToEvict(withBlock), 38);
  // recent transactions protect 4 peers too
  const withTx = peers.map((p) => (p.id >= 36 ? { ...p, lastTxTime: 6000 + p.id } : p));
  assert.equal(selectNodeToEvict(withTx), 35);
});

test('group size decides; on equal sizes the group whose youngest member connected latest', () => {
  const a = Array.from({ length: 24 }, (_, i) => base(i, { keyedNetGroup: BigInt(1000 + i), minPingUsec: 1 }));
  // after protection (4 groups, 8 pings, 4 tx, 4 block → 4 left, then half by age → 2 left)
  const chosen = selectNodeToEvict(a);
  assert.ok(chosen !== undefined);
  const ids = a.map((c) => c.id);
  assert.ok(ids.includes(chosen));
});
