/**
 * The behavioural contract of `KvStore`, run against every implementation (memory-kv-store.test.ts,
 * lmdb-kv-store.test.ts): the same tests, the same expectations.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareKeys, MAX_KEY_BYTES } from '../../../src/storage/key-codec.js';
import type { KeyRange, KvEntry, KvStore, RangeOptions } from '../../../src/storage/kv-store.js';
import { StorageError } from '../../../src/storage/storage-error.js';
import { WriteBatch } from '../../../src/storage/write-batch.js';

export interface StoreHandle {
  readonly store: KvStore;
  dispose(): Promise<void>;
}

export interface StoreHarness {
  readonly name: string;
  create(): Promise<StoreHandle>;
  /** fast-check runs for the model property (each run writes a few batches). */
  readonly propertyRuns: number;
}

export const b = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);
export const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

export function entriesHex(it: Iterable<KvEntry>): [string, string][] {
  return [...it].map(([k, v]) => [hex(k), hex(v)]);
}

export function keysHex(it: Iterable<KvEntry>): string[] {
  return [...it].map(([k]) => hex(k));
}

/** Every entry of `store` as hex pairs, in order. */
export function dump(store: KvStore): [string, string][] {
  return entriesHex(store.range({}));
}

/** The reference semantics of `range` over a plain Map (hex key -> value). */
export function modelRange(model: Map<string, Uint8Array>, range: KeyRange, options: RangeOptions = {}): [string, string][] {
  let keys = [...model.keys()].map((h) => Buffer.from(h, 'hex')).sort((x, y) => Buffer.compare(x, y));
  if ('prefix' in range) {
    const p = Buffer.from(range.prefix);
    keys = keys.filter((k) => k.length >= p.length && k.subarray(0, p.length).equals(p));
  } else {
    if (range.gte !== undefined) {
      const g = Buffer.from(range.gte);
      keys = keys.filter((k) => Buffer.compare(k, g) >= 0);
    }
    if (range.lt !== undefined) {
      const l = Buffer.from(range.lt);
      keys = keys.filter((k) => Buffer.compare(k, l) < 0);
    }
  }
  if (options.reverse === true) keys.reverse();
  if (options.limit !== undefined) keys = keys.slice(0, options.limit);
  return keys.map((k) => [k.toString('hex'), hex(model.get(k.toString('hex'))!)]);
}

/** Keys that stress memcmp order: 0x00 and 0xff bytes, keys that are prefixes of each other. */
export const TRICKY_KEYS: Uint8Array[] = [
  b(0x00),
  b(0x00, 0x00),
  b(0x00, 0xff),
  b(0x01),
  b(0x01, 0x00),
  b(0x01, 0x00, 0x00),
  b(0x01, 0x7f),
  b(0x01, 0x80),
  b(0x01, 0xff),
  b(0x01, 0xff, 0xff),
  b(0x02),
  b(0x7f, 0xff),
  b(0x80),
  b(0x80, 0x00),
  b(0xfe, 0xff, 0xff),
  b(0xff),
  b(0xff, 0x00),
  b(0xff, 0xff),
  b(0xff, 0xff, 0x00),
  b(0xff, 0xff, 0xff),
];

async function put(store: KvStore, ...pairs: [Uint8Array, Uint8Array][]): Promise<void> {
  const batch = new WriteBatch();
  for (const [k, v] of pairs) batch.put(k, v);
  await store.write(batch);
}

