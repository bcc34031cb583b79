import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  verifyAmounts,
  verifyAmountsConfidential,
  verifyAmountsExplicit,
  isAllExplicit,
  MAX_PROOF_SIZE,
} from '../../src/consensus/amounts.js';
import { ConfidentialVerifierRequiredError } from '../../src/consensus/confidential-verifier.js';
import { ZkpConfidentialVerifier } from '../../src/consensus/zkp-verifier.js';
import { issuanceIds } from '../../src/assets/issuance-ids.js';
import { MAX_MONEY } from '../../src/primitives/amount.js';
import { AssetIssuance } from '../../src/primitives/asset-issuance.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { TxOut } from '../../src/primitives/tx-out.js';
import type { Transaction } from '../../src/primitives/transaction.js';
import { TransactionBuilder } from '../../src/primitives/transaction-builder.js';
import { TxInWitness, TxOutWitness } from '../../src/primitives/witness.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../../src/primitives/confidential.js';
import { ASSET_A, ASSET_B, OP_RETURN, OP_TRUE, fee, id32, input, out, tx } from './support/fixtures.js';
import { corpusTxsWithSpent } from './support/corpus-txs.js';
import { counting, type Counts } from './support/counting.js';

const zkp = await ZkpConfidentialVerifier.create();
const prevA = new OutPoint(id32(1), 0);
const prevB = new OutPoint(id32(2), 3);
const CONTRACT = id32(0xcc);
const v = ConfidentialValue.fromAmount;

/** Both paths must agree on explicit transactions; returns the common answer. */
function both(spent: TxOut[], t: Transaction): boolean {
  const a = verifyAmountsExplicit(spent, t);
  const b = verifyAmountsConfidential(spent, t, zkp);
  assert.equal(a, b, 'explicit and Pedersen paths disagree');
  assert.equal(verifyAmounts(spent, t), a);
  return a;
}

function issuing(prevout: OutPoint, issuance: AssetIssuance): TxIn {
  return new TxIn(prevout, new Uint8Array(0), 0xffffffff, issuance);
}

test('explicit balance: per asset Σ in = Σ out (fee outputs included); mismatch fails', () => {
  const spent = [out(ASSET_A, 100n), out(ASSET_B, 7n)];
  const ins = [input(prevA), input(prevB)];
  assert.equal(both(spent, tx(ins, [out(ASSET_A, 90n), fee(ASSET_A, 10n), out(ASSET_B, 7n)])), true);
  assert.equal(both(spent, tx(ins, [out(ASSET_A, 91n), fee(ASSET_A, 10n), out(ASSET_B, 7n)])), false);
  assert.equal(both(spent, tx(ins, [out(ASSET_A, 90n), fee(ASSET_A, 10n), out(ASSET_B, 6n)])), false);
  // value moved across assets with the same total: still fails
  assert.equal(both(spent, tx(ins, [out(ASSET_A, 91n), fee(ASSET_A, 10n), out(ASSET_B, 6n)])), false);
});

test('explicit-zero inputs are unspendable; zero outputs are ignored whatever their script', () => {
  assert.equal(both([out(ASSET_A, 0n)], tx([input(prevA)], [out(ASSET_A, 0n)])), false);
  assert.equal(both([out(ASSET_A, 5n)], tx([input(prevA)], [out(ASSET_A, 5n), out(ASSET_B, 0n, OP_TRUE), out(ASSET_A, 0n, OP_RETURN)])), true);
});

test('spent values out of money range, null spent fields and 0xff forms fail', () => {
  const ff = ConfidentialValue.fromBytes(new Uint8Array(9).fill(0xff));
  assert.equal(both([out(ASSET_A, MAX_MONEY + 1n)], tx([input(prevA)], [out(ASSET_A, MAX_MONEY + 1n)])), false);
  assert.equal(both([new TxOut(ConfidentialAsset.fromId(ASSET_A), ConfidentialValue.NULL, ConfidentialNonce.NULL, OP_TRUE)], tx([input(prevA)], [out(ASSET_A, 0n)])), false);
  assert.equal(both([new TxOut(ConfidentialAsset.NULL, v(1n), ConfidentialNonce.NULL, OP_TRUE)], tx([input(prevA)], [out(ASSET_A, 1n)])), false);
  assert.equal(both([new TxOut(ConfidentialAsset.fromId(ASSET_A), ff, ConfidentialNonce.NULL, OP_TRUE)], tx([input(prevA)], [out(ASSET_A, 1n)])), false);
  assert.equal(both([out(ASSET_A, 1n)], tx([input(prevA)], [new TxOut(ConfidentialAsset.fromId(ASSET_A), ff, ConfidentialNonce.NULL, OP_TRUE)])), false);
});

