import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import { StorageError } from '../../src/storage/storage-error.js';
import { WriteBatch } from '../../src/storage/write-batch.js';
import { b, dump, runKvStoreBattery } from './support/kv-store-battery.js';

runKvStoreBattery({
  name: 'MemoryKvStore',
  propertyRuns: 300,
  async create() {
    const store = new MemoryKvStore();
    return { store, dispose: () => store.close() };
  },
});

describe('MemoryKvStore test hooks', () => {
  it('fork() is an independent copy of the committed state', async () => {
    const store = new MemoryKvStore();
    await store.write(new WriteBatch().put(b(1), b(1)).put(b(2), b(2)));
    const copy = store.fork();
    await store.write(new WriteBatch().put(b(1), b(11)).del(b(2)).put(b(3), b(3)));
    await copy.write(new WriteBatch().put(b(9), b(9)));
    assert.deepEqual(dump(copy), [
      ['01', '01'],
      ['02', '02'],
      ['09', '09'],
    ]);
    assert.deepEqual(dump(store), [
      ['01', '0b'],
      ['03', '03'],
    ]);
    assert.equal(copy.size, 3);
    assert.equal(store.size, 2);
    copy.checkInvariants();
    store.checkInvariants();
  });

  it('failNextWrite(): the next write rejects and applies nothing; later writes work', async () => {
    const store = new MemoryKvStore();
    await store.write(new WriteBatch().put(b(1), b(1)));
    store.failNextWrite();
    await assert.rejects(
      store.write(new WriteBatch().put(b(2), b(2)).del(b(1))),
      (e: unknown) => e instanceof StorageError && e.kind === 'write-failed',
    );
    assert.deepEqual(dump(store), [['01', '01']]);
    await store.write(new WriteBatch().put(b(2), b(2)));
    assert.equal(store.size, 2);
  });

  it('400k keys in batches stay ordered and balanced', async () => {
    const store = new MemoryKvStore();
    const n = 400_000;
    const key = (i: number): Uint8Array => b((i * 2654435761) >>> 24, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff);
    for (let s = 0; s < n; s += 100_000) {
      const batch = new WriteBatch();
      for (let i = s; i < s + 100_000; i++) batch.put(key(i), b(1));
      await store.write(batch);
    }
    assert.equal(store.size, n);
    store.checkInvariants();
    let c = 0;
    for (const _ of store.range({ prefix: b(0x80) })) c++;
    assert.ok(c > 1200 && c < 2000, `about n/256 keys under one first byte, got ${c}`);
  });
});
