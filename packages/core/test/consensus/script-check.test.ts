/**
 * Deferred script / confidential-amount checks (script-check.ts): connectBlock with a sink runs no
 * script and no range proof itself, hands over one check per non-coinbase transaction in block
 * order, and — settled with the first failing check — gives exactly the reject of the inline path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Block } from '../../src/primitives/block.js';
import type { Transaction } from '../../src/primitives/transaction.js';
import { TransactionBuilder } from '../../src/primitives/transaction-builder.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { TxOut } from '../../src/primitives/tx-out.js';
import { TxOutWitness } from '../../src/primitives/witness.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { ConfidentialValue } from '../../src/primitives/confidential.js';
import type { Secp256k1 } from '../../src/crypto/secp256k1.js';
import { ZkpConfidentialVerifier } from '../../src/consensus/zkp-verifier.js';
import type { ConfidentialVerifier } from '../../src/consensus/confidential-verifier.js';
import { ConfidentialVerifierRequiredError } from '../../src/consensus/confidential-verifier.js';
import { isAllExplicit } from '../../src/consensus/amounts.js';
import { Reject } from '../../src/consensus/reject.js';
import { ScriptCheckList, runScriptCheck, runScriptChecks, settleDeferred } from '../../src/consensus/script-check.js';
import { connectBlock, type ConnectBlockOptions, type ConnectBlockResult } from '../../src/consensus/connect-block.js';
import { peginClaimKey } from '../../src/consensus/tx-inputs.js';
import { OpReader } from '../../src/script/op-reader.js';
import { CHAIN_IDS, corpusChain, medianTimePast } from './support/corpus.js';
import { ChainReplay } from './support/replay.js';
import { secp } from './support/fixtures.js';
import { counting, type Counts } from './support/counting.js';
import { flipByte, rebuild } from './support/rebuild.js';
import { findAll, findTx } from './support/corpus-index.js';

const zkp = await ZkpConfidentialVerifier.create();

const EVAL_FALSE = 'mandatory-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)';

/** A replay of `id` with blocks 0 … height-1 connected, and block `height`. */
function at(id: string, height: number): { replay: ChainReplay; block: Block } {
  const chain = corpusChain(id);
  const replay = new ChainReplay(chain.rules, secp, zkp);
  for (const b of chain.blocks.slice(0, height)) assert.equal(replay.submit(b.block), null);
  return { replay, block: chain.blocks[height]!.block };
}

/** connectBlock alone on top of `replay` (no header checks), with extra options. */
function connectOn(replay: ChainReplay, block: Block, extra: Partial<ConnectBlockOptions>): ConnectBlockResult | Reject {
  return connectBlock(
    block,
    replay.view,
    {
      height: replay.height + 1,
      medianTimePast: medianTimePast(replay.times, replay.times.length - 1),
      medianTimePastAt: (h) => medianTimePast(replay.times, h),
    },
    {
      rules: replay.rules,
      secp: replay.secp,
      verifier: replay.verifier,
      isWithdrawSpent: (g, prevout) => replay.withdraws.has(peginClaimKey(g, prevout)),
      ...extra,
    },
  );
}

/** Inline and deferred replays of `block` on top of `id` … height-1 give the same reject. */
function bothReject(id: string, height: number, block: Block, reason: string): void {
  const { replay } = at(id, height);
  const inline = replay.submit(block, { apply: false });
  const deferred = replay.submit(block, { apply: false, defer: true });
  assert.ok(inline !== null && deferred !== null, `${reason}: inline ${inline?.toString() ?? 'ok'}, deferred ${deferred?.toString() ?? 'ok'}`);
  assert.equal(inline.reason, reason, inline.toString());
  assert.equal(deferred.reason, inline.reason);
  assert.equal(deferred.code, inline.code);
  assert.equal(deferred.score, inline.score);
  assert.equal(deferred.debug, inline.debug, 'the same transaction and input are named');
}

function replaceTx(block: Block, index: number, t: Transaction): Transaction[] {
  const txs = [...block.transactions];
  txs[index] = t;
  return txs;
}

/** `t` with a byte of its first input's first DER signature flipped (CHECKSIG then fails). */
function badSig(t: Transaction): Transaction {
  const inp = t.inputs[0]!;
  const r = new OpReader(inp.scriptSig);
  let end = -1;
  while (r.next()) {
    const d = r.data;
    if (d.length >= 8 && d[0] === 0x30 && d[1] === d.length - 3) {
      end = r.pc;
      break;
    }
  }
  assert.ok(end > 0, `no signature in input 0 of ${t.txidHex}`);
  return TransactionBuilder.from(t)
    .setInput(0, new TxIn(inp.prevout, flipByte(inp.scriptSig, end - 4), inp.sequence, inp.issuance, inp.isPegin))
    .build();
}