test('outputs: null value or asset fails; invalid nonce fails; a nonce on an explicit output is fine', () => {
  const nullValue = new TxOut(ConfidentialAsset.fromId(ASSET_A), ConfidentialValue.NULL, ConfidentialNonce.NULL, OP_TRUE);
  assert.equal(both([out(ASSET_A, 1n)], tx([input(prevA)], [out(ASSET_A, 1n), nullValue])), false);
  const badNonce = new TxOut(ConfidentialAsset.fromId(ASSET_A), v(1n), ConfidentialNonce.fromBytes(Uint8Array.of(7, 1)), OP_TRUE);
  assert.equal(both([out(ASSET_A, 1n)], tx([input(prevA)], [badNonce])), false);
  const nonce = new Uint8Array(33);
  nonce[0] = 2;
  nonce[32] = 9;
  const withNonce = new TxOut(ConfidentialAsset.fromId(ASSET_A), v(1n), ConfidentialNonce.fromBytes(nonce), OP_TRUE);
  assert.equal(both([out(ASSET_A, 1n)], tx([input(prevA)], [withNonce])), true);
});

test('no proofs on explicit outputs', () => {
  const base = tx([input(prevA)], [out(ASSET_A, 5n)]);
  for (const w of [new TxOutWitness(Uint8Array.of(1), new Uint8Array(0)), new TxOutWitness(new Uint8Array(0), Uint8Array.of(1))]) {
    const b = TransactionBuilder.from(base);
    b.setOutputWitness(0, w);
    assert.equal(both([out(ASSET_A, 5n)], b.build()), false);
  }
});

test('new issuance: creates the asset and its token (T1 for an explicit amount)', () => {
  const iss = new AssetIssuance(id32(0), CONTRACT, v(1000n), v(3n));
  const ins = [issuing(prevA, iss)];
  const ids = issuanceIds(ins[0]!)!;
  const spent = [out(ASSET_A, 10n)];
  assert.equal(both(spent, tx(ins, [out(ASSET_A, 10n), out(ids.asset, 1000n), out(ids.token, 3n)])), true);
  assert.equal(both(spent, tx(ins, [out(ASSET_A, 10n), out(ids.asset, 1000n)])), false);
  assert.equal(both(spent, tx(ins, [out(ASSET_A, 10n), out(ids.asset, 1001n), out(ids.token, 3n)])), false);
});

test('quirk: an explicit-zero issuance amount suppresses token creation; a null amount does not', () => {
  const spent = [out(ASSET_A, 10n)];
  const zero = [issuing(prevA, new AssetIssuance(id32(0), CONTRACT, v(0n), v(3n)))];
  const idsZ = issuanceIds(zero[0]!)!;
  assert.equal(both(spent, tx(zero, [out(ASSET_A, 10n), out(idsZ.token, 3n)])), false);
  assert.equal(both(spent, tx(zero, [out(ASSET_A, 10n)])), true);
  const tokenOnly = [issuing(prevA, new AssetIssuance(id32(0), CONTRACT, ConfidentialValue.NULL, v(3n)))];
  const idsT = issuanceIds(tokenOnly[0]!)!;
  assert.equal(both(spent, tx(tokenOnly, [out(ASSET_A, 10n), out(idsT.token, 3n)])), true);
  // the genesis form: explicit amount, explicit-zero keys
  const genesisLike = [issuing(prevA, new AssetIssuance(id32(0), CONTRACT, v(50n), v(0n)))];
  assert.equal(both(spent, tx(genesisLike, [out(ASSET_A, 10n), out(issuanceIds(genesisLike[0]!)!.asset, 50n)])), true);
});

test('issuance amounts out of money range fail', () => {
  const spent = [out(ASSET_A, 10n)];
  const ins = [issuing(prevA, new AssetIssuance(id32(0), CONTRACT, v(MAX_MONEY + 1n), ConfidentialValue.NULL))];
  assert.equal(both(spent, tx(ins, [out(ASSET_A, 10n), out(issuanceIds(ins[0]!)!.asset, MAX_MONEY + 1n)])), false);
  const ins2 = [issuing(prevA, new AssetIssuance(id32(0), CONTRACT, v(1n), v(-1n)))];
  assert.equal(both(spent, tx(ins2, [out(ASSET_A, 10n), out(issuanceIds(ins2[0]!)!.asset, 1n)])), false);
});

