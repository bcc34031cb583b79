// The end-to-end test's safety checker (`StaychainWatch`) on a scripted in-memory chain: it must
// accept RBF versions of one attestation and flag every way the property can break — two roots on
// one tip, a staychain output spent by another input than 0, a block spend the watch never saw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BitcoinClient, DecodedTransaction } from '@ocean-ts/rpc-client';
import type { BcoinRegtest } from '@ocean-ts/test-harness';
import { StaychainWatch } from './support/staychain-watch.js';

function tx(txid: string, ins: readonly (readonly [string, number])[], script: string, value: number, extraOutputs = 0): DecodedTransaction {
  const out = (n: number) => ({ value, n, scriptPubKey: { hex: script, asm: '', type: 'scripthash', address: undefined, addresses: [] } });
  return {
    txid,
    hash: txid,
    version: 2,
    size: 200,
    locktime: 0,
    vin: ins.map(([t, v]) => ({ txid: t, vout: v, coinbase: undefined, scriptSigHex: undefined, txinwitness: [], sequence: 0xfffffffd })),
    vout: Array.from({ length: 1 + extraOutputs }, (_, n) => out(n)),
  };
}

/** A chain whose blocks are `b<height>`; block 0 holds the base transaction. */
class ScriptedChain {
  readonly mempool = new Map<string, DecodedTransaction>();
  readonly blocks: DecodedTransaction[][];
  readonly heights = new Map<string, number>();

  constructor(base: DecodedTransaction) {
    this.blocks = [[base]];
    this.heights.set(base.txid, 0);
  }

  /** Into the mempool; mempool transactions spending the same outpoints are replaced. */
  broadcast(t: DecodedTransaction): void {
    for (const [id, m] of this.mempool) {
      if (m.vin.some((a) => t.vin.some((b) => a.txid === b.txid && a.vout === b.vout))) this.mempool.delete(id);
    }
    this.mempool.set(t.txid, t);
  }

  mine(): string[] {
    const txs = [...this.mempool.values()];
    this.mempool.clear();
    this.blocks.push(txs);
    for (const t of txs) this.heights.set(t.txid, this.blocks.length - 1);
    return [`b${this.blocks.length - 1}`];
  }

  find(txid: string): DecodedTransaction | undefined {
    return this.mempool.get(txid) ?? this.blocks.flat().find((t) => t.txid === txid);
  }

  get client(): BitcoinClient {
    const c: Partial<BitcoinClient> = {
      getRawMempool: async () => [...this.mempool.keys()],
      getRawTransaction: async (txid) => {
        const t = this.find(txid);
        if (t === undefined) throw new Error(`no ${txid}`);
        const h = this.heights.get(txid);
        return { ...t, hex: '', blockhash: h === undefined ? undefined : `b${h}`, confirmations: undefined, blocktime: undefined };
      },
      getBlockHeader: async (hash) => ({ hash, height: Number(hash.slice(1)), confirmations: 1, version: 1, merkleroot: '', time: 0, mediantime: 0, previousblockhash: undefined, nextblockhash: undefined }),
      getBlockCount: async () => this.blocks.length - 1,
      getBlockHash: async (h) => `b${h}`,
      getBlockWithTransactions: async (hash) => ({ hash, confirmations: 1, height: Number(hash.slice(1)), version: 1, merkleroot: '', time: 0, mediantime: 0, previousblockhash: undefined, nextblockhash: undefined, tx: this.blocks[Number(hash.slice(1))]! }) as never,
    };
    return c as BitcoinClient;
  }

  get miner(): BcoinRegtest {
    return { mine: async () => this.mine() } as unknown as BcoinRegtest;
  }
}

const BASE = 'ba'.repeat(32);
const id = (c: string): string => c.repeat(64);

function setup(): { chain: ScriptedChain; watch: StaychainWatch } {
  const chain = new ScriptedChain(tx(BASE, [[id('f'), 0]], 'base', 1_000_000, 1));
  return { chain, watch: new StaychainWatch(chain.miner, chain.client, BASE, 1) };
}

describe('StaychainWatch (the end-to-end safety checker)', () => {
  it('accepts a staychain with an RBF replacement and mines what it sees', async () => {
    const { chain, watch } = setup();
    watch.mining = false;
    chain.broadcast(tx(id('1'), [[BASE, 1]], 'root1', 990_000));
    await watch.poll();
    chain.broadcast(tx(id('2'), [[BASE, 1]], 'root1', 980_000)); // bump: same root, lower output
    await watch.poll();
    assert.deepEqual(watch.spendsOf(`${BASE}:1`).map((s) => s.txid), [id('1'), id('2')]);
    watch.mining = true;
    await watch.poll();
    assert.equal(chain.blocks.length, 2);
    chain.broadcast(tx(id('3'), [[id('2'), 0]], 'root2', 970_000));
    chain.broadcast(tx(id('9'), [[id('e'), 0]], 'other', 5)); // not a staychain transaction
    await watch.poll();
    const { chain: staychain, problems } = await watch.safety();
    assert.deepEqual(problems, []);
    assert.deepEqual(staychain, [id('2'), id('3')]);
    assert.equal(watch.spend(id('9')), undefined);
  });

  it('flags two different roots spending one tip', async () => {
    const { chain, watch } = setup();
    watch.mining = false;
    chain.broadcast(tx(id('1'), [[BASE, 1]], 'root1', 990_000));
    await watch.poll();
    chain.broadcast(tx(id('2'), [[BASE, 1]], 'root2', 980_000));
    await watch.poll();
    chain.mine();
    const { problems } = await watch.safety();
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /was spent by attestations of different roots/);
  });

  it('flags a staychain output spent by an input other than 0, and extra inputs/outputs', async () => {
    const { chain, watch } = setup();
    chain.broadcast(tx(id('1'), [[id('e'), 0], [BASE, 1]], 'root1', 990_000, 1));
    await watch.poll(); // mines it
    const { problems } = await watch.safety();
    assert.ok(problems.some((p) => /spends the staychain output .* with input 1, not input 0/.test(p)));
    assert.ok(problems.some((p) => /has 2 inputs/.test(p)));
    assert.ok(problems.some((p) => /has 2 outputs/.test(p)));
    assert.ok(problems.some((p) => /block 1: .* with input 1/.test(p)));
  });

  it('flags a staychain spend in a block that the watch never saw', async () => {
    const { chain, watch } = setup();
    chain.broadcast(tx(id('1'), [[BASE, 1]], 'root1', 990_000));
    chain.mine(); // mined behind the watch's back
    const { chain: staychain, problems } = await watch.safety();
    assert.deepEqual(staychain, [id('1')]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /was never seen by the watch/);
  });

  it('records a replacement that reached the block it mined after the mempool was read', async () => {
    const { chain } = setup();
    chain.broadcast(tx(id('1'), [[BASE, 1]], 'root1', 990_000));
    const miner = chain.miner;
    // the replacement arrives between the watch's mempool read and its block
    (miner as unknown as { mine: () => Promise<string[]> }).mine = async () => {
      chain.broadcast(tx(id('2'), [[BASE, 1]], 'root1', 980_000));
      return chain.mine();
    };
    const w = new StaychainWatch(miner, chain.client, BASE, 1);
    await w.poll();
    const { chain: staychain, problems } = await w.safety();
    assert.deepEqual(problems, []);
    assert.deepEqual(staychain, [id('2')]);
    assert.deepEqual(w.spendsOf(`${BASE}:1`).map((s) => s.txid), [id('1'), id('2')]);
  });
});
