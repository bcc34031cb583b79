import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PersistentBTree } from '../../src/storage/persistent-btree.js';

function sortedModel(m: Map<string, number>): [string, number][] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('PersistentBTree', () => {
  it('property: random sets/deletes match a Map, invariants hold, snapshots never change', () => {
    const keyArb = fc.integer({ min: 0, max: 3000 }).map((i) => String.fromCharCode(i >> 8, i & 0xff));
    const opArb = fc.tuple(fc.boolean(), keyArb, fc.integer());
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 2000, size: 'max' }), fc.nat(2000), (ops, snapAt) => {
        const tree = new PersistentBTree<number>();
        const model = new Map<string, number>();
        let snap: ReturnType<PersistentBTree<number>['snapshot']> | undefined;
        let snapModel: [string, number][] = [];
        ops.forEach(([isSet, k, v], i) => {
          if (i === snapAt) {
            snap = tree.snapshot();
            snapModel = sortedModel(model);
          }
          if (isSet) {
            tree.set(k, v);
            model.set(k, v);
          } else {
            assert.equal(tree.delete(k), model.delete(k));
          }
        });
        tree.checkInvariants();
        assert.equal(tree.size, model.size);
        const now = tree.snapshot();
        const expected = sortedModel(model);
        assert.deepEqual([...PersistentBTree.ascending(now, undefined, undefined)], expected.map(([, v]) => v));
        assert.deepEqual([...PersistentBTree.descending(now, undefined, undefined)], expected.map(([, v]) => v).reverse());
        for (const [k, v] of model) assert.equal(tree.get(k), v);
        if (snap !== undefined) {
          assert.deepEqual([...PersistentBTree.ascending(snap, undefined, undefined)], snapModel.map(([, v]) => v));
          new PersistentBTree(snap).checkInvariants();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('bounded iteration in both directions', () => {
    const tree = new PersistentBTree<string>();
    const keys: string[] = [];
    for (let i = 0; i < 5000; i += 5) {
      const k = String.fromCharCode(i >> 8, i & 0xff);
      keys.push(k);
      tree.set(k, k);
    }
    const snap = tree.snapshot();
    const bounds = [undefined, '\x00', '\x00\x05', '\x00\x06', '\x07\x00', '\x13\x83', '\x13\x88', '\xff'];
    for (const gte of bounds) {
      for (const lt of bounds) {
        const want = keys.filter((k) => (gte === undefined || k >= gte) && (lt === undefined || k < lt));
        assert.deepEqual([...PersistentBTree.ascending(snap, gte, lt)], want);
        assert.deepEqual([...PersistentBTree.descending(snap, gte, lt)], want.reverse());
      }
    }
  });

  it('deleting everything shrinks back to an empty root', () => {
    const tree = new PersistentBTree<number>();
    for (let i = 0; i < 20_000; i++) tree.set(`k${i}`, i);
    for (let i = 0; i < 20_000; i++) assert.equal(tree.delete(`k${(i * 7919) % 20_000}`), true);
    tree.checkInvariants();
    assert.equal(tree.size, 0);
    assert.deepEqual([...PersistentBTree.ascending(tree.snapshot(), undefined, undefined)], []);
  });
});
