// TipWaiter and the waitfornewblock / waitforblock / waitforblockheight long polls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TipWaiter } from '../../../src/chain/tip-waiter.js';
import { TestNode, json } from './support/test-node.js';

const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

test('TipWaiter: predicate first, wake on notify, timeout, abort, close — no timers or listeners left', async () => {
  const w = new TipWaiter({ hash: 'a', height: 1 });
  assert.deepEqual(await w.waitFor((t) => t.height >= 1, { timeoutMs: 0 }), { hash: 'a', height: 1 });
  assert.deepEqual(await w.waitFor(() => false, { timeoutMs: -5 }), { hash: 'a', height: 1 });

  const woke = w.waitFor((t) => t.height >= 3, { timeoutMs: 0 });
  w.notify({ hash: 'b', height: 2 });
  await tick();
  assert.equal(w.pending, 1);
  w.notify({ hash: 'c', height: 3 });
  assert.deepEqual(await woke, { hash: 'c', height: 3 });
  assert.equal(w.pending, 0);

  const started = Date.now();
  assert.deepEqual(await w.waitFor(() => false, { timeoutMs: 40 }), { hash: 'c', height: 3 });
  assert.ok(Date.now() - started >= 35);

  const ac = new AbortController();
  const aborted = w.waitFor(() => false, { timeoutMs: 60_000, signal: ac.signal });
  ac.abort();
  assert.deepEqual(await aborted, { hash: 'c', height: 3 });
  assert.equal(w.pending, 0);

  const closing = w.waitFor(() => false, { timeoutMs: 0 });
  w.close();
  assert.deepEqual(await closing, { hash: 'c', height: 3 });
  // an unchanged tip notifies nobody
  const same = w.waitFor((t) => t.hash !== 'c', { timeoutMs: 30 });
  w.notify({ hash: 'c', height: 3 });
  assert.equal(w.pending, 1);
  await same;
  // a 60-second timer was cleared when the abort resolved the wait: the test ends promptly
});

test('waitfornewblock: returns the new tip, or the current one on timeout', async () => {
  const node = await TestNode.create();
  const t0 = (await node.call('waitfornewblock', [json(20)])) as { hash: string; height: number };
  assert.deepEqual(t0, { hash: node.chain.tip.hashHex, height: 0 });
  const waiting = node.call('waitfornewblock');
  await tick();
  assert.equal(node.tipWaiter.pending, 1);
  const [hash] = await node.generate(1);
  assert.deepEqual(await waiting, { hash, height: 1 });
  assert.deepEqual(await node.callError('waitfornewblock', ['1']), { code: -1, message: 'JSON value is not an integer as expected' });
  assert.equal((await node.callError('waitfornewblock', [json(1), json(2)])).code, -1);
});

test('waitforblock / waitforblockheight: wait for a hash or a height; the chain lock is not held', async () => {
  const node = await TestNode.create();
  const byHeight = node.call('waitforblockheight', [json(2)]);
  const byHeightTimeout = node.call('waitforblockheight', [json(5), json(30)]);
  await tick();
  // mining goes ahead while three long polls wait
  const hashes = await node.generate(2);
  assert.deepEqual(await byHeight, { hash: hashes[1], height: 2 });
  assert.deepEqual(await byHeightTimeout, { hash: hashes[1], height: 2 });
  const byHash = node.call('waitforblock', [hashes[1]!.toUpperCase()]);
  assert.deepEqual(await byHash, { hash: hashes[1], height: 2 }); // already the tip: no wait
  const future = node.call('waitforblock', ['00', json(20)]);
  assert.deepEqual(await future, { hash: hashes[1], height: 2 });
  const stop = new AbortController();
  const parked = node.call('waitforblockheight', [json(100)], stop.signal);
  await tick();
  stop.abort();
  assert.deepEqual(await parked, { hash: hashes[1], height: 2 });
  assert.equal(node.tipWaiter.pending, 0);
  assert.equal((await node.callError('waitforblockheight', [])).code, -1);
  assert.deepEqual(await node.callError('waitforblockheight', [json(1.5)]), { code: -1, message: 'JSON integer out of range' });
  assert.deepEqual(await node.callError('waitforblock', [json(1)]), { code: -1, message: 'JSON value is not a string as expected' });
});
