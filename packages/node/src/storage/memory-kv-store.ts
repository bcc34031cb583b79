import { checkKey } from './key-codec.js';
import { resolveLimit, resolveRange } from './kv-store.js';
import type { KeyRange, KvEntry, KvStore, RangeOptions } from './kv-store.js';
import { PersistentBTree } from './persistent-btree.js';
import type { TreeSnapshot } from './persistent-btree.js';
import { StorageError } from './storage-error.js';
import type { WriteBatch } from './write-batch.js';

/** One char per byte: JS string order is then memcmp order on the bytes. */
function keyString(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');
}

/**
 * An in-memory `KvStore` for unit tests of the layers above storage (and for `-regtest` runs without
 * a datadir). Backed by a persistent B+tree: O(log n) reads and writes, range iteration over a
 * snapshot, and O(1) `fork()`. Reads return copies, so callers can never change stored bytes.
 *
 * Test hooks: `fork()` gives the state a restart would see if the process were killed now (every
 * resolved write, no partial batch); `failNextWrite()` makes the next `write()` reject with nothing
 * applied, to test that callers keep their caches unchanged when a commit fails.
 */
export class MemoryKvStore implements KvStore {
  private readonly tree: PersistentBTree<KvEntry>;
  private closed = false;
  private readonly injectedFailures: Error[] = [];

  constructor(from?: TreeSnapshot<KvEntry>) {
    this.tree = new PersistentBTree<KvEntry>(from);
  }

  /** Number of keys stored. */
  get size(): number {
    return this.tree.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get location(): string {
    return 'memory';
  }

  get(key: Uint8Array): Uint8Array | undefined {
    this.assertOpen();
    checkKey(key);
    const e = this.tree.get(keyString(key));
    return e === undefined ? undefined : e[1].slice();
  }

  has(key: Uint8Array): boolean {
    this.assertOpen();
    checkKey(key);
    return this.tree.has(keyString(key));
  }

  range(range: KeyRange, options?: RangeOptions): Iterable<KvEntry> {
    this.assertOpen();
    const r = resolveRange(range);
    const limit = resolveLimit(options);
    const reverse = options?.reverse === true;
    if (r.empty || limit === 0) return [];
    const snap = this.tree.snapshot();
    const gte = r.gte === undefined ? undefined : keyString(r.gte);
    const lt = r.lt === undefined ? undefined : keyString(r.lt);
    return {
      *[Symbol.iterator](): Iterator<KvEntry> {
        const it = reverse ? PersistentBTree.descending(snap, gte, lt) : PersistentBTree.ascending(snap, gte, lt);
        let n = 0;
        for (const [k, v] of it) {
          if (limit !== undefined && n++ >= limit) return;
          yield [k.slice(), v.slice()];
        }
      },
    };
  }

  async write(batch: WriteBatch): Promise<void> {
    this.assertOpen();
    const failure = this.injectedFailures.shift();
    if (failure !== undefined) {
      throw new StorageError('write-failed', `in-memory write of ${batch.length} operations failed (injected)`, undefined, {
        cause: failure,
      });
    }
    // Batch keys and values were copied when added and are never handed out, so they can be stored as they are.
    for (const op of batch.ops) {
      if (op.type === 'put') this.tree.set(keyString(op.key), [op.key, op.value]);
      else this.tree.delete(keyString(op.key));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** An independent store holding the current contents (what a restart would find after a kill now). */
  fork(): MemoryKvStore {
    this.assertOpen();
    return new MemoryKvStore(this.tree.snapshot());
  }

  /** Makes the next `write()` reject with a StorageError('write-failed') and apply nothing. */
  failNextWrite(cause: Error = new Error('injected write failure')): void {
    this.injectedFailures.push(cause);
  }

  /** Checks the tree's invariants (tests). */
  checkInvariants(): void {
    this.tree.checkInvariants();
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('closed', 'in-memory store used after close');
  }
}