/** `t` with a byte of the range proof of its first committed output flipped. */
function badRangeProof(t: Transaction): Transaction {
  const j = t.outputs.findIndex((o) => o.value.isCommitment);
  assert.ok(j >= 0, `${t.txidHex} has a committed output`);
  const w = t.outWitness[j]!;
  return TransactionBuilder.from(t).setOutputWitness(j, new TxOutWitness(w.surjectionProof, flipByte(w.rangeProof, 100))).build();
}

test('every corpus chain: deferred checks replay to the same tip; connectBlock itself verifies no signature and no proof', () => {
  for (const id of CHAIN_IDS) {
    const chain = corpusChain(id);
    const counts: Counts = {};
    const cs = counting(secp, counts, 'secp') as Secp256k1;
    const cz = counting(zkp, counts, 'zkp') as ConfidentialVerifier;
    const replay = new ChainReplay(chain.rules, secp, zkp);
    let ctTxs = 0;
    let checks = 0;
    for (const { height, block } of chain.blocks) {
      if (height > 0) {
        // connectBlock alone with a sink: no ECDSA verification, no range or surjection proof
        for (const k of Object.keys(counts)) delete counts[k];
        const sink = new ScriptCheckList();
        const provisional = connectOn(replay, block, { secp: cs, verifier: cz, scriptChecks: sink });
        assert.ok(!(provisional instanceof Reject), `${id} ${height}: ${String(provisional)}`);
        assert.equal(counts['secp.verify'] ?? 0, 0, `${id} ${height}: no signature verified by connectBlock`);
        assert.equal(counts['zkp.verifyRangeProof'] ?? 0, 0);
        assert.equal(counts['zkp.verifySurjectionProof'] ?? 0, 0);
        assert.equal(counts['zkp.verifyTally'] ?? 0, 0);
        assert.deepEqual(
          sink.checks.map((c) => c.txIndex),
          block.transactions.map((_, i) => i).slice(1),
          'one check per non-coinbase transaction, in block order',
        );
        for (const c of sink.checks) {
          assert.equal(c.scripts, true);
          assert.equal(c.nonMandatoryRetry, false);
          assert.equal(c.amounts, !isAllExplicit(c.spent, c.tx), 'amounts deferred exactly for confidential transactions');
          if (c.amounts) ctTxs++;
          checks++;
        }
        // the checks do all the signature work the inline path does
        const deferredCounts: Counts = {};
        assert.equal(runScriptChecks(sink.checks, counting(secp, deferredCounts, 'secp') as Secp256k1, counting(zkp, deferredCounts, 'zkp') as ConfidentialVerifier), null);
        const inlineCounts: Counts = {};
        assert.ok(!(connectOn(replay, block, { secp: counting(secp, inlineCounts, 'secp') as Secp256k1, verifier: counting(zkp, inlineCounts, 'zkp') as ConfidentialVerifier }) instanceof Reject));
        for (const k of ['secp.verify', 'zkp.verifyRangeProof', 'zkp.verifySurjectionProof', 'zkp.verifyTally']) {
          assert.equal(deferredCounts[k] ?? 0, inlineCounts[k] ?? 0, `${id} ${height}: ${k}`);
        }
      }
      assert.equal(replay.submit(block, { defer: true }), null, `${id} ${height}`);
    }
    assert.equal(replay.height, chain.blocks.length - 1);
    assert.ok(checks > 0, `${id}: checks were deferred`);
    if (id === 'rt-ct') assert.ok(ctTxs >= 20, `rt-ct: ${ctTxs} confidential transactions deferred`);
    else assert.equal(ctTxs, 0, `${id} has no confidential transaction`);
  }
});

test('a broken signature gives the same reject deferred and inline (P2PKH; in a confidential transaction)', () => {
  {
    const { height, index } = findTx('rt-policy', 'wallet-send-p2pkh');
    const block = at('rt-policy', height).block;
    bothReject('rt-policy', height, rebuild(block, replaceTx(block, index, badSig(block.transactions[index]!))), EVAL_FALSE);
  }
  {
    const { height, index } = findTx('rt-ct', 'ct-wallet-send-blinded');
    const block = at('rt-ct', height).block;
    bothReject('rt-ct', height, rebuild(block, replaceTx(block, index, badSig(block.transactions[index]!))), EVAL_FALSE);
  }
});

