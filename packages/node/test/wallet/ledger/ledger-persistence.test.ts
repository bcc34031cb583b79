import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '@ocean-ts/core';
import { LmdbKvStore } from '../../../src/storage/lmdb-kv-store.js';
import { MemoryKvStore } from '../../../src/storage/memory-kv-store.js';
import type { KvStore } from '../../../src/storage/kv-store.js';
import { StorageError } from '../../../src/storage/storage-error.js';
import { WriteBatch } from '../../../src/storage/write-batch.js';
import { WalletLedger, WalletTxRecord, WALLET_LEDGER_LAYOUT, type TxStatus } from '../../../src/wallet/ledger/index.js';
import { ASSET_A, ASSET_B, COIN, MINE, MINE2, OTHER, TableIsMine, TestChain, fee, id32, out, receive, tx } from './support.js';

const NOW = 1_700_000_000;

function open(store: KvStore, isMine = new TableIsMine()): Promise<WalletLedger> {
  return WalletLedger.open(store, { isMine, now: () => NOW });
}

/** Everything observable about a ledger, as plain data. */
function fingerprint(l: WalletLedger, withOrder = true): unknown {
  const txs = [...l.transactions()].map((w) => ({
    txid: w.key,
    status: statusText(w.record.status),
    depth: l.depth(w),
    abandoned: w.record.isAbandoned,
    fromMe: w.record.fromMe,
    ...(withOrder ? { order: w.record.orderPos, received: w.record.timeReceived, smart: w.record.timeSmart } : {}),
  }));
  const b = l.balances();
  return {
    tip: l.tip === undefined ? null : [toHex(l.tip.hash), l.tip.height],
    txs,
    balances: Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.toRecord()])),
    coins: l.availableCoins({ onlySafe: false, includeZeroValue: true }).map((c) => `${c.txidKey}:${c.index}:${c.value}:${c.depth}`),
  };
}

function statusText(s: TxStatus): string {
  switch (s.kind) {
    case 'confirmed':
      return `confirmed ${toHex(s.blockHash)} ${s.height} ${s.index}`;
    case 'conflicted':
      return `conflicted ${toHex(s.blockHash)} ${s.height}`;
    default:
      return s.kind;
  }
}

async function reopenLike(live: WalletLedger, store: MemoryKvStore): Promise<WalletLedger> {
  const l = await open(store.fork());
  await l.setMempoolContents([...live.transactions()].filter((w) => live.inMempool(w.txid)).map((w) => w.txid));
  return l;
}

test('wallet tx records round-trip every status and field', () => {
  const t = tx([[id32(7), 1]], [out(ASSET_A, 5n, MINE), fee(ASSET_A, 1n)], 55);
  const statuses: TxStatus[] = [
    { kind: 'unconfirmed' },
    { kind: 'confirmed', blockHash: id32(9), height: 123456, index: 7 },
    { kind: 'conflicted', blockHash: id32(10), height: 99 },
    { kind: 'abandoned' },
  ];
  for (const status of statuses) {
    const r = new WalletTxRecord({
      tx: t,
      status,
      fromMe: status.kind === 'abandoned',
      timeReceived: 1_700_000_001,
      timeSmart: 1_699_999_999,
      orderPos: 2 ** 40,
      fromAccount: 'bob ☃',
      values: [
        ['comment', 'hi'],
        ['to', ''],
      ],
      known: new Map([[0, { value: 5n, asset: ASSET_B, valueBlinder: id32(1), assetBlinder: id32(2) }]]),
    });
    const d = WalletTxRecord.decode(r.encode());
    assert.equal(toHex(d.tx.toBytes()), toHex(t.toBytes()));
    assert.equal(statusText(d.status), statusText(status));
    assert.deepEqual(
      { ...d.fields(), tx: null, status: null },
      { ...r.fields(), tx: null, status: null },
    );
    assert.equal(toHex(d.encode()), toHex(r.encode()));
  }
  const bad = new WalletTxRecord({
    tx: t,
    status: statuses[0]!,
    fromMe: false,
    timeReceived: 0,
    timeSmart: 0,
    orderPos: 0,
    fromAccount: '',
    values: [],
    known: new Map(),
  }).encode();
  assert.throws(() => WalletTxRecord.decode(Uint8Array.of(...bad, 0)), /trailing/);
  assert.throws(() => WalletTxRecord.decode(Uint8Array.of(2, ...bad.subarray(1))), /version 2/);
});

test('a damaged transaction record stops the open with a storage error naming the transaction', async () => {
  const store = new MemoryKvStore();
  const ledger = await open(store);
  const r = receive([out(ASSET_A, 1n, MINE)]);
  await ledger.blockConnected({ block: new TestChain().add([r]), height: 0 });
  const key = WALLET_LEDGER_LAYOUT.key('tx', r.txid);
  const batch = new WriteBatch().put(key, store.get(key)!.subarray(0, 20));
  await store.write(batch);
  await assert.rejects(open(store), (e: Error) => e instanceof StorageError && e.kind === 'corrupt' && e.message.includes(r.txidHex));
});

