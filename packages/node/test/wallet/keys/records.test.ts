import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeAddressBookEntry, decodeDestinationKey, destinationKey, encodeAddressBookEntry } from '../../../src/wallet/keys/address-book.js';
import { HdChain } from '../../../src/wallet/keys/hd-chain.js';
import { KeyPool, decodePoolKey, decodePoolValue, encodePoolKey, encodePoolValue } from '../../../src/wallet/keys/key-pool.js';
import { StoredKey } from '../../../src/wallet/keys/stored-key.js';
import { WALLET_KEYS_LAYOUT } from '../../../src/wallet/keys/layout.js';
import { CHAIN_LAYOUT } from '../../../src/chain/layout.js';

const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });

const storedKey = fc
  .record({
    base: fc.oneof(bytes(33), bytes(65)),
    pub: fc.oneof(bytes(33), bytes(65)),
    compressed: fc.boolean(),
    crypted: fc.boolean(),
    tweak: fc.option(bytes(32), { nil: undefined }),
    time: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    path: fc.string(),
    master: fc.option(bytes(20), { nil: undefined }),
    secret32: bytes(32),
    secret48: bytes(48),
  })
  .map(
    (r) =>
      new StoredKey(r.base, r.pub, r.compressed, r.crypted ? r.secret48 : r.secret32, r.crypted, r.tweak, {
        createTime: r.time,
        hdKeypath: r.path,
        hdMasterKeyId: r.master,
      }),
  );

test('key records round-trip and reject trailing bytes (property)', () => {
  fc.assert(
    fc.property(storedKey, (k) => {
      const b = k.encode();
      assert.deepEqual(StoredKey.decode(b), k);
      assert.deepEqual(StoredKey.decode(b).encode(), b);
      assert.throws(() => StoredKey.decode(Uint8Array.of(...b, 0)));
      assert.throws(() => StoredKey.decode(b.slice(0, -1)));
    }),
  );
});

test('a key record whose secret length does not fit its crypted flag is refused', () => {
  const k = new StoredKey(new Uint8Array(33), new Uint8Array(33), true, new Uint8Array(48), false, undefined, { createTime: 0, hdKeypath: '' });
  assert.throws(() => StoredKey.decode(k.encode()), /secret is 48 bytes/);
});

test('HD chain, pool and address book records round-trip (property)', () => {
  fc.assert(
    fc.property(bytes(20), fc.nat({ max: 0xffffffff }), fc.nat({ max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.string(), fc.string(), fc.boolean(), (id, counter, index, time, name, purpose, isKey) => {
      const h = new HdChain(id, counter);
      assert.deepEqual(HdChain.decode(h.encode()), h);
      assert.equal(decodePoolKey(encodePoolKey(index)), index);
      assert.deepEqual(decodePoolValue(index, encodePoolValue({ index, time, keyId: id })), { index, time, keyId: id });
      const dest = { type: isKey ? ('keyhash' as const) : ('scripthash' as const), hash: id };
      assert.deepEqual(decodeDestinationKey(destinationKey(dest)), dest);
      assert.deepEqual(decodeAddressBookEntry(encodeAddressBookEntry({ name, purpose })), { name, purpose });
    }),
  );
});

test('pool keys sort by index (big-endian) like the in-memory pool', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.nat({ max: 2 ** 40 }), { minLength: 1, maxLength: 30 }), (indexes) => {
      const pool = new KeyPool();
      for (const i of indexes) pool.add({ index: i, time: 0, keyId: new Uint8Array(20) });
      const sortedByKey = [...indexes].sort((a, b) => Buffer.compare(Buffer.from(encodePoolKey(a)), Buffer.from(encodePoolKey(b))));
      assert.deepEqual(pool.available().map((e) => e.index), sortedByKey);
      assert.equal(pool.first()!.index, Math.min(...indexes));
      assert.equal(pool.nextIndex, Math.max(...indexes) + 1);
    }),
  );
});

test('the wallet layout does not share a prefix with the chain layout', () => {
  const chain = new Set(CHAIN_LAYOUT.table.map((r) => r.byte));
  for (const r of WALLET_KEYS_LAYOUT.table) assert.ok(!chain.has(r.byte), r.name);
});