test('a broken range proof is bad-txns-in-ne-out deferred and inline, also when the same transaction has a broken signature', () => {
  const { height, index } = findTx('rt-ct', 'ct-wallet-send-blinded');
  const block = at('rt-ct', height).block;
  const broken = badRangeProof(block.transactions[index]!);
  bothReject('rt-ct', height, rebuild(block, replaceTx(block, index, broken)), 'bad-txns-in-ne-out');
  bothReject('rt-ct', height, rebuild(block, replaceTx(block, index, badSig(broken))), 'bad-txns-in-ne-out');
});

test('the first failure in block order wins over later checks and over rules connectBlock reports itself', () => {
  const { height, index } = findTx('rt-policy', 'wallet-send-p2pkh');
  const block = at('rt-policy', height).block;
  const t = block.transactions[index]!;
  // a later transaction spending a missing output: the inline path never gets there
  const b = new TransactionBuilder();
  b.addInput(new TxIn(new OutPoint(t.txid, 999), new Uint8Array(0), 0xffffffff));
  b.addOutput(t.outputs[0]!);
  const spendMissing = b.build();
  bothReject('rt-policy', height, rebuild(block, [...replaceTx(block, index, badSig(t)), spendMissing]), EVAL_FALSE);
  bothReject('rt-policy', height, rebuild(block, [...block.transactions, spendMissing]), 'bad-txns-inputs-missingorspent');

  // a bad signature and a coinbase paying too much: the signature comes first
  const cb = block.transactions[0]!;
  const k = cb.outputs.findIndex((o) => o.value.isExplicit && o.value.amount > 0n);
  assert.ok(k >= 0, 'the coinbase collects fees');
  const greedy = TransactionBuilder.from(cb);
  const o = cb.outputs[k]!;
  greedy.outputs[k] = new TxOut(o.asset, ConfidentialValue.fromAmount(o.value.amount + 1n), o.nonce, o.scriptPubKey);
  const both = replaceTx(block, index, badSig(t));
  both[0] = greedy.build();
  bothReject('rt-policy', height, rebuild(block, both), EVAL_FALSE);
  bothReject('rt-policy', height, rebuild(block, replaceTx(block, 0, greedy.build())), 'bad-cb-amount');

  // two failing transactions in one block: the earlier one is reported (its debug text names it)
  const sends = findAll('rt-policy', 'wallet-send-p2pkh');
  const pair = sends.find((a) => sends.some((c) => c.height === a.height && c.index > a.index));
  if (pair !== undefined) {
    const second = sends.find((c) => c.height === pair.height && c.index > pair.index)!;
    const blk = at('rt-policy', pair.height).block;
    const txs = replaceTx(blk, pair.index, badSig(blk.transactions[pair.index]!));
    txs[second.index] = badSig(blk.transactions[second.index]!);
    bothReject('rt-policy', pair.height, rebuild(blk, txs), EVAL_FALSE);
  }
});

test('settleDeferred: a failed check wins; without one the provisional outcome stands', () => {
  const fail = new Reject(0x10, 'bad-txns-in-ne-out', 100);
  const other = new Reject(0x10, 'bad-cb-amount', 100);
  assert.equal(settleDeferred({ ok: 1 }, fail), fail);
  assert.equal(settleDeferred(other, fail), fail);
  assert.equal(settleDeferred(other, null), other);
  assert.deepEqual(settleDeferred({ ok: 1 }, null), { ok: 1 });
});

test('checkScripts: false defers only confidential amounts; without a verifier a confidential transaction still throws', () => {
  const { height, index } = findTx('rt-ct', 'ct-wallet-send-blinded');
  const { replay, block } = at('rt-ct', height);
  const sink = new ScriptCheckList();
  assert.ok(!(connectOn(replay, block, { checkScripts: false, scriptChecks: sink }) instanceof Reject));
  assert.ok(sink.length > 0);
  assert.ok(sink.checks.every((c) => c.amounts && !c.scripts), 'only confidential transactions, amounts only');
  assert.ok(sink.checks.some((c) => c.txIndex === index));
  for (const c of sink.checks) assert.equal(runScriptCheck(c, secp, zkp), null);
  assert.throws(() => runScriptCheck(sink.checks[0]!, secp), /ConfidentialVerifier/);
  assert.throws(() => connectOn(replay, block, { verifier: undefined, scriptChecks: new ScriptCheckList() }), ConfidentialVerifierRequiredError);
});