/** A scripted run through receipts, spends, a conflict, an abandon, a reorg; `check` runs after every step. */
async function scenario(ledger: WalletLedger, chain: TestChain, check: (step: string) => Promise<void>): Promise<void> {
  const connect = async (txs: ReturnType<typeof tx>[] = [], cb: ReturnType<typeof out>[] = []) => {
    const b = chain.add(txs, cb);
    await ledger.blockConnected({ block: b, height: chain.tipHeight });
    await check(`connect ${chain.tipHeight}`);
  };
  const disconnect = async () => {
    const [b] = chain.truncate(chain.tipHeight - 1);
    await ledger.blockDisconnected({ block: b!, height: chain.tipHeight + 1 });
    await check(`disconnect ${chain.tipHeight + 1}`);
  };
  const r1 = receive([out(ASSET_A, 5n * COIN, MINE), out(ASSET_B, 2n * COIN, MINE2)]);
  const r2 = receive([out(ASSET_A, 1n * COIN, MINE2)]);
  await connect([r1], [out(ASSET_A, 3n * COIN, MINE)]);
  await connect([r2]);
  const spend = tx([[r1, 0]], [out(ASSET_A, 2n * COIN, OTHER), out(ASSET_A, 29n * 10_000_000n, MINE), fee(ASSET_A, 10_000_000n)]);
  await ledger.transactionAddedToMempool(spend);
  await check('mempool spend');
  const child = tx([[spend, 1]], [out(ASSET_A, 28n * 10_000_000n, MINE2), fee(ASSET_A, 10_000_000n)]);
  await ledger.addTransaction(child, { fromMe: true, values: [['comment', 'child']] });
  await check('commit child');
  await ledger.transactionAddedToMempool(child);
  await connect([spend]);
  await ledger.transactionRemovedFromMempool(spend.txid, 'block');
  await connect([]);
  const other = tx([[r2, 0]], [out(ASSET_A, 9n * 10_000_000n, OTHER), fee(ASSET_A, 10_000_000n)]);
  await ledger.addTransaction(other, { fromMe: true });
  await check('commit other (never broadcast)');
  assert.equal(await ledger.abandonTransaction(other.txid), 'abandoned');
  await check('abandon');
  // A double spend of r1:0 on a competing branch conflicts `spend` and `child` after a reorg.
  await disconnect();
  await disconnect();
  await ledger.transactionAddedToMempool(spend);
  const ds = tx([[r1, 0]], [out(ASSET_A, 49n * 10_000_000n, OTHER), fee(ASSET_A, 10_000_000n)]);
  await connect([ds]);
  await connect([]);
  await connect([]);
}

test('after every event a restart (kill now, reopen) shows exactly the live ledger', async () => {
  const store = new MemoryKvStore();
  const live = await open(store);
  const chain = new TestChain();
  let steps = 0;
  await scenario(live, chain, async (step) => {
    steps++;
    const reopened = await reopenLike(live, store);
    assert.deepEqual(fingerprint(reopened), fingerprint(live), `after ${step}`);
  });
  assert.ok(steps >= 12);
  const spendKey = [...live.transactions()].filter((w) => w.record.status.kind === 'conflicted').length;
  assert.equal(spendKey, 2, 'spend and child end conflicted');
});

test('a failed write leaves memory and store as they were, and the event can be retried', async () => {
  const store = new MemoryKvStore();
  const ledger = await open(store);
  const chain = new TestChain();
  await ledger.blockConnected({ block: chain.add([receive([out(ASSET_A, 1n * COIN, MINE)])]), height: 0 });
  const before = fingerprint(ledger);
  const b = chain.add([receive([out(ASSET_A, 2n * COIN, MINE)])]);
  store.failNextWrite();
  await assert.rejects(ledger.blockConnected({ block: b, height: 1 }));
  assert.deepEqual(fingerprint(ledger), before);
  assert.deepEqual(fingerprint(await open(store.fork())), before);
  await ledger.blockConnected({ block: b, height: 1 });
  assert.deepEqual(ledger.getBalance().toRecord(), { [toHex(Uint8Array.from(ASSET_A).reverse())]: 3n * COIN });
});