test('unblinded reissuance (nonce ff…ff) is not tied to the token; non-null inflation keys fail', () => {
  const entropy = id32(0x5e);
  const ffNonce = new Uint8Array(32).fill(0xff);
  const re = [issuing(prevA, new AssetIssuance(ffNonce, entropy, v(500n), ConfidentialValue.NULL))];
  const ids = issuanceIds(re[0]!)!;
  assert.equal(ids.isReissuance, true);
  const spent = [out(ASSET_A, 10n)]; // not the token!
  assert.equal(both(spent, tx(re, [out(ASSET_A, 10n), out(ids.asset, 500n)])), true);
  const withKeys = [issuing(prevA, new AssetIssuance(ffNonce, entropy, v(500n), v(1n)))];
  assert.equal(both(spent, tx(withKeys, [out(ASSET_A, 10n), out(ids.asset, 500n), out(ids.token, 1n)])), false);
  assert.equal(both(spent, tx(withKeys, [out(ASSET_A, 10n), out(ids.asset, 500n)])), false);
});

test('blinded reissuance cannot be explicit (the spent token must be a commitment)', () => {
  const entropy = id32(0x5e);
  const re = [issuing(prevA, new AssetIssuance(id32(0x01), entropy, v(500n), ConfidentialValue.NULL))];
  const ids = issuanceIds(re[0]!)!;
  assert.equal(both([out(ids.token, 1n)], tx(re, [out(ids.token, 1n), out(ids.asset, 500n)])), false);
});

test('verifyAmounts needs a verifier only for confidential transactions', () => {
  const ct = corpusTxsWithSpent('rt-ct').find((t) => !isAllExplicit(t.spent, t.tx))!;
  assert.throws(() => verifyAmounts(ct.spent, ct.tx), ConfidentialVerifierRequiredError);
  assert.equal(verifyAmounts(ct.spent, ct.tx, zkp), true);
});

test('property: on explicit transactions the integer path and the Pedersen path agree', () => {
  const assets = [ASSET_A, ASSET_B, id32(0xc3)];
  const amount = fc.oneof(
    { arbitrary: fc.constantFrom(0n, 1n, MAX_MONEY, MAX_MONEY + 1n, -1n), weight: 1 },
    { arbitrary: fc.bigInt({ min: 1n, max: 1000n }), weight: 4 },
    { arbitrary: fc.bigInt({ min: 1n, max: MAX_MONEY / 4n }), weight: 4 },
  );
  const coin = fc.record({ asset: fc.integer({ min: 0, max: 2 }), value: amount });
  const issuance = fc.option(
    fc.record({ reissue: fc.constantFrom('none', 'unblinded', 'blinded'), amount: fc.option(amount), keys: fc.option(amount) }),
    { nil: undefined, freq: 2 },
  );
  let valid = 0;
  let runs = 0;
  fc.assert(
    fc.property(
      fc.array(fc.record({ coin, issuance }), { minLength: 1, maxLength: 4 }),
      fc.array(coin, { minLength: 0, maxLength: 4 }),
      fc.boolean(),
      (ins, outs, balance) => {
        const spent = ins.map((i) => out(assets[i.coin.asset]!, i.coin.value));
        const inputs = ins.map((i, k) => {
          const prevout = new OutPoint(id32(k + 1), k);
          const s = i.issuance;
          if (s === undefined || (s.amount === null && s.keys === null)) return input(prevout);
          const nonce = s.reissue === 'none' ? id32(0) : s.reissue === 'unblinded' ? new Uint8Array(32).fill(0xff) : id32(9);
          const val = (a: bigint | null) => (a === null ? ConfidentialValue.NULL : v(a));
          return issuing(prevout, new AssetIssuance(nonce, CONTRACT, val(s.amount), val(s.keys)));
        });
        const outputs = balance ? [] : outs.map((o) => out(assets[o.asset]!, o.value));
        if (balance) {
          // Make it balance when the inputs are sane: pay every created amount back out.
          inputs.forEach((inp, k) => {
            outputs.push(out(spent[k]!.asset.id, spent[k]!.value.amount));
            const ids = issuanceIds(inp);
            if (ids && !inp.issuance.amount.isNull) outputs.push(out(ids.asset, inp.issuance.amount.amount));
            if (ids && !inp.issuance.inflationKeys.isNull) outputs.push(out(ids.token, inp.issuance.inflationKeys.amount));
          });
        }
        if (outputs.length === 0) outputs.push(out(ASSET_A, 0n));
        runs++;
        if (both(spent, tx(inputs, outputs))) valid++;
      },
    ),
    { numRuns: 300 },
  );
  // Both answers are well represented.
  assert.ok(valid > runs / 10 && valid < runs * 0.9, `${valid} of ${runs} valid`);
});

