/**
 * The chain state with its script checks on the worker pool: the corpus chains connect (and
 * reindex) to the same tips and UTXO sets as inline; a block with a broken signature or range proof
 * is rejected with the inline reason and marked invalid; a worker dying mid-block fails the connect
 * without marking the block invalid, and the block connects once the pool has recovered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZkpConfidentialVerifier, loadNativeSecp256k1, toDisplayHex, toHex, type Block, type Reject, type ScriptCheck } from '@ocean-ts/core';
import { MemoryKvStore } from '../../src/storage/memory-kv-store.js';
import { Chainstate } from '../../src/chain/chainstate.js';
import { IssuedAmountsExtension } from '../../src/chain/issued-amounts-extension.js';
import { ScriptVerifierPool } from '../../src/verify/script-verifier-pool.js';
import { InlineScriptVerifier, type ScriptCheckBatch, type ScriptVerifier } from '../../src/verify/script-verifier.js';
import { CORPUS_IDS, corpusChain, type CorpusChain } from '../chain/support/corpus.js';
import { corpusChecks, isP2pkhSpend, withBrokenRangeProof, withBrokenSignature } from './support/corpus-checks.js';
import { rebuildBlock } from './support/rebuild-block.js';

const secp = loadNativeSecp256k1();
const verifier = await ZkpConfidentialVerifier.create();
const inline = new InlineScriptVerifier(secp, verifier);

/**
 * Forwards to the pool — streaming, as the chain state uses it — and checks each answer against
 * inline verification of the same checks.
 */
class ComparingVerifier implements ScriptVerifier {
  batches = 0;
  checks = 0;
  /** Called right after a batch was handed to the pool (fault injection). */
  afterSubmit: (() => void) | undefined;

  constructor(private readonly pool: ScriptVerifierPool) {}

  verify(checks: readonly ScriptCheck[]): Promise<Reject | null> {
    const b = this.begin();
    for (const c of checks) b.add(c);
    return b.finish();
  }

  begin(): ScriptCheckBatch {
    const inner = this.pool.begin();
    const seen: ScriptCheck[] = [];
    return {
      add: (c) => {
        seen.push(c);
        inner.add(c);
      },
      finish: async () => {
        if (seen.length > 0) {
          this.batches++;
          this.checks += seen.length;
        }
        const pending = inner.finish();
        const hook = this.afterSubmit;
        this.afterSubmit = undefined;
        hook?.();
        const got = await pending;
        const want = inline.verifyNow(seen);
        assert.equal(got?.toString() ?? null, want?.toString() ?? null, 'the pool and inline verification agree');
        return got;
      },
      abandon: () => inner.abandon(),
    };
  }
}

function open(chain: CorpusChain, store: MemoryKvStore, scriptVerifier?: ScriptVerifier): Promise<Chainstate> {
  return Chainstate.open({
    store,
    rules: chain.params.consensus,
    genesis: chain.params.genesisBlock,
    secp,
    verifier,
    txindex: true,
    extensions: [new IssuedAmountsExtension()],
    adjustedTime: () => 2_000_000_000,
    // every block through the verifier, however small (the corpus blocks are)
    ...(scriptVerifier ? { scriptVerifier, poolMinBlockCost: 0 } : {}),
  });
}

async function withPool(fn: (pool: ScriptVerifierPool) => Promise<void>): Promise<void> {
  // inlineBelowCost 0: every batch goes to a worker, however small
  const pool = new ScriptVerifierPool({ threads: 2, secp, verifier, inlineBelowCost: 0 });
  await pool.start();
  try {
    await fn(pool);
  } finally {
    await pool.stop();
  }
}

async function connectUpTo(cs: Chainstate, chain: CorpusChain, height: number): Promise<void> {
  for (const { height: h, block } of chain.blocks) {
    if (h === 0 || h > height) continue;
    const r = await cs.processBlock(block);
    assert.equal(r, null, `${chain.id} ${h}: ${r?.toString()}`);
  }
}

test('every corpus chain connects through the pool to the corpus tip with the inline UTXO set; reindex too', async () => {
  await withPool(async (pool) => {
    for (const id of CORPUS_IDS) {
      const chain = corpusChain(id);
      const via = new ComparingVerifier(pool);
      const cs = await open(chain, new MemoryKvStore(), via);
      const reference = await open(chain, new MemoryKvStore());
      await connectUpTo(cs, chain, chain.tipHeight);
      await connectUpTo(reference, chain, chain.tipHeight);
      assert.equal(toDisplayHex(cs.tip.hash), chain.tipHash, `${id}: the corpus tip`);
      assert.equal(toHex(cs.utxoSetHash().hash), toHex(reference.utxoSetHash().hash), `${id}: the UTXO set of an inline replay`);
      const nonCoinbase = chain.blocks.slice(1).reduce((n, b) => n + b.block.transactions.length - 1, 0);
      assert.equal(via.checks, nonCoinbase, `${id}: every non-coinbase transaction was checked through the pool`);
      const blocksWithTxs = chain.blocks.slice(1).filter((b) => b.block.transactions.length > 1).length;
      assert.equal(via.batches, blocksWithTxs, `${id}: one batch per block with transactions`);
      await cs.reindex();
      assert.equal(toDisplayHex(cs.tip.hash), chain.tipHash);
      assert.equal(toHex(cs.utxoSetHash().hash), toHex(reference.utxoSetHash().hash));
      assert.equal(via.checks, 2 * nonCoinbase, `${id}: reindex checked everything again through the pool`);
    }
  });
});

