/** What the crash writer stores in batch n, and the check that a store holds exactly one whole batch. */
import assert from 'node:assert/strict';
import { readU32be, u32be } from '../../../src/storage/key-codec.js';
import type { KvStore } from '../../../src/storage/kv-store.js';

export const TIP_KEY = Uint8Array.of(0x02);
export const CHURN_KEYS = 50;

export function slotKey(i: number): Uint8Array {
  return Uint8Array.of(0x01, i >> 8, i & 0xff);
}

/** 4..203 bytes: u32be(n), then n's low byte repeated; the length varies with n and i so pages split and merge. */
export function slotValue(n: number, i: number): Uint8Array {
  const v = new Uint8Array(4 + ((n * 131 + i * 17) % 200)).fill(n & 0xff);
  v.set(u32be(n), 0);
  return v;
}

/** 100 B .. 61 KiB: spans LMDB overflow pages. */
export function bigValue(n: number): Uint8Array {
  const v = new Uint8Array(100 + (n % 16) * 4096).fill((n * 7) & 0xff);
  v.set(u32be(n), 0);
  return v;
}

export function churnKey(n: number, j: number): Uint8Array {
  return Uint8Array.of(0x04, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, j);
}

const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

/**
 * Asserts that `store` holds exactly the state after some whole batch (or nothing) and returns that
 * batch's number (0 for an empty store).
 */
export function checkWholeBatch(store: KvStore, keys: number): number {
  const tipBytes = store.get(TIP_KEY);
  if (tipBytes === undefined) {
    assert.deepEqual([...store.range({})].length, 0, 'no tip but other keys present');
    return 0;
  }
  const tip = readU32be(tipBytes);
  let i = 0;
  for (const [k, v] of store.range({ prefix: Uint8Array.of(0x01) })) {
    assert.equal(hex(k), hex(slotKey(i)), `slot key ${i}`);
    const expected = slotValue(tip, i);
    if (hex(v) !== hex(expected)) {
      assert.fail(`slot ${i} holds batch ${v.length >= 4 ? readU32be(v) : '?'} (${v.length} bytes) but the tip is ${tip}: a half-applied batch`);
    }
    i++;
  }
  assert.equal(i, keys, `expected ${keys} slot keys, found ${i}`);
  const big = store.get(Uint8Array.of(0x03));
  assert.ok(big !== undefined, 'big value missing');
  assert.equal(hex(big), hex(bigValue(tip)), `big value is from batch ${readU32be(big)}, tip ${tip}`);
  const churn = [...store.range({ prefix: Uint8Array.of(0x04) })].map(([k]) => hex(k));
  assert.deepEqual(churn, Array.from({ length: CHURN_KEYS }, (_, j) => hex(churnKey(tip, j))), `churn keys of batch ${tip}`);
  const other = [...store.range({})].filter(([k]) => ![0x01, 0x02, 0x03, 0x04].includes(k[0]!));
  assert.equal(other.length, 0, 'unexpected keys');
  return tip;
}