// ---------------------------------------------------------------------------------------------
// Confidential transactions of the rt-ct corpus chain
// ---------------------------------------------------------------------------------------------

const ctTxs = corpusTxsWithSpent('rt-ct').filter((t) => !isAllExplicit(t.spent, t.tx));

function withOutputWitness(t: Transaction, j: number, w: TxOutWitness): Transaction {
  return TransactionBuilder.from(t).setOutputWitness(j, w).build();
}
function flip(b: Uint8Array, at: number): Uint8Array {
  const c = b.slice();
  c[at] = c[at]! ^ 0x01;
  return c;
}

test(`all ${ctTxs.length} confidential corpus transactions verify`, () => {
  assert.ok(ctTxs.length >= 20);
  for (const { tx: t, spent } of ctTxs) assert.equal(verifyAmountsConfidential(spent, t, zkp), true, t.txidHex);
});

// (range proofs take ~40 ms each in the WASM build: the mutation tests use a sample)
const sample = ctTxs.filter((_, i) => i % 4 === 0);

test('a flipped range-proof byte fails', () => {
  for (const { tx: t, spent } of sample) {
    const j = t.outputs.findIndex((o) => o.value.isCommitment);
    if (j < 0) continue;
    const w = t.outWitness[j]!;
    const bad = withOutputWitness(t, j, new TxOutWitness(w.surjectionProof, flip(w.rangeProof, w.rangeProof.length >> 1)));
    assert.equal(verifyAmountsConfidential(spent, bad, zkp), false, t.txidHex);
  }
});

test('a flipped surjection-proof byte fails', () => {
  let n = 0;
  for (const { tx: t, spent } of sample) {
    const j = t.outputs.findIndex((o) => o.asset.isCommitment);
    if (j < 0) continue;
    const w = t.outWitness[j]!;
    const bad = withOutputWitness(t, j, new TxOutWitness(flip(w.surjectionProof, w.surjectionProof.length - 5), w.rangeProof));
    assert.equal(verifyAmountsConfidential(spent, bad, zkp), false, t.txidHex);
    n++;
  }
  assert.ok(n >= 5);
});

test('missing proofs on committed outputs fail', () => {
  const { tx: t, spent } = ctTxs[0]!;
  const j = t.outputs.findIndex((o) => o.value.isCommitment && o.asset.isCommitment);
  const w = t.outWitness[j]!;
  assert.equal(verifyAmountsConfidential(spent, withOutputWitness(t, j, new TxOutWitness(w.surjectionProof, new Uint8Array(0))), zkp), false);
  assert.equal(verifyAmountsConfidential(spent, withOutputWitness(t, j, new TxOutWitness(new Uint8Array(0), w.rangeProof)), zkp), false);
});

test('proofs above 5000 bytes fail before any curve work', () => {
  const { tx: t, spent } = ctTxs[0]!;
  const j = t.outputs.findIndex((o) => o.value.isCommitment);
  const w = t.outWitness[j]!;
  const counts: Counts = {};
  const spy = counting(zkp, counts, 'zkp');
  const big = new Uint8Array(MAX_PROOF_SIZE + 1);
  big.set(w.rangeProof);
  assert.equal(verifyAmountsConfidential(spent, withOutputWitness(t, j, new TxOutWitness(w.surjectionProof, big)), spy), false);
  const big2 = new Uint8Array(MAX_PROOF_SIZE + 1);
  big2.set(w.surjectionProof);
  assert.equal(verifyAmountsConfidential(spent, withOutputWitness(t, j, new TxOutWitness(big2, w.rangeProof)), spy), false);
  assert.equal(counts['zkp.verifyTally'] ?? 0, 0);
  assert.equal(counts['zkp.verifyRangeProof'] ?? 0, 0);
});

