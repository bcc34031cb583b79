import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyspaceLayout, openWithSchema, readSchemaVersion } from '../../src/storage/layout.js';
import { LmdbKvStore } from '../../src/storage/lmdb-kv-store.js';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import { outpointKey, heightKey } from '../../src/storage/key-codec.js';
import type { KvStore } from '../../src/storage/kv-store.js';
import { StorageError } from '../../src/storage/storage-error.js';
import { WriteBatch } from '../../src/storage/write-batch.js';

const coinsV1 = new KeyspaceLayout('coins', 1, {
  coin: { byte: 0x43, description: 'outpoint -> coin' },
  undo: { byte: 0x55, description: 'height || hash -> block undo' },
  best: { byte: 0x42, description: 'best block hash' },
});
const coinsV2 = new KeyspaceLayout('coins', 2, {
  coin: { byte: 0x43, description: 'outpoint -> coin' },
  undo: { byte: 0x55, description: 'height || hash -> block undo' },
  best: { byte: 0x42, description: 'best block hash' },
});
const txindex = new KeyspaceLayout('txindex', 1, { tx: { byte: 0x74, description: 'txid -> position' } });

const isKind = (kind: StorageError['kind'], re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof StorageError, String(e));
  assert.equal(e.kind, kind);
  assert.match(e.message, re);
  return true;
};

describe('KeyspaceLayout', () => {
  it('builds keys and ranges from its prefix table', () => {
    const txid = new Uint8Array(32).fill(1);
    assert.deepEqual(coinsV1.key('coin', outpointKey(txid, 1)), Uint8Array.from([0x43, ...txid, 0, 0, 0, 1]));
    assert.deepEqual(coinsV1.range('undo', heightKey(5)), { prefix: Uint8Array.of(0x55, 0, 0, 0, 5) });
    assert.equal(coinsV1.prefix('best'), 0x42);
    assert.deepEqual(
      coinsV1.table.map((r) => r.byte),
      [0x42, 0x43, 0x55],
    );
    assert.match(coinsV1.describe(), /^coins \(schema version 1\)\n {2}0x42 {2}best/);
  });

  it('rejects bad definitions', () => {
    assert.throws(() => new KeyspaceLayout('x', 1, { a: { byte: 0, description: '' } }), /0x00 is reserved/);
    assert.throws(() => new KeyspaceLayout('x', 1, { a: { byte: 1, description: '' }, b: { byte: 1, description: '' } }), /both use byte 0x01/);
    assert.throws(() => new KeyspaceLayout('Bad Name', 1, { a: { byte: 1, description: '' } }), /name must match/);
    assert.throws(() => new KeyspaceLayout('x', 0, { a: { byte: 1, description: '' } }), /schema version/);
    assert.throws(() => new KeyspaceLayout('x', 1, {}), /no prefixes/);
  });
});

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

for (const kind of ['memory', 'lmdb'] as const) {
  describe(`openWithSchema (${kind})`, () => {
    let dir = '';
    const openStore = (): KvStore => (kind === 'memory' ? new MemoryKvStore() : LmdbKvStore.open(dir));
    const fresh = (): KvStore => {
      if (kind === 'lmdb') {
        dir = mkdtempSync(join(tmpdir(), 'ocean-layout-test-'));
        dirs.push(dir);
      }
      return openStore();
    };
    /** Reopen: a new LMDB handle on the same files, or a fork of the memory store. */
    const reopen = async (s: KvStore): Promise<KvStore> => {
      if (s instanceof MemoryKvStore) return s.fork();
      await s.close();
      return openStore();
    };

    it('the first open writes the version, a reopen accepts it', async () => {
      let store = fresh();
      assert.deepEqual(await openWithSchema(store, coinsV1, txindex), { created: ['coins', 'txindex'] });
      assert.equal(readSchemaVersion(store, 'coins'), 1);
      await store.write(new WriteBatch().put(coinsV1.key('best'), new Uint8Array(32)));
      store = await reopen(store);
      assert.deepEqual(await openWithSchema(store, coinsV1, txindex), { created: [] });
      assert.equal(readSchemaVersion(store, 'txindex'), 1);
      await store.close();
    });

    it('a different version is refused with found/expected and a -reindex hint', async () => {
      let store = fresh();
      await openWithSchema(store, coinsV1);
      store = await reopen(store);
      await assert.rejects(
        openWithSchema(store, coinsV2),
        isKind('schema-mismatch', /^coins data in .+ has schema version 1, expected 2: .*restart with -reindex/),
      );
      await store.close();
    });

    it('data without a version record is refused', async () => {
      const store = fresh();
      await store.write(new WriteBatch().put(coinsV1.key('coin', outpointKey(new Uint8Array(32), 0)), Uint8Array.of(1)));
      await assert.rejects(openWithSchema(store, coinsV1), isKind('schema-mismatch', /no schema version record .*prefix 0x43 \(coin\).*-reindex/));
      await store.close();
    });

    it('two layouts on one prefix are refused, in one call or across opens', async () => {
      const clash = new KeyspaceLayout('other', 1, { thing: { byte: 0x55, description: '' } });
      const store = fresh();
      await assert.rejects(openWithSchema(store, coinsV1, clash), isKind('layout-conflict', /coins and other both use prefix 0x55/));
      await openWithSchema(store, coinsV1);
      await assert.rejects(openWithSchema(store, clash), isKind('layout-conflict', /prefix 0x55 \(other\.thing\) .* already belongs to keyspace coins/));
      await store.close();
    });
  });
}