/** Block `height` of `id` with transaction `index` replaced by `broken(check)`. */
function mutated(id: string, height: number, index: number, broken: (c: ScriptCheck) => ScriptCheck): Block {
  const c = corpusChecks().find((x) => x.chain === id && x.height === height && x.check.txIndex === index)!;
  const block = corpusChain(id).blocks[height]!.block;
  const txs = [...block.transactions];
  txs[index] = broken(c.check).tx;
  return rebuildBlock(block, txs);
}

test('a block with a broken signature or range proof: the inline reject, the block marked invalid, tip and UTXO set untouched', async () => {
  const sig = corpusChecks().find((c) => c.chain === 'rt-policy' && isP2pkhSpend(c.check))!;
  const proof = corpusChecks().find((c) => c.chain === 'rt-ct' && c.check.amounts && c.check.tx.outputs.some((o) => o.value.isCommitment))!;
  const cases = [
    { what: 'signature', id: sig.chain, height: sig.height, block: mutated(sig.chain, sig.height, sig.check.txIndex, withBrokenSignature), reason: /^mandatory-script-verify-flag-failed \(/ },
    { what: 'range proof', id: proof.chain, height: proof.height, block: mutated(proof.chain, proof.height, proof.check.txIndex, withBrokenRangeProof), reason: /^bad-txns-in-ne-out$/ },
  ];
  await withPool(async (pool) => {
    for (const { what, id, height, block, reason } of cases) {
      const chain = corpusChain(id);
      const via = new ComparingVerifier(pool);
      const cs = await open(chain, new MemoryKvStore(), via);
      const reference = await open(chain, new MemoryKvStore());
      await connectUpTo(cs, chain, height - 1);
      await connectUpTo(reference, chain, height - 1);
      const before = { tip: toHex(cs.tip.hash), utxo: toHex(cs.utxoSetHash().hash) };
      const batches = via.batches;
      const got = await cs.processBlock(block);
      const want = await reference.processBlock(block);
      assert.ok(got !== null && want !== null, what);
      assert.match(got.reason, reason, what);
      assert.deepEqual([got.reason, got.code, got.score, got.debug], [want.reason, want.code, want.score, want.debug], `${what}: same reject as inline`);
      assert.equal(via.batches, batches + 1, `${what}: checked through the pool`);
      assert.deepEqual({ tip: toHex(cs.tip.hash), utxo: toHex(cs.utxoSetHash().hash) }, before, `${what}: nothing committed`);
      assert.equal(cs.getChainTips().find((t) => t.hash === toDisplayHex(block.hash))?.status, 'invalid', `${what}: marked invalid`);
      // the real block still connects
      assert.equal(await cs.processBlock(chain.blocks[height]!.block), null);
      assert.equal(cs.height, height);
    }
  });
});

test('a worker dying while a block is checked fails the connect (block not invalid); it connects after the pool recovers', async () => {
  const ct = corpusChecks().find((c) => c.chain === 'rt-ct' && c.check.amounts)!;
  const chain = corpusChain('rt-ct');
  await withPool(async (pool) => {
    const via = new ComparingVerifier(pool);
    const cs = await open(chain, new MemoryKvStore(), via);
    await connectUpTo(cs, chain, ct.height - 1);
    const block = chain.blocks[ct.height]!.block;
    const victims = pool.workerThreadIds();
    via.afterSubmit = () => {
      for (const id of victims) pool.injectWorkerFault(id, 'terminate');
    };
    await assert.rejects(cs.processBlock(block), /script verification worker \d+ exited/);
    assert.equal(cs.height, ct.height - 1, 'not connected');
    const status = cs.getChainTips().find((t) => t.hash === toDisplayHex(block.hash))?.status;
    assert.ok(status !== undefined && status !== 'invalid', `stored, not marked invalid (${status})`);
    const deadline = Date.now() + 20_000;
    while (pool.workerThreadIds().filter((id) => !victims.includes(id)).length < 2) {
      assert.ok(Date.now() < deadline, 'replacement workers started');
      await sleep(10);
    }
    await cs.activateBestChain();
    assert.equal(cs.height, ct.height);
    assert.equal(toDisplayHex(cs.tip.hash), toDisplayHex(block.hash));
  });
});
