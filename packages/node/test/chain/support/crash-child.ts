/**
 * Child process of the chain crash tests: opens the chain state in the LMDB store `dir`, connects the
 * deterministic `crashChain(n)` block by block, then keeps disconnecting and reconnecting the last
 * three blocks (invalidate / reconsider) — printing the tip height after every call — until killed.
 *
 *   node --import tsx crash-child.ts <dir> <n>
 */
import { LmdbKvStore } from '../../../src/storage/lmdb-kv-store.js';
import { crashChain, openRegtest } from './regtest-chain.js';

const [dir, nArg] = process.argv.slice(2);
if (dir === undefined || nArg === undefined) throw new Error('usage: crash-child.ts <dir> <n>');
const blocks = crashChain(Number(nArg));
const store = LmdbKvStore.open(dir);
const cs = await openRegtest(store);
const pivot = blocks[blocks.length - 3]!;
if (cs.getEntry(pivot.hash)?.isFailed) await cs.reconsiderBlock(pivot.hash);
process.stdout.write(`ready ${cs.height}\n`);
for (const b of blocks.slice(cs.height)) {
  const r = await cs.processBlock(b);
  if (r) throw new Error(`block ${b.header.height}: ${r.toString()}`);
  process.stdout.write(`${cs.height}\n`);
}
for (;;) {
  await cs.invalidateBlock(pivot.hash);
  process.stdout.write(`${cs.height}\n`);
  await cs.reconsiderBlock(pivot.hash);
  process.stdout.write(`${cs.height}\n`);
}
