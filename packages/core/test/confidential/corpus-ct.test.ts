/**
 * The original's confidential transactions (corpus chain `rt-ct`, made by oceand with -disablect=0)
 * against ours: our proofs use the same range-proof parameters (header bytes and proof sizes) and the
 * same surjection-proof shape; and our unblinding runs on the original's outputs.
 *
 * The corpus holds no blinding private key (the wallets' master blinding keys are random and
 * `chains.json` `keys` has only the genesis destination key), so the original's outputs cannot be
 * opened here; what can be checked is that a key that is not theirs never opens them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assetEntropy, calculateAsset } from '../../src/assets/asset-id.js';
import { blindTransaction } from '../../src/confidential/blind-transaction.js';
import { unblindIssuance, unblindOutput } from '../../src/confidential/unblind.js';
import { verifyAmounts } from '../../src/consensus/amounts.js';
import { fromHex, toHex } from '../../src/encoding/hex.js';
import { rangeproofInfo } from '../../src/format/rangeproof-info.js';
import { AssetIssuance } from '../../src/primitives/asset-issuance.js';
import { ConfidentialValue } from '../../src/primitives/confidential.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { corpusTxsWithSpent } from '../consensus/support/corpus-txs.js';
import { readJson } from '../support/vectors.js';
import { ASSET_A, fee, id32, input, out, tx } from '../consensus/support/fixtures.js';
import { explicitCoin, prevout, receiver, seeded, verifier, zkp } from './support.js';

const alice = receiver(1);
const bob = receiver(2);
const ct = corpusTxsWithSpent('rt-ct');

/** Header bytes of a range proof: flags, [mantissa − 1], [8-byte minimum]. */
function header(proof: Uint8Array): string {
  const flags = proof[0]!;
  const len = 1 + (flags & 64 ? 1 : 0) + (flags & 32 ? 8 : 0);
  return toHex(proof.subarray(0, len));
}

interface Shape {
  header: string;
  length: number;
  mantissa: number;
  minValue: bigint;
}

function shapes(proofs: Uint8Array[]): Map<string, Shape> {
  const m = new Map<string, Shape>();
  for (const p of proofs) {
    const info = rangeproofInfo(p)!;
    m.set(header(p), { header: header(p), length: p.length, mantissa: info.mantissa, minValue: info.minValue });
  }
  return m;
}

const outputProofs = ct.flatMap(({ tx: t }) => t.outputs.flatMap((o, i) => (o.value.isCommitment ? [t.outWitness[i]!.rangeProof] : [])));
const issuanceProofs = ct.flatMap(({ tx: t }) =>
  t.inWitness.flatMap((w) => [w.issuanceAmountRangeproof, w.inflationKeysRangeproof].filter((p) => p.length > 0)),
);

test('the corpus has the confidential transactions this file relies on', () => {
  assert.ok(outputProofs.length >= 50, `${outputProofs.length} blinded outputs`);
  assert.ok(issuanceProofs.length >= 4, `${issuanceProofs.length} issuance range proofs`);
  // and they verify under our consensus code (so the shapes compared below are valid ones)
  for (const { tx: t, spent } of ct) if (t.outputs.some((o) => o.value.isCommitment)) assert.ok(verifyAmounts(spent, t, verifier), t.txidHex);
});

test('our output range proofs have the original\'s header and size for each value range', () => {
  for (const s of shapes(outputProofs).values()) {
    // a value whose proof needs `mantissa` bits above the minimum of 1 (at least ct_bits = 32)
    const value = s.mantissa <= 32 ? 1_000n : (1n << BigInt(s.mantissa - 1)) + 1n;
    const coin = explicitCoin(ASSET_A, value + 1_000n, alice.script);
    const unsigned = tx([input(prevout(1))], [out(ASSET_A, value, alice.script), out(ASSET_A, 500n, bob.script), fee(ASSET_A, 500n)]);
    const r = blindTransaction(zkp, { tx: unsigned, inputs: [coin.info], outputPubkeys: [alice.blindingPub, bob.blindingPub], random: seeded(s.header) });
    const ours = r.tx.outWitness[0]!.rangeProof;
    assert.equal(header(ours), s.header, `header for mantissa ${s.mantissa}`);
    assert.equal(ours.length, s.length, `size for mantissa ${s.mantissa}`);
    assert.ok(verifyAmounts([coin.spent], r.tx, verifier));
  }
});

