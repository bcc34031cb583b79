import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toHex } from '@ocean-ts/core';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import { WriteBatch } from '../../src/storage/write-batch.js';
import { KvOverlay } from '../../src/policy/kv-overlay.js';

const key = fc.uint8Array({ minLength: 1, maxLength: 3, max: 3 });
const op = fc.record({ key, del: fc.boolean() });

test('overlay iteration = committed keys with the pending puts and deletes applied, in order', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(key, { maxLength: 20 }), fc.array(op, { maxLength: 20 }), key, async (base, ops, prefixSeed) => {
      const store = new MemoryKvStore();
      const batch = new WriteBatch();
      for (const k of base) batch.put(k, Uint8Array.of(1));
      await store.write(batch);
      const ov = new KvOverlay(store);
      const model = new Map(base.map((k) => [toHex(k), k]));
      for (const o of ops) {
        if (o.del) {
          ov.del(o.key);
          model.delete(toHex(o.key));
        } else {
          ov.put(o.key, Uint8Array.of(2));
          model.set(toHex(o.key), o.key);
        }
      }
      const prefix = prefixSeed.subarray(0, 1);
      const want = [...model.keys()].filter((h) => h.startsWith(toHex(prefix))).sort();
      assert.deepEqual([...ov.keys(prefix)].map(toHex), want);
      assert.deepEqual([...ov.keys(prefix, { reverse: true })].map(toHex), [...want].reverse());
      assert.equal(ov.lastKey(prefix) && toHex(ov.lastKey(prefix)!), want[want.length - 1]);
      for (const h of model.keys()) assert.ok(ov.get(model.get(h)!) !== undefined);
      // writing the overlay makes the store equal to the model
      const wb = new WriteBatch();
      ov.writeTo(wb);
      await store.write(wb);
      assert.deepEqual([...store.range({ prefix: new Uint8Array(0) })].map(([k]) => toHex(k)), [...model.keys()].sort());
    }),
  );
});
