import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { LmdbKvStore } from '../../src/storage/lmdb-kv-store.js';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import type { KeyRange } from '../../src/storage/kv-store.js';
import { StorageError } from '../../src/storage/storage-error.js';
import { WriteBatch } from '../../src/storage/write-batch.js';
import { b, dump, entriesHex, hex, modelRange, runKvStoreBattery } from './support/kv-store-battery.js';

const tempDirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ocean-lmdb-test-'));
  tempDirs.push(d);
  return d;
}
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

runKvStoreBattery({
  name: 'LmdbKvStore',
  propertyRuns: 60,
  async create() {
    const dir = tempDir();
    const store = LmdbKvStore.open(join(dir, 'db'));
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

describe('LmdbKvStore on disk', () => {
  it('one environment per directory; data survives close and reopen', async () => {
    const dir = join(tempDir(), 'chainstate'); // created, with parents
    const store = LmdbKvStore.open(dir);
    assert.equal(store.location, dir);
    await store.write(new WriteBatch().put(b(1), b(1)).put(b(2), new Uint8Array(0)).put(b(3), randomBytes(100_000)));
    const before = dump(store);
    await store.close();
    assert.deepEqual(readdirSync(dir).sort(), ['data.mdb', 'lock.mdb']);
    const again = LmdbKvStore.open(dir);
    assert.deepEqual(dump(again), before);
    await again.write(new WriteBatch().del(b(1)));
    await again.close();
    const third = LmdbKvStore.open(dir);
    assert.equal(third.has(b(1)), false);
    assert.equal(third.has(b(2)), true);
    await third.close();
  });

  it('close() waits for writes in flight; they are there after reopening', async () => {
    const dir = join(tempDir(), 'db');
    const store = LmdbKvStore.open(dir);
    const writes = [0, 1, 2, 3, 4].map((i) => store.write(new WriteBatch().put(b(1, i), randomBytes(5000))));
    await store.close();
    await Promise.all(writes);
    const again = LmdbKvStore.open(dir);
    assert.equal([...again.range({ prefix: b(1) })].length, 5);
    await again.close();
  });

  it('the same directory cannot be opened twice in one process', async () => {
    const dir = join(tempDir(), 'db');
    const store = LmdbKvStore.open(dir);
    assert.throws(
      () => LmdbKvStore.open(join(dir, '.')),
      (e: unknown) => e instanceof StorageError && e.kind === 'in-use' && e.message.includes('already open in this process'),
    );
    await store.close();
    const again = LmdbKvStore.open(dir); // fine once closed
    await again.close();
  });

  it('property: the same batches give identical contents and ranges in LMDB, memory and a Map model', async () => {
    const dir = tempDir();
    const lmdb = LmdbKvStore.open(join(dir, 'db'));
    const alphabet = [0x00, 0x01, 0x80, 0xff];
    const keyArb = fc.uint8Array({ minLength: 1, maxLength: 3 }).map((k) => k.map((x) => alphabet[x % 4]!));
    const opArb = fc.oneof(
      fc.record({ type: fc.constant('put' as const), key: keyArb, value: fc.uint8Array({ maxLength: 4 }) }),
      fc.record({ type: fc.constant('del' as const), key: keyArb }),
    );
    const rangeArb: fc.Arbitrary<KeyRange> = fc.oneof(
      fc.record({ prefix: fc.uint8Array({ maxLength: 2 }).map((k) => k.map((x) => alphabet[x % 4]!)) }),
      fc.record({ gte: keyArb, lt: keyArb }, { requiredKeys: [] }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(opArb, { maxLength: 10 }), { minLength: 1, maxLength: 5 }),
          fc.array(fc.tuple(rangeArb, fc.boolean(), fc.option(fc.nat(6), { nil: undefined })), { minLength: 1, maxLength: 5 }),
          async (batches, queries) => {
            const clear = new WriteBatch();
            for (const [k] of lmdb.range({})) clear.del(k);
            await lmdb.write(clear);
            const memory = new MemoryKvStore();
            const model = new Map<string, Uint8Array>();
            for (const ops of batches) {
              const batch = new WriteBatch();
              for (const op of ops) {
                if (op.type === 'put') {
                  batch.put(op.key, op.value);
                  model.set(hex(op.key), op.value);
                } else {
                  batch.del(op.key);
                  model.delete(hex(op.key));
                }
              }
              await Promise.all([lmdb.write(batch), memory.write(batch)]);
            }
            const expected = modelRange(model, {});
            assert.deepEqual(dump(lmdb), expected);
            assert.deepEqual(dump(memory), expected);
            for (const [range, reverse, limit] of queries) {
              const options = { reverse, ...(limit !== undefined ? { limit } : {}) };
              const want = modelRange(model, range, options);
              assert.deepEqual(entriesHex(lmdb.range(range, options)), want);
              assert.deepEqual(entriesHex(memory.range(range, options)), want);
            }
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      await lmdb.close();
    }
  });
});

describe('LmdbKvStore refuses bad databases with a StorageError naming the path (and does not crash)', () => {
  let goodDir: string;
  let goodData: Buffer;
  before(async () => {
    goodDir = join(tempDir(), 'good');
    const store = LmdbKvStore.open(goodDir);
    for (let i = 0; i < 4; i++) {
      const batch = new WriteBatch();
      for (let j = 0; j < 2000; j++) batch.put(b(i, j >> 8, j & 0xff), randomBytes(100));
      await store.write(batch);
    }
    await store.close();
    goodData = (await import('node:fs')).readFileSync(join(goodDir, 'data.mdb'));
    assert.ok(goodData.length > 400_000);
  });

  /** A datadir whose data.mdb is `data` (or made by `make`). */
  function dbWith(data: Buffer | ((dir: string) => void)): string {
    const dir = join(tempDir(), 'db');
    mkdirSync(dir);
    if (typeof data === 'function') data(dir);
    else writeFileSync(join(dir, 'data.mdb'), data);
    return dir;
  }

  function refused(dir: string, kind: StorageError['kind'], pattern: RegExp): void {
    assert.throws(
      () => LmdbKvStore.open(dir),
      (e: unknown) => {
        assert.ok(e instanceof StorageError, `expected a StorageError, got ${String(e)}`);
        assert.equal(e.kind, kind);
        assert.match(e.message, pattern);
        assert.ok(e.message.includes(dir), `message names the path: ${e.message}`);
        return true;
      },
    );
  }

  it('a short text file', () => {
    refused(dbWith(Buffer.from('this is not an lmdb file\n')), 'corrupt', /data\.mdb is not a valid lmdb data file \(only 25 bytes\)/);
  });

  it('64 KiB of random bytes', () => {
    refused(dbWith(randomBytes(65536)), 'corrupt', /not a valid lmdb data file \(first meta page: (not a meta page|bad magic)/);
  });

  it('64 KiB of zeros', () => {
    refused(dbWith(Buffer.alloc(65536)), 'corrupt', /first meta page: not a meta page/);
  });

  it('a valid file whose data format version differs', () => {
    const data = Buffer.from(goodData);
    data.writeUInt32LE(999, 28);
    refused(dbWith(data), 'corrupt', /data format version 999, expected 2/);
  });

  it('a valid file with a damaged second meta page', () => {
    const data = Buffer.from(goodData);
    const psize = data.readUInt32LE(48);
    data.fill(0x5a, psize + 24, psize + 32);
    refused(dbWith(data), 'corrupt', /second meta page: bad magic/);
  });

  it('a truncated file', () => {
    refused(dbWith(goodData.subarray(0, goodData.length >> 1)), 'corrupt', /is truncated/);
    refused(dbWith(goodData.subarray(0, 5000)), 'corrupt', /is truncated/);
  });

  it('data.mdb is a directory', () => {
    refused(
      dbWith((dir) => mkdirSync(join(dir, 'data.mdb'))),
      'unreadable',
      /data\.mdb is not a regular file/,
    );
  });

  it('the database path is a file', () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    refused(file, 'unreadable', /is not a directory/);
  });

  it('an intact copy of the same file opens, and an empty data.mdb is initialised', async () => {
    const copy = dbWith(goodData);
    const store = LmdbKvStore.open(copy);
    assert.equal([...store.range({})].length, 8000);
    await store.close();
    const empty = dbWith(Buffer.alloc(0));
    const store2 = LmdbKvStore.open(empty);
    await store2.write(new WriteBatch().put(b(1), b(2)));
    assert.deepEqual(store2.get(b(1)), b(2));
    await store2.close();
    assert.ok(statSync(join(empty, 'data.mdb')).size > 0);
  });

  it('garbage in lock.mdb is harmless (LMDB rebuilds it)', async () => {
    const dir = dbWith(goodData);
    const fd = openSync(join(dir, 'lock.mdb'), 'w');
    writeSync(fd, randomBytes(8192));
    closeSync(fd);
    const store = LmdbKvStore.open(dir);
    assert.equal([...store.range({ prefix: b(3) })].length, 2000);
    await store.close();
    truncateSync(join(dir, 'lock.mdb'), 0);
    const again = LmdbKvStore.open(dir);
    assert.equal([...again.range({})].length, 8000);
    await again.close();
  });
});
