/**
 * Child process of the crash-consistency tests: writes numbered batches to the LMDB store in `dir`
 * forever, printing each batch number once its `write()` has resolved (durable), until killed.
 *
 *   node --import tsx crash-writer.ts <dir> <keys>
 *
 * Batch n sets, in one WriteBatch (see crash-layout.ts for the exact contents):
 *   0x01 || u16be(i), i < keys   → value of varying length stamped with n
 *   0x03                         → a large value (overflow pages) stamped with n
 *   0x04 || u32be(n) || u8(j)    → 50 new keys, while deleting batch n-1's 50 keys
 *   0x02                         → tip: u32be(n)
 */
import { LmdbKvStore } from '../../../src/storage/lmdb-kv-store.js';
import { readU32be } from '../../../src/storage/key-codec.js';
import { WriteBatch } from '../../../src/storage/write-batch.js';
import { CHURN_KEYS, TIP_KEY, bigValue, churnKey, slotKey, slotValue } from './crash-layout.js';

const [dir, keysArg] = process.argv.slice(2);
if (dir === undefined || keysArg === undefined) throw new Error('usage: crash-writer.ts <dir> <keys>');
const keys = Number(keysArg);
const store = LmdbKvStore.open(dir);
const tip = store.get(TIP_KEY);
let n = tip === undefined ? 0 : readU32be(tip);
process.stdout.write(`ready ${n}\n`);
for (;;) {
  n++;
  const batch = new WriteBatch();
  for (let i = 0; i < keys; i++) batch.put(slotKey(i), slotValue(n, i));
  batch.put(Uint8Array.of(0x03), bigValue(n));
  for (let j = 0; j < CHURN_KEYS; j++) {
    if (n > 1) batch.del(churnKey(n - 1, j));
    batch.put(churnKey(n, j), Uint8Array.of(j));
  }
  batch.put(TIP_KEY, Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff));
  await store.write(batch);
  process.stdout.write(`${n}\n`);
}