test('our issuance range proofs have the original\'s header and size', () => {
  for (const s of shapes(issuanceProofs).values()) {
    assert.equal(s.minValue, 0n);
    const amount = s.mantissa <= 32 ? 1_000n : 1n << BigInt(s.mantissa - 1);
    const p = prevout(4, 2);
    const issuing = new TxIn(p, new Uint8Array(0), 0xffffffff, new AssetIssuance(new Uint8Array(32), id32(0xcd), ConfidentialValue.fromAmount(amount), ConfidentialValue.NULL));
    const asset = calculateAsset(assetEntropy(p, id32(0xcd)));
    const coin = explicitCoin(ASSET_A, 2_000n, alice.script);
    const unsigned = tx([issuing], [out(asset, amount, alice.script), out(ASSET_A, 1_500n, bob.script), fee(ASSET_A, 500n)]);
    const key = id32(0x77);
    const r = blindTransaction(zkp, {
      tx: unsigned,
      inputs: [coin.info],
      outputPubkeys: [alice.blindingPub, bob.blindingPub],
      issuanceKeys: [{ asset: key }],
      random: seeded(`iss-${s.header}`),
    });
    const ours = r.tx.inWitness[0]!.issuanceAmountRangeproof;
    assert.equal(header(ours), s.header, `issuance header for mantissa ${s.mantissa}`);
    assert.equal(ours.length, s.length);
    assert.ok(verifyAmounts([coin.spent], r.tx, verifier));
  }
});

test('our surjection proofs have the original\'s shape for 1, 2 and 3 targets', () => {
  // original: n inputs (LE16), bitmap of used inputs (all of them for n ≤ 3), 32-byte nonce + 32 per used input
  const original = new Map<number, string>();
  for (const { tx: t } of ct) {
    for (const w of t.outWitness) {
      const sp = w.surjectionProof;
      if (sp.length > 0) original.set(sp.length, toHex(sp.subarray(0, 3)));
    }
  }
  assert.deepEqual([...original.entries()].sort((a, b) => a[0] - b[0]), [
    [67, '010001'],
    [99, '020003'],
    [131, '030007'],
  ]);
  for (const n of [1, 2, 3]) {
    const coins = Array.from({ length: n }, () => explicitCoin(ASSET_A, 1_000n, alice.script));
    const unsigned = tx(
      coins.map((_, i) => input(prevout(10 + i))),
      [out(ASSET_A, 500n * BigInt(n), alice.script), out(ASSET_A, 400n * BigInt(n), bob.script), fee(ASSET_A, 100n * BigInt(n))],
    );
    const r = blindTransaction(zkp, { tx: unsigned, inputs: coins.map((c) => c.info), outputPubkeys: [alice.blindingPub, bob.blindingPub], random: seeded(`sp${n}`) });
    const sp = r.tx.outWitness[0]!.surjectionProof;
    assert.equal(toHex(sp.subarray(0, 3)), original.get(sp.length), `${n} targets`);
  }
});

test('a key that is not the receiver\'s never opens the original\'s outputs or issuances', () => {
  const chains = readJson<{ chains: { id: string; keys: Record<string, { privkey_hex: string }> }[] }>('vectors', 'ocean-corpus', 'chains.json');
  const keys = Object.values(chains.chains.find((c) => c.id === 'rt-ct')!.keys).map((k) => fromHex(k.privkey_hex));
  assert.ok(keys.length > 0);
  let tried = 0;
  for (const { tx: t } of ct) {
    t.outputs.forEach((o, i) => {
      if (!o.value.isCommitment) return;
      for (const k of [...keys, alice.blindingKey]) {
        tried++;
        assert.equal(unblindOutput(zkp, k, o, t.outWitness[i]!), null);
      }
    });
    t.inputs.forEach((inp, i) => {
      if (inp.issuance.amount.isCommitment) assert.deepEqual(unblindIssuance(zkp, keys[0]!, t, i), { amount: null, token: null });
    });
  }
  assert.ok(tried >= 50);
});
