// A child process for the SQLite store tests (not a test itself):
//   write <path> <start>      save attestations start, start+1, … forever, printing each index once committed
//   allocate <path> <count>   allocate `count` client slots, printing the positions as one JSON line
import { SqliteMainstayStore } from '../../src/store/sqlite-store.js';
import { hx, record } from '../store/sample-data.js';

// Keep in step with KILL_LEAVES in sqlite-store.test.ts.
const WRITE_LEAVES = 40;

async function main(): Promise<void> {
  const [mode, path, arg] = process.argv.slice(2);
  if (!path || !arg) throw new Error('usage: sqlite-child write|allocate <path> <n>');
  const store = SqliteMainstayStore.open(path);
  if (mode === 'write') {
    for (let i = Number(arg); ; i++) {
      await store.saveAttestation(record(hx(`kill-tx-${i}`), hx(`kill-root-${i}`), { n: WRITE_LEAVES, insertedAt: i, confirmed: true, info: true }));
      process.stdout.write(`${i}\n`);
    }
  } else if (mode === 'allocate') {
    const got: number[] = [];
    for (let i = 0; i < Number(arg); i++) {
      got.push((await store.allocateClient({ authToken: `p${process.pid}-${i}`, pubkey: '', clientName: `n${i}` }, true)).clientPosition);
    }
    await store.close();
    process.stdout.write(`${JSON.stringify(got)}\n`);
  } else {
    throw new Error(`unknown mode ${String(mode)}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e instanceof Error ? e.stack : e)}\n`);
  process.exit(1);
});