test('swapping two value commitments keeps the tally but breaks the range proofs', () => {
  const hit = ctTxs.find(({ tx: t }) => t.outputs.filter((o) => o.value.isCommitment).length >= 2)!;
  const t = hit.tx;
  const [j, k] = t.outputs.map((o, i) => (o.value.isCommitment ? i : -1)).filter((i) => i >= 0) as [number, number];
  const b = TransactionBuilder.from(t);
  const oj = t.outputs[j]!;
  const ok = t.outputs[k]!;
  b.outputs[j] = new TxOut(oj.asset, ok.value, oj.nonce, oj.scriptPubKey);
  b.outputs[k] = new TxOut(ok.asset, oj.value, ok.nonce, ok.scriptPubKey);
  const counts: Counts = {};
  const spy = counting(zkp, counts, 'zkp');
  assert.equal(verifyAmountsConfidential(hit.spent, b.build(), spy), false);
  assert.equal(counts['zkp.verifyTally'], 1, 'tally reached');
  assert.ok((counts['zkp.verifyRangeProof'] ?? 0) >= 1);
  // and changing a commitment outright breaks the tally
  const c = TransactionBuilder.from(t);
  c.outputs[j] = new TxOut(oj.asset, ConfidentialValue.fromBytes(flip(oj.value.data, 32)), oj.nonce, oj.scriptPubKey);
  assert.equal(verifyAmountsConfidential(hit.spent, c.build(), zkp), false);
});

test('TARGETS order matters: reordering inputs of a multi-input confidential transaction fails', () => {
  const multi = ctTxs.filter(({ tx: t, spent }) => t.inputs.length >= 2 && !t.inputs.some((i) => i.hasIssuance) && t.outputs.some((o) => o.asset.isCommitment) && !spent[0]!.asset.equals(spent[1]!.asset));
  assert.ok(multi.length >= 1);
  for (const { tx: t, spent } of multi) {
    const b = TransactionBuilder.from(t);
    b.inputs.reverse();
    b.inWitness.reverse();
    const counts: Counts = {};
    assert.equal(verifyAmountsConfidential([...spent].reverse(), b.build(), counting(zkp, counts, 'zkp')), false, t.txidHex);
    assert.equal(counts['zkp.verifyTally'], 1, 'the tally is order-independent and passes');
  }
});

test('blinded reissuance: the spent token commitment must match generate_blinded(token, nonce)', () => {
  const re = ctTxs.filter(({ tx: t }) => t.inputs.some((i) => i.hasIssuance && i.issuance.isReissuance));
  assert.equal(re.length, 2);
  for (const { tx: t, spent } of re) {
    const k = t.inputs.findIndex((i) => i.hasIssuance);
    const inp = t.inputs[k]!;
    assert.ok(spent[k]!.asset.isCommitment);
    const iss = inp.issuance;
    // a different blinding nonce
    const b = TransactionBuilder.from(t);
    b.setInput(k, new TxIn(inp.prevout, inp.scriptSig, inp.sequence, new AssetIssuance(flip(iss.assetBlindingNonce, 31), iss.assetEntropy, iss.amount, iss.inflationKeys)));
    assert.equal(verifyAmountsConfidential(spent, b.build(), zkp), false);
    // non-null inflation keys on a reissuance
    const c = TransactionBuilder.from(t);
    c.setInput(k, new TxIn(inp.prevout, inp.scriptSig, inp.sequence, new AssetIssuance(iss.assetBlindingNonce, iss.assetEntropy, iss.amount, v(1n))));
    assert.equal(verifyAmountsConfidential(spent, c.build(), zkp), false);
    // the spent output not being the token
    const other = [...spent];
    other[k] = spent[k === 0 ? 1 : 0]!;
    assert.equal(verifyAmountsConfidential(other, t, zkp), false);
  }
});

test('committed issuance amounts need their range proof in the input witness', () => {
  const iss = ctTxs.filter(({ tx: t }) => t.inputs.some((i) => i.hasIssuance && i.issuance.amount.isCommitment));
  assert.ok(iss.length >= 2);
  for (const { tx: t, spent } of iss) {
    const k = t.inputs.findIndex((i) => i.issuance.amount.isCommitment);
    const w = t.inWitness[k]!;
    const b = TransactionBuilder.from(t);
    b.setInputWitness(k, new TxInWitness(new Uint8Array(0), w.inflationKeysRangeproof, w.scriptWitness, w.peginWitness));
    assert.equal(verifyAmountsConfidential(spent, b.build(), zkp), false, t.txidHex);
    const c = TransactionBuilder.from(t);
    c.setInputWitness(k, new TxInWitness(flip(w.issuanceAmountRangeproof, 40), w.inflationKeysRangeproof, w.scriptWitness, w.peginWitness));
    assert.equal(verifyAmountsConfidential(spent, c.build(), zkp), false, t.txidHex);
  }
});