test('restart behind the chain or on a stale branch: syncWithChain rewinds to the fork and reconnects', async () => {
  const store = new MemoryKvStore();
  const live = await open(store);
  const chain = new TestChain();
  const r1 = receive([out(ASSET_A, 5n * COIN, MINE)]);
  for (const txs of [[r1], [], []]) await live.blockConnected({ block: chain.add(txs), height: chain.tipHeight });
  const spend = tx([[r1, 0]], [out(ASSET_A, 4n * COIN, OTHER), out(ASSET_A, 9n * 10_000_000n, MINE2), fee(ASSET_A, 10_000_000n)]);
  await live.addTransaction(spend, { fromMe: true });
  await live.blockConnected({ block: chain.add([spend]), height: 3 });
  const snapshot = store.fork(); // the ledger was at height 3 when the node died

  // Meanwhile the chain switched to a branch from height 1 without `spend`, and a later block pays us.
  chain.truncate(1);
  const late = receive([out(ASSET_B, 7n * COIN, MINE)]);
  chain.add([]);
  chain.add([]);
  chain.add([late]);
  chain.add([]);

  const restarted = await open(snapshot);
  assert.equal(restarted.tip!.height, 3);
  const r = await restarted.syncWithChain(chain);
  assert.equal(r.rewoundTo, 1);
  assert.equal(r.fromHeight, 2);
  assert.equal(r.toHeight, 5);
  assert.equal(r.added, 1);
  assert.equal(toHex(restarted.tip!.hash), toHex(chain.tipHash));
  assert.equal(restarted.depth(restarted.get(spend.txid)!), 0, 'spend is unconfirmed again');
  assert.equal(restarted.depth(restarted.get(late.txid)!), 2);

  // Same state as a wallet that followed the new branch from the start and got `spend` committed.
  const fresh = await open(new MemoryKvStore());
  for (let h = 0; h <= chain.tipHeight; h++) await fresh.blockConnected({ block: chain.blocks[h]!, height: h });
  await fresh.addTransaction(spend, { fromMe: true });
  const strip = (f: unknown) => JSON.parse(JSON.stringify(f, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  const a = strip(fingerprint(restarted, false));
  const b = strip(fingerprint(fresh, false));
  a.txs = a.txs.map((t: { fromMe: boolean }) => ({ ...t, fromMe: null }));
  b.txs = b.txs.map((t: { fromMe: boolean }) => ({ ...t, fromMe: null }));
  assert.deepEqual(a, b);

  // A ledger that is merely behind just catches up.
  const behind = await open(new MemoryKvStore());
  await behind.blockConnected({ block: chain.blocks[0]!, height: 0 });
  const r2 = await behind.syncWithChain(chain);
  assert.equal(r2.rewoundTo, undefined);
  assert.equal(r2.fromHeight, 1);
  assert.equal(behind.tip!.height, chain.tipHeight);
  // An empty ledger scans from genesis.
  const empty = await open(new MemoryKvStore());
  const r3 = await empty.syncWithChain(chain);
  assert.equal(r3.fromHeight, 0);
  assert.equal(empty.size, 2);
  // A new wallet that starts at the current tip (Core's first run) scans nothing before it.
  const born = await open(new MemoryKvStore());
  await born.startAt({ hash: chain.tipHash, height: chain.tipHeight });
  const r4 = await born.syncWithChain(chain);
  assert.equal(r4.fromHeight, -1);
  assert.equal(born.size, 0);
  await assert.rejects(born.startAt({ hash: chain.tipHash, height: chain.tipHeight }), /already follows/);
});

test('an event in flight when the node dies: the restart sees the ledger at the previous or the new block, never between', async () => {
  const store = new MemoryKvStore();
  const live = await open(store);
  const chain = new TestChain();
  const txs = Array.from({ length: 50 }, (_, i) => receive([out(ASSET_A, BigInt(i + 1), MINE)]));
  await live.blockConnected({ block: chain.add([]), height: 0 });
  const pending = live.blockConnected({ block: chain.add(txs), height: 1 });
  const during = await open(store.fork());
  await pending;
  const after = await open(store.fork());
  for (const l of [during, after]) {
    const n = l.size;
    assert.ok(n === 0 || n === 50, `all or nothing, got ${n}`);
    assert.equal(l.tip!.height, n === 0 ? 0 : 1);
  }
  await during.syncWithChain(chain);
  assert.deepEqual(fingerprint(during, false), fingerprint(after, false));
});

test('LMDB: the ledger survives close and reopen, under its own schema record', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-lmdb-'));
  try {
    const chain = new TestChain();
    let store = LmdbKvStore.open(dir);
    let ledger = await open(store);
    let expected: unknown;
    await scenario(ledger, chain, async () => undefined);
    expected = fingerprint(ledger);
    await store.close();
    store = LmdbKvStore.open(dir);
    ledger = await open(store);
    assert.deepEqual(fingerprint(ledger), expected);
    let n = 0;
    for (const _ of store.range(WALLET_LEDGER_LAYOUT.range('tx'))) n++;
    assert.equal(n, ledger.size);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
