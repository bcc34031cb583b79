// The guardnode request table as chain state (ocean-policy.md §9.5): replay of the original's
// rt-policy chain, reorgs restore the table exactly, restarts keep it, a chain state without it is
// rebuilt from the UTXO set, and the auction rules on synthetic blocks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OP, ScriptBuilder, fromDisplayHex, toDisplayHex, toHex, type Block } from '@ocean-ts/core';
import type { Chainstate } from '../../src/chain/chainstate.js';
import { extensionKey } from '../../src/chain/extension-keys.js';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import type { KvReader } from '../../src/storage/kv-store.js';
import { RequestListExtension } from '../../src/policy/request-list-extension.js';
import { scanUtxoRequests } from '../../src/policy/request-scan.js';
import type { RequestWithBids } from '../../src/policy/request-records.js';
import { corpusChain, openCorpusChainstate, replayCorpus } from '../chain/support/corpus.js';
import { GuardnodeChainBuilder, KEY2, guardnodeAssets, openGuardnodeChain } from './support.js';

const REQ_A = '0393f844fbda7b5d11fdad488c002f3925498fc6ee1c6010ada3633f307f5d0e'; // 1 ticket, decay 15
const REQ_B = '3f78bce38f9e188da8b8a6c1034aa175c9afcea7d0e8b3006ad981dfe5c24f59'; // 4 tickets, decay 416

/** Every key/value of the table's namespace, as hex pairs. */
function tableDump(store: KvReader): string[] {
  const out: string[] = [];
  for (const [k, v] of store.range({ prefix: extensionKey(RequestListExtension.NAME) })) out.push(`${toHex(k)}=${toHex(v)}`);
  return out;
}

/** The table's requests and bids in a comparable form (display txids). */
function summary(list: readonly RequestWithBids[]): { txid: string; confirmed: number; bids: string[] }[] {
  return list.map((e) => ({ txid: toDisplayHex(e.request.txid), confirmed: e.request.confirmedBlockHeight, bids: e.bids.map((b) => toDisplayHex(b.txid)) }));
}

function openCorpus(store: MemoryKvStore, id: string, withTable = true): Promise<Chainstate> {
  const chain = corpusChain(id);
  return openCorpusChainstate(chain, store, { extensions: withTable ? [new RequestListExtension(guardnodeAssets(chain.params))] : [] });
}

describe('request table on the original’s rt-policy chain', async () => {
  const chain = corpusChain('rt-policy');
  const assets = guardnodeAssets(chain.params);
  const store = new MemoryKvStore();
  const cs = await openCorpus(store, 'rt-policy');
  const dumps = new Map<number, string[]>();
  const tables = new Map<number, ReturnType<typeof summary>>();
  const scans = new Map<number, ReturnType<typeof summary>>();
  dumps.set(0, tableDump(store));
  await replayCorpus(cs, chain, {
    after: (height) => {
      dumps.set(height, tableDump(store));
      tables.set(height, summary(RequestListExtension.requests(store)));
      scans.set(height, summary([...scanUtxoRequests(store, height, assets).values()]));
    },
  });

  test('requests appear when confirmed (44), bids when confirmed (45); one ticket goes to the higher stake', () => {
    assert.deepEqual(tables.get(43), []);
    assert.deepEqual(tables.get(44), [
      { txid: REQ_A, confirmed: 44, bids: [] },
      { txid: REQ_B, confirmed: 44, bids: [] },
    ]);
    const at45 = [
      // two bids on A (17.54 and 22.24 CBT, same height): its single ticket goes to the higher stake
      { txid: REQ_A, confirmed: 44, bids: ['d7cf04626f6847857c5a6e35b2f9ca8df0ad568e7b2340b7c8b68074fb8a20d2'] },
      { txid: REQ_B, confirmed: 44, bids: ['5411bb771c08903db331baf92439f24f75ebc007d5a1d27b22305222db226250'] },
    ];
    for (const h of [45, 46, 47, 48, 49]) assert.deepEqual(tables.get(h), at45, `height ${h}`);
  });

  test('requests leave the table in the block after their end height (50)', () => {
    assert.deepEqual(tables.get(50), []);
    assert.deepEqual(tables.get(53), []);
  });

  test('the UTXO scan agrees with the table, except that it hides a request at end == tip (reference quirk)', () => {
    for (let h = 1; h <= 53; h++) {
      if (h === 49) continue;
      assert.deepEqual(scans.get(h), tables.get(h), `height ${h}`);
    }
    assert.equal(tables.get(49)!.length, 2);
    assert.deepEqual(scans.get(49), []);
  });

  test('disconnecting blocks restores the table exactly (the reference never rolls it back)', async () => {
    const hashAt = (h: number) => fromDisplayHex(chain.blocks.find((b) => b.height === h)!.hash);
    await cs.invalidateBlock(hashAt(50));
    assert.equal(cs.height, 49);
    assert.deepEqual(tableDump(store), dumps.get(49));
    await cs.invalidateBlock(hashAt(45));
    assert.deepEqual(tableDump(store), dumps.get(44));
    await cs.invalidateBlock(hashAt(44));
    assert.deepEqual(tableDump(store), dumps.get(43));
    await cs.reconsiderBlock(hashAt(44));
    await cs.reconsiderBlock(hashAt(45));
    await cs.reconsiderBlock(hashAt(50));
    assert.equal(cs.height, 53);
    assert.deepEqual(tableDump(store), dumps.get(53));
  });

  test('a restart reads the same table and does not rebuild it', async () => {
    await cs.invalidateBlock(fromDisplayHex(chain.blocks.find((b) => b.height === 46)!.hash));
    const before = tableDump(store);
    const reopened = await openCorpus(store, 'rt-policy');
    assert.equal(reopened.height, 45);
    const ext = new RequestListExtension(assets);
    assert.equal(await ext.syncAtStartup(store, { hash: reopened.tip.hash, height: reopened.height }), false);
    assert.deepEqual(tableDump(store), before);
    assert.deepEqual(summary(RequestListExtension.requests(store)), tables.get(45));
  });
});