export function runKvStoreBattery(h: StoreHarness): void {
  describe(`KvStore contract: ${h.name}`, () => {
    let handle: StoreHandle;
    let store: KvStore;
    const fresh = async (): Promise<void> => {
      const batch = new WriteBatch();
      for (const [k] of store.range({})) batch.del(k);
      await store.write(batch);
      assert.equal(dump(store).length, 0);
    };
    before(async () => {
      handle = await h.create();
      store = handle.store;
    });
    after(async () => {
      await handle.dispose();
    });

    it('an empty store has nothing', async () => {
      await fresh();
      assert.equal(store.get(b(1)), undefined);
      assert.equal(store.has(b(1)), false);
      assert.deepEqual(dump(store), []);
      assert.deepEqual(keysHex(store.range({ prefix: b(1) }, { reverse: true })), []);
    });

    it('put, get, has; reads return plain Uint8Array copies the caller owns', async () => {
      await fresh();
      const key = b(1, 2, 3);
      const value = b(9, 8, 7);
      const batch = new WriteBatch().put(key, value);
      value[0] = 0; // the batch copied it
      key[0] = 0;
      await store.write(batch);
      const got = store.get(b(1, 2, 3));
      assert.ok(got);
      assert.equal(Object.getPrototypeOf(got), Uint8Array.prototype);
      assert.deepEqual(got, b(9, 8, 7));
      assert.equal(store.has(b(1, 2, 3)), true);
      assert.equal(store.has(b(0, 2, 3)), false);
      got[0] = 42;
      assert.deepEqual(store.get(b(1, 2, 3)), b(9, 8, 7));
      for (const [k, v] of store.range({})) {
        assert.equal(Object.getPrototypeOf(k), Uint8Array.prototype);
        assert.equal(Object.getPrototypeOf(v), Uint8Array.prototype);
        k[0] = 0xee;
        v[0] = 0xee;
      }
      assert.deepEqual(dump(store), [['010203', '090807']]);
    });

    it('overwrite, delete, delete of a missing key, empty values', async () => {
      await fresh();
      await put(store, [b(5), b(1)], [b(6), b(2)]);
      await put(store, [b(5), b(3)]);
      assert.deepEqual(store.get(b(5)), b(3));
      await store.write(new WriteBatch().del(b(6)).del(b(7)).del(b(6)));
      assert.equal(store.get(b(6)), undefined);
      assert.equal(store.has(b(6)), false);
      await put(store, [b(8), new Uint8Array(0)]);
      assert.equal(store.has(b(8)), true);
      assert.deepEqual(store.get(b(8)), new Uint8Array(0));
      assert.deepEqual(dump(store), [
        ['05', '03'],
        ['08', ''],
      ]);
      await store.write(new WriteBatch()); // an empty batch is fine
      assert.equal(dump(store).length, 2);
    });

    it('a batch applies in order: the last put or delete of a key wins', async () => {
      await fresh();
      await store.write(new WriteBatch().put(b(1), b(1)).put(b(1), b(2)).put(b(2), b(1)).del(b(2)).del(b(3)).put(b(3), b(3)));
      assert.deepEqual(dump(store), [
        ['01', '02'],
        ['03', '03'],
      ]);
    });

    it('a batch with puts and deletes is seen as a whole after write()', async () => {
      await fresh();
      await put(store, [b(1), b(1)], [b(2), b(2)]);
      const batch = new WriteBatch().put(b(3), b(3)).del(b(1)).put(b(2), b(22));
      assert.equal(batch.length, 3);
      assert.equal(batch.byteSize, 1 + 1 + 1 + 1 + 1);
      await store.write(batch);
      assert.deepEqual(dump(store), [
        ['02', '16'],
        ['03', '03'],
      ]);
    });

    it('concurrent writes are each applied, in call order', async () => {
      await fresh();
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 20; i++) writes.push(store.write(new WriteBatch().put(b(1), b(i)).put(b(2, i), b(i))));
      await Promise.all(writes);
      assert.deepEqual(store.get(b(1)), b(19));
      assert.equal(keysHex(store.range({ prefix: b(2) })).length, 20);
    });

    it('keys iterate in memcmp order (0x00/0xff bytes, keys that prefix each other)', async () => {
      await fresh();
      const shuffled = [...TRICKY_KEYS].sort(() => Math.random() - 0.5);
      const batch = new WriteBatch();
      for (const k of shuffled) batch.put(k, k);
      await store.write(batch);
      const expected = [...TRICKY_KEYS].sort((x, y) => Buffer.compare(x, y)).map(hex);
      assert.deepEqual(
        [...TRICKY_KEYS].sort(compareKeys).map(hex),
        expected,
        'compareKeys agrees with Buffer.compare',
      );
      assert.deepEqual(keysHex(store.range({})), expected);
      assert.deepEqual(keysHex(store.range({}, { reverse: true })), [...expected].reverse());
    });

    it('prefix ranges, forward and reverse', async () => {
      await fresh();
      const batch = new WriteBatch();
      for (const k of TRICKY_KEYS) batch.put(k, k);
      await store.write(batch);
      const model = new Map(TRICKY_KEYS.map((k) => [hex(k), k]));
      const prefixes = [b(), b(0x00), b(0x01), b(0x01, 0x00), b(0x01, 0xff), b(0x03), b(0x7f), b(0xff), b(0xff, 0xff), b(0xff, 0xff, 0xff), b(0xff, 0xff, 0xff, 0xff)];
      for (const prefix of prefixes) {
        for (const reverse of [false, true]) {
          assert.deepEqual(entriesHex(store.range({ prefix }, { reverse })), modelRange(model, { prefix }, { reverse }), `prefix ${hex(prefix)} reverse ${reverse}`);
        }
      }
      assert.deepEqual(keysHex(store.range({ prefix: b(0x01) })), ['01', '0100', '010000', '017f', '0180', '01ff', '01ffff']);
      assert.deepEqual(keysHex(store.range({ prefix: b(0xff) }, { reverse: true })), ['ffffff', 'ffff00', 'ffff', 'ff00', 'ff']);
    });

    it('bounded ranges [gte, lt), forward and reverse, with limits', async () => {
      await fresh();
      const batch = new WriteBatch();
      for (const k of TRICKY_KEYS) batch.put(k, k);
      await store.write(batch);
      const model = new Map(TRICKY_KEYS.map((k) => [hex(k), k]));
      const bounds: (Uint8Array | undefined)[] = [undefined, b(0x00), b(0x00, 0x00), b(0x01), b(0x01, 0x00, 0x01), b(0x01, 0xff), b(0x02), b(0x50), b(0xff), b(0xff, 0xff), b(0xff, 0xff, 0xff, 0xff)];
      for (const gte of bounds) {
        for (const lt of bounds) {
          const range: KeyRange = { ...(gte ? { gte } : {}), ...(lt ? { lt } : {}) };
          for (const reverse of [false, true]) {
            for (const limit of [undefined, 0, 1, 3, 100]) {
              const options: RangeOptions = { reverse, ...(limit !== undefined ? { limit } : {}) };
              assert.deepEqual(
                entriesHex(store.range(range, options)),
                modelRange(model, range, options),
                `gte ${gte && hex(gte)} lt ${lt && hex(lt)} reverse ${reverse} limit ${limit}`,
              );
            }
          }
        }
      }
      assert.deepEqual(keysHex(store.range({ gte: b(0x01), lt: b(0x02) }, { reverse: true, limit: 2 })), ['01ffff', '01ff']);
      assert.deepEqual(keysHex(store.range({ gte: b(0x02), lt: b(0x01) })), [], 'gte > lt selects nothing');
      assert.deepEqual(keysHex(store.range({ gte: b(0x01), lt: b(0x01) })), [], 'gte = lt selects nothing');
      assert.deepEqual(keysHex(store.range({ lt: b() })), [], 'an empty lt selects nothing');
      assert.equal(keysHex(store.range({ gte: b() })).length, TRICKY_KEYS.length, 'an empty gte is no bound');
    });

    it('ranges are re-iterable and can be left early', async () => {
      await fresh();
      await put(store, [b(1), b(1)], [b(2), b(2)], [b(3), b(3)]);
      const r = store.range({ gte: b(2) });
      assert.deepEqual(keysHex(r), ['02', '03']);
      assert.deepEqual(keysHex(r), ['02', '03']);
      for (const [k] of store.range({})) {
        assert.deepEqual(k, b(1));
        break;
      }
      await put(store, [b(4), b(4)]); // no iteration left open blocks writes
      assert.equal(dump(store).length, 4);
    });

    it('an iteration reads one snapshot: writes committed while it runs are not seen', async () => {
      await fresh();
      await put(store, [b(1), b(1)], [b(3), b(3)], [b(5), b(5)]);
      const it = store.range({})[Symbol.iterator]();
      assert.deepEqual(it.next().value?.[0], b(1));
      await store.write(new WriteBatch().put(b(4), b(4)).del(b(5)).put(b(3), b(33)));
      const rest: [string, string][] = [];
      for (let r = it.next(); r.done !== true; r = it.next()) rest.push([hex(r.value[0]), hex(r.value[1])]);
      assert.deepEqual(rest, [
        ['03', '03'],
        ['05', '05'],
      ]);
      assert.deepEqual(dump(store), [
        ['01', '01'],
        ['03', '21'],
        ['04', '04'],
      ]);
    });

    it('large values (1 MB) round-trip', async () => {
      await fresh();
      const big = new Uint8Array(1 << 20);
      for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 10)) & 0xff;
      await put(store, [b(0x10), big], [b(0x11), big.subarray(1000, 5000)]);
      assert.deepEqual(store.get(b(0x10)), big);
      assert.deepEqual(store.get(b(0x11)), big.slice(1000, 5000));
      const [[, v]] = [...store.range({ prefix: b(0x10) })] as [KvEntry];
      assert.equal(v.length, 1 << 20);
      await store.write(new WriteBatch().del(b(0x10)));
      assert.equal(store.has(b(0x10)), false);
    });

    it('keys: empty and over-limit keys are refused, the limit itself is fine', async () => {
      await fresh();
      assert.throws(() => new WriteBatch().put(b(), b(1)), RangeError);
      assert.throws(() => new WriteBatch().del(b()), RangeError);
      assert.throws(() => new WriteBatch().put(new Uint8Array(MAX_KEY_BYTES + 1), b(1)), RangeError);
      assert.throws(() => store.get(b()), RangeError);
      assert.throws(() => store.has(new Uint8Array(MAX_KEY_BYTES + 1)), RangeError);
      assert.throws(() => store.range({ prefix: new Uint8Array(MAX_KEY_BYTES + 1) }), RangeError);
      assert.throws(() => store.range({}, { limit: -1 }), RangeError);
      const longKey = new Uint8Array(MAX_KEY_BYTES).fill(0xff);
      await put(store, [longKey, b(1)]);
      assert.deepEqual(store.get(longKey), b(1));
      assert.deepEqual(keysHex(store.range({ prefix: longKey })), [hex(longKey)]);
    });

    it('100k keys: counts, order, prefixes, point reads', async () => {
      await fresh();
      const n = 100_000;
      const keyOf = (i: number): Uint8Array => b(0x20 + (i % 3), (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff);
      for (let start = 0; start < n; start += 25_000) {
        const batch = new WriteBatch();
        for (let i = start; i < start + 25_000; i++) batch.put(keyOf(i), b(i & 0xff, (i >> 8) & 0xff));
        await store.write(batch);
      }
      let count = 0;
      let prev: Uint8Array | undefined;
      for (const [k] of store.range({})) {
        if (prev !== undefined) assert.ok(compareKeys(prev, k) < 0);
        prev = k;
        count++;
      }
      assert.equal(count, n);
      assert.equal([...store.range({ prefix: b(0x21) })].length, Math.floor(n / 3));
      for (let i = 0; i < n; i += 997) assert.deepEqual(store.get(keyOf(i)), b(i & 0xff, (i >> 8) & 0xff));
      assert.deepEqual(keysHex(store.range({ prefix: b(0x22) }, { reverse: true, limit: 1 })), [hex(keyOf(99_998))]);
      const del = new WriteBatch();
      for (let i = 0; i < n; i += 2) del.del(keyOf(i));
      await store.write(del);
      assert.equal([...store.range({})].length, n / 2);
      assert.equal(store.has(keyOf(2)), false);
      assert.equal(store.has(keyOf(3)), true);
    });

    it('property: random batches give the same contents and ranges as a Map model', async () => {
      const keyArb = fc.uint8Array({ minLength: 1, maxLength: 4 }).map((k) => k.map((x) => [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff][x % 6]!));
      const opArb = fc.oneof(
        fc.record({ type: fc.constant('put' as const), key: keyArb, value: fc.uint8Array({ maxLength: 6 }) }),
        fc.record({ type: fc.constant('del' as const), key: keyArb }),
      );
      const rangeArb: fc.Arbitrary<KeyRange> = fc.oneof(
        fc.record({ prefix: fc.uint8Array({ maxLength: 3 }).map((k) => k.map((x) => [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff][x % 6]!)) }),
        fc.record({ gte: keyArb, lt: keyArb }, { requiredKeys: [] }),
      );
      const optionsArb = fc.record({ reverse: fc.boolean(), limit: fc.nat(12) }, { requiredKeys: ['reverse'] });
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(opArb, { maxLength: 12 }), { minLength: 1, maxLength: 6 }),
          fc.array(fc.tuple(rangeArb, optionsArb), { minLength: 1, maxLength: 6 }),
          async (batches, queries) => {
            await fresh();
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
              await store.write(batch);
            }
            assert.deepEqual(dump(store), modelRange(model, {}));
            for (const [k, v] of model) {
              assert.deepEqual(store.get(Buffer.from(k, 'hex')), v);
            }
            for (const [range, options] of queries) {
              assert.deepEqual(entriesHex(store.range(range, options)), modelRange(model, range, options));
            }
          },
        ),
        { numRuns: h.propertyRuns },
      );
    });

    it('after close: reads throw and writes reject with StorageError(closed)', async () => {
      const own = await h.create();
      await put(own.store, [b(1), b(1)]);
      await own.store.close();
      assert.equal(own.store.isClosed, true);
      assert.throws(() => own.store.get(b(1)), (e: unknown) => e instanceof StorageError && e.kind === 'closed');
      assert.throws(() => own.store.range({}), (e: unknown) => e instanceof StorageError && e.kind === 'closed');
      await assert.rejects(own.store.write(new WriteBatch().put(b(2), b(2))), (e: unknown) => e instanceof StorageError && e.kind === 'closed');
      await own.store.close(); // idempotent
      await own.dispose();
    });
  });
}
