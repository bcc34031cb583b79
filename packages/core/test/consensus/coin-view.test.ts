import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoinViewOverlay, MemoryCoinView, isStoredOutput } from '../../src/consensus/coin-view.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { OP } from '../../src/script/opcodes.js';
import { ASSET_A, OP_RETURN, fee, id32, input, out, tx } from './support/fixtures.js';

test('stored outputs: spendable scripts and register-address outputs; not OP_RETURN, empty or oversized', () => {
  assert.equal(isStoredOutput(out(ASSET_A, 1n)), true);
  assert.equal(isStoredOutput(out(ASSET_A, 1n, OP_RETURN)), false);
  assert.equal(isStoredOutput(fee(ASSET_A, 1n)), false);
  assert.equal(isStoredOutput(out(ASSET_A, 1n, new Uint8Array(50_001).fill(OP.OP_1))), false);
  assert.equal(isStoredOutput(out(ASSET_A, 1n, new Uint8Array(50_000).fill(OP.OP_1))), true);
  assert.equal(isStoredOutput(out(ASSET_A, 1n, Uint8Array.of(OP.OP_REGISTERADDRESS))), true);
  assert.equal(isStoredOutput(out(ASSET_A, 1n, Uint8Array.of(OP.OP_DEREGISTERADDRESS, 5))), true);
});

test('the overlay applies a block on top of a view without changing it, then commits', () => {
  const base = new MemoryCoinView();
  const p = new OutPoint(id32(1), 0);
  base.set(p, { out: out(ASSET_A, 5n), height: 1, isCoinbase: false });
  const overlay = new CoinViewOverlay(base);
  const t1 = tx([input(p)], [out(ASSET_A, 5n)]);
  overlay.applyTransaction(t1, 2);
  const t2 = tx([input(new OutPoint(t1.txid, 0))], [out(ASSET_A, 5n), out(ASSET_A, 0n, OP_RETURN)]);
  overlay.applyTransaction(t2, 2);
  assert.equal(overlay.get(p), undefined);
  assert.equal(overlay.get(new OutPoint(t1.txid, 0)), undefined);
  assert.equal(overlay.get(new OutPoint(t2.txid, 0))!.height, 2);
  assert.equal(overlay.get(new OutPoint(t2.txid, 1)), undefined);
  assert.ok(base.get(p));
  base.applyOverlay(overlay);
  assert.equal(base.get(p), undefined);
  assert.equal(base.size, 1);
  assert.ok(base.get(new OutPoint(t2.txid, 0)));
});