describe('request table rebuilt from the UTXO set', () => {
  test('a chain state kept without the table gets it at start-up, as the reference builds it', async () => {
    const chain = corpusChain('rt-policy');
    const store = new MemoryKvStore();
    const cs = await openCorpus(store, 'rt-policy', false);
    await replayCorpus(cs, chain, { to: 46 });
    const ext = new RequestListExtension(guardnodeAssets(chain.params));
    assert.equal(await ext.syncAtStartup(store, { hash: cs.tip.hash, height: cs.height }), true);
    assert.deepEqual(summary(RequestListExtension.requests(store)), [
      { txid: REQ_A, confirmed: 44, bids: ['d7cf04626f6847857c5a6e35b2f9ca8df0ad568e7b2340b7c8b68074fb8a20d2'] },
      { txid: REQ_B, confirmed: 44, bids: ['5411bb771c08903db331baf92439f24f75ebc007d5a1d27b22305222db226250'] },
    ]);
    assert.equal(await ext.syncAtStartup(store, { hash: cs.tip.hash, height: cs.height }), false);
    // from here the table follows the chain: the rebuilt blocks have no undo, later blocks do
    const withTable = await openCorpus(store, 'rt-policy');
    await replayCorpus(withTable, chain, { from: 47 });
    assert.deepEqual(summary(RequestListExtension.requests(store)), []);
    await withTable.invalidateBlock(fromDisplayHex(chain.blocks.find((b) => b.height === 47)!.hash));
    assert.equal(RequestListExtension.requests(store).length, 2);
    // below the rebuild height: what a block added is removed
    await withTable.invalidateBlock(fromDisplayHex(chain.blocks.find((b) => b.height === 45)!.hash));
    assert.deepEqual(summary(RequestListExtension.requests(store)), [
      { txid: REQ_A, confirmed: 44, bids: [] },
      { txid: REQ_B, confirmed: 44, bids: [] },
    ]);
    await withTable.invalidateBlock(fromDisplayHex(chain.blocks.find((b) => b.height === 44)!.hash));
    assert.deepEqual(summary(RequestListExtension.requests(store)), []);
  });
});

describe('one-key locked multisig in the domain asset (reference stalls)', () => {
  test('rt-ct connects every block with the table kept', async () => {
    const chain = corpusChain('rt-ct');
    const store = new MemoryKvStore();
    const cs = await openCorpus(store, 'rt-ct');
    await replayCorpus(cs, chain);
    let oneKey = 0;
    for (const { block } of chain.blocks.slice(1)) {
      for (const tx of block.transactions) {
        for (const out of tx.outputs) if (toHex(out.scriptPubKey).match(/^01..b17551(21|41)[0-9a-f]+51ae$/)) oneKey++;
      }
    }
    assert.ok(oneKey >= 1, 'the corpus chain holds a one-key locked multisig');
    assert.equal(cs.height, chain.tipHeight);
    assert.deepEqual(RequestListExtension.requests(store), []);
  });
});

describe('auction rules on synthetic blocks', () => {
  async function setup() {
    const store = new MemoryKvStore();
    const cs = await openGuardnodeChain(store);
    const b = new GuardnodeChainBuilder();
    const add = async (blk: Block) => assert.equal(await cs.processBlock(blk), null);
    return { store, cs, b, add };
  }

  test('tickets: first by confirmation height, then higher stake, then txid; later bids do not displace', async () => {
    const { store, b, add } = await setup();
    const req = b.request({ endBlockHeight: 40, startBlockHeight: 30, numTickets: 2, startPrice: 1000n, decayConst: 1000 });
    // a bid before its request in the same block does not count; one after it does
    const early = b.bid(req.txid, 5000n, 40);
    await add(b.block([early, req, b.bid(req.txid, 3000n, 40)]));
    let table = RequestListExtension.requests(store);
    assert.equal(table.length, 1);
    assert.equal(table[0]!.bids.length, 1);
    assert.equal(table[0]!.bids[0]!.stake, 3000n);
    // next block: three more; capacity 2 → the earlier (height 1) bid stays, then the highest stake
    const bids = [b.bid(req.txid, 7000n, 40), b.bid(req.txid, 9000n, 40), b.bid(req.txid, 8000n, 41)];
    await add(b.block(bids));
    table = RequestListExtension.requests(store);
    assert.deepEqual(table[0]!.bids.map((x) => x.stake), [3000n, 9000n]);
    assert.deepEqual(toHex(table[0]!.bids[1]!.txid), toHex(bids[1]!.txid));
    // a bigger stake one block later does not displace anything
    await add(b.block([b.bid(req.txid, 1_000_000n, 45)]));
    assert.deepEqual(RequestListExtension.requests(store)[0]!.bids.map((x) => x.stake), [3000n, 9000n]);
  });

  test('invalid bids: lock below the end, stake below the price, confirmed at/after the start; invalid requests', async () => {
    const { store, b, add } = await setup();
    const req = b.request({ endBlockHeight: 20, startBlockHeight: 3, numTickets: 10, startPrice: 1000n, decayConst: 100 });
    await add(b.block([req])); // height 1
    const notRequest = b.request({ endBlockHeight: 1, startBlockHeight: 1 }); // end ≤ height − 1 at height 2
    await add(
      b.block([
        notRequest,
        b.bid(req.txid, 5000n, 19), // lock below end
        b.bid(req.txid, 990n, 25), // price at height 2 (t = 1): 1000·2/(2 + 1/100) = 995
        b.bid(req.txid, 995n, 20), // exactly the price
      ]),
    ); // height 2
    await add(b.block([b.bid(req.txid, 5000n, 20)])); // height 3 = start: too late
    const table = RequestListExtension.requests(store);
    assert.deepEqual(table.map((e) => toHex(e.request.txid)), [toHex(req.txid)]);
    assert.deepEqual(table[0]!.bids.map((x) => x.stake), [995n]);
  });

  test('not a bid: one- or two-key locked multisig stakes, single-output transactions', async () => {
    const { store, b, add } = await setup();
    const req = b.request({ endBlockHeight: 20, startBlockHeight: 10 });
    await add(b.block([req]));
    const lm = (keys: Uint8Array[]) => {
      const s = new ScriptBuilder().pushScriptNum(20).op(OP.OP_CHECKLOCKTIMEVERIFY, OP.OP_DROP, OP.OP_1);
      for (const k of keys) s.push(k);
      return s.op(OP.OP_1 + keys.length - 1, OP.OP_CHECKMULTISIG).build();
    };
    const reqKey = Uint8Array.of(2, ...req.txid);
    await add(b.block([b.bid(req.txid, 5_000_000_000n, 20, lm([KEY2])), b.bid(req.txid, 5_000_000_000n, 20, lm([KEY2, reqKey]))]));
    assert.deepEqual(RequestListExtension.requests(store)[0]!.bids, []);
  });

  test('expiry takes the bids along, even with start after end; a disconnect brings both back', async () => {
    const { store, cs, b, add } = await setup();
    const req = b.request({ endBlockHeight: 3, startBlockHeight: 9, decayConst: 0 });
    await add(b.block([req])); // 1
    await add(b.block([b.bid(req.txid, 100_000_000n, 3)])); // 2: decay 0 → price 0 at t = 1
    await add(b.block()); // 3: end == 3, still listed
    const at3 = tableDump(store);
    assert.equal(RequestListExtension.requests(store)[0]!.bids.length, 1);
    await add(b.block()); // 4: gone
    assert.deepEqual(RequestListExtension.requests(store), []);
    assert.deepEqual(tableDump(store).filter((l) => !l.startsWith(toHex(extensionKey(RequestListExtension.NAME, Uint8Array.of(0x75))))).length, 1); // only the marker
    await cs.invalidateBlock(b.tip.hash);
    assert.deepEqual(tableDump(store), at3);
  });

  test('list keeps a spent request until it expires; the scan drops it at end == tip', async () => {
    const { store, b, add } = await setup();
    const req = b.request({ endBlockHeight: 2, startBlockHeight: 2 });
    await add(b.block([req])); // 1
    await add(b.block()); // 2
    assert.equal(RequestListExtension.requests(store).length, 1);
    assert.equal(scanUtxoRequests(store, 2, guardnodeAssets()).size, 0);
    assert.equal(scanUtxoRequests(store, 1, guardnodeAssets()).size, 1);
  });
});
