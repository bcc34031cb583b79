import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assetEntropy, calculateAsset, reissuanceToken } from '../../src/assets/asset-id.js';
import { blindTransaction, type IssuanceBlindingKeys } from '../../src/confidential/blind-transaction.js';
import { deriveIssuanceBlindingKey } from '../../src/confidential/blinding-key.js';
import { unblindIssuance, unblindOutput } from '../../src/confidential/unblind.js';
import { verifyAmounts } from '../../src/consensus/amounts.js';
import { bytesEqual } from '../../src/encoding/hex.js';
import { rangeproofInfo } from '../../src/format/rangeproof-info.js';
import { AssetIssuance } from '../../src/primitives/asset-issuance.js';
import { ConfidentialValue } from '../../src/primitives/confidential.js';
import type { OutPoint } from '../../src/primitives/outpoint.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { ASSET_A, fee, id32, out, tx } from '../consensus/support/fixtures.js';
import { explicitCoin, prevout, receiver, seeded, verifier, zkp } from './support.js';

const alice = receiver(1);
const bob = receiver(2);
const MASTER = id32(0x3c);
const CONTRACT = id32(0xcc);

function issuingInput(p: OutPoint, amount: bigint | null, tokens: bigint | null): TxIn {
  const v = (x: bigint | null) => (x === null ? ConfidentialValue.NULL : ConfidentialValue.fromAmount(x));
  return new TxIn(p, new Uint8Array(0), 0xffffffff, new AssetIssuance(new Uint8Array(32), CONTRACT, v(amount), v(tokens)));
}

/** A new issuance of 500 000 units and 3 tokens funded by 10 000 A; all outputs blinded. */
function issue(keys: IssuanceBlindingKeys | null, label: string) {
  const p = prevout(7, 1);
  const coin = explicitCoin(ASSET_A, 10_000n, alice.script);
  const entropy = assetEntropy(p, CONTRACT);
  const asset = calculateAsset(entropy);
  const token = reissuanceToken(entropy, keys?.asset != null);
  const unsigned = tx(
    [issuingInput(p, 500_000n, 3n)],
    [out(asset, 500_000n, alice.script), out(token, 3n, alice.script), out(ASSET_A, 9_000n, bob.script), fee(ASSET_A, 1_000n)],
  );
  const r = blindTransaction(zkp, {
    tx: unsigned,
    inputs: [coin.info],
    outputPubkeys: [alice.blindingPub, alice.blindingPub, bob.blindingPub],
    issuanceKeys: keys === null ? [] : [keys],
    random: seeded(label),
  });
  return { r, coin, entropy, asset, token, prevout: p };
}

test('a blinded issuance (amount and token) verifies and the issuer unblinds it', () => {
  const key = deriveIssuanceBlindingKey(MASTER, prevout(7, 1))!;
  const { r, coin, asset, token } = issue({ asset: key, token: key }, 'issue');
  assert.equal(r.error, undefined);
  assert.equal(r.blinded, 5, 'two issuance fields and three outputs');
  const issuance = r.tx.inputs[0]!.issuance;
  assert.ok(issuance.amount.isCommitment && issuance.inflationKeys.isCommitment);
  const w = r.tx.inWitness[0]!;
  for (const proof of [w.issuanceAmountRangeproof, w.inflationKeysRangeproof]) {
    const info = rangeproofInfo(proof)!;
    assert.deepEqual([info.exp, info.mantissa, info.minValue], [0, 32, 0n], 'issuance proofs: exponent 0, 32 bits, minimum 0');
    assert.equal(proof.length, 2564);
  }
  // targets: the input, the issued asset, the token → 3-input surjection proofs
  for (const o of [0, 1, 2]) assert.equal(r.tx.outWitness[o]!.surjectionProof.length, 131);
  assert.ok(verifyAmounts([coin.spent], r.tx, verifier));

  const opened = unblindIssuance(zkp, key, r.tx, 0);
  assert.equal(opened.amount?.value, 500_000n);
  assert.ok(bytesEqual(opened.amount!.asset, asset));
  assert.equal(opened.token?.value, 3n);
  assert.ok(bytesEqual(opened.token!.asset, token));
  const wrong = unblindIssuance(zkp, deriveIssuanceBlindingKey(MASTER, prevout(7, 2))!, r.tx, 0);
  assert.deepEqual(wrong, { amount: null, token: null });
  // the token is the confidential-issuance token (T2), as VerifyAmounts derives it
  assert.ok(bytesEqual(opened.token!.asset, reissuanceToken(assetEntropy(prevout(7, 1), CONTRACT), true)));
});

test('issuance blinding keys only blind the fields they are given for', () => {
  const key = deriveIssuanceBlindingKey(MASTER, prevout(7, 1))!;
  // amount blinded, token amount explicit: the token id is still the confidential one
  const amountOnly = issue({ asset: key }, 'amount-only');
  assert.equal(amountOnly.r.blinded, 4);
  const issuance = amountOnly.r.tx.inputs[0]!.issuance;
  assert.ok(issuance.amount.isCommitment && issuance.inflationKeys.isExplicit);
  assert.equal(amountOnly.r.tx.inWitness[0]!.inflationKeysRangeproof.length, 0);
  assert.ok(verifyAmounts([amountOnly.coin.spent], amountOnly.r.tx, verifier));
  // no keys: explicit issuance, blinded outputs (the corpus's ct-issueasset-explicit shape)
  const none = issue(null, 'none');
  assert.equal(none.r.blinded, 3);
  assert.ok(none.r.tx.inputs[0]!.issuance.amount.isExplicit);
  assert.ok(verifyAmounts([none.coin.spent], none.r.tx, verifier));
  assert.deepEqual(unblindIssuance(zkp, key, none.r.tx, 0), { amount: null, token: null });
});

test('an issuance amount that is already a commitment cannot be blinded again', () => {
  const key = deriveIssuanceBlindingKey(MASTER, prevout(7, 1))!;
  const { r, coin } = issue({ asset: key, token: key }, 'twice');
  const again = blindTransaction(zkp, { tx: r.tx, inputs: [coin.info], outputPubkeys: [], issuanceKeys: [{ asset: key }], random: seeded('again') });
  assert.equal(again.blinded, -1);
});

test('a blinded reissuance spending the blinded token verifies', () => {
  const key = deriveIssuanceBlindingKey(MASTER, prevout(7, 1))!;
  const issued = issue({ asset: key, token: key }, 'for-reissue');
  const tokenOut = issued.r.tx.outputs[1]!;
  const tok = unblindOutput(zkp, alice.blindingKey, tokenOut, issued.r.tx.outWitness[1]!)!;
  assert.ok(bytesEqual(tok.asset, issued.token));

  const tokenPrevout = prevout(8, 1);
  const feeCoin = explicitCoin(ASSET_A, 2_000n, alice.script);
  const reissuing = new TxIn(
    tokenPrevout,
    new Uint8Array(0),
    0xffffffff,
    new AssetIssuance(tok.assetBlinder, issued.entropy, ConfidentialValue.fromAmount(1_000n), ConfidentialValue.NULL),
  );
  const unsigned = tx(
    [reissuing, new TxIn(prevout(9), new Uint8Array(0), 0xffffffff)],
    [out(issued.token, 3n, alice.script), out(issued.asset, 1_000n, bob.script), out(ASSET_A, 1_500n, alice.script), fee(ASSET_A, 500n)],
  );
  const reKey = deriveIssuanceBlindingKey(MASTER, tokenPrevout)!;
  const r = blindTransaction(zkp, {
    tx: unsigned,
    inputs: [{ asset: tok.asset, assetBlinder: tok.assetBlinder, value: tok.value, valueBlinder: tok.valueBlinder }, feeCoin.info],
    outputPubkeys: [alice.blindingPub, bob.blindingPub, alice.blindingPub],
    issuanceKeys: [{ asset: reKey }],
    random: seeded('reissue'),
  });
  assert.equal(r.blinded, 4);
  // targets: token input, reissued asset, fee input → 3 entries
  assert.equal(r.tx.outWitness[0]!.surjectionProof.length, 131);
  assert.ok(verifyAmounts([tokenOut, feeCoin.spent], r.tx, verifier));
  assert.equal(unblindIssuance(zkp, reKey, r.tx, 0).amount?.value, 1_000n);
  assert.equal(unblindOutput(zkp, bob.blindingKey, r.tx.outputs[1]!, r.tx.outWitness[1]!)?.value, 1_000n);
});

test('token-only issuance with a blinding key: the token id follows the (null) amount, so it verifies (ADR 0025)', () => {
  const p = prevout(7, 3);
  const key = deriveIssuanceBlindingKey(MASTER, p)!;
  const coin = explicitCoin(ASSET_A, 10_000n, alice.script);
  const entropy = assetEntropy(p, CONTRACT);
  // The amount is null, so VerifyAmounts derives the explicit-issuance token id (T1).
  const token = reissuanceToken(entropy, false);
  const unsigned = tx([issuingInput(p, null, 5n)], [out(token, 5n, alice.script), out(ASSET_A, 9_000n, bob.script), fee(ASSET_A, 1_000n)]);
  const r = blindTransaction(zkp, {
    tx: unsigned,
    inputs: [coin.info],
    outputPubkeys: [alice.blindingPub, bob.blindingPub],
    issuanceKeys: [{ asset: key, token: key }],
    random: seeded('token-only'),
  });
  assert.equal(r.blinded, 3, 'token amount and two outputs');
  assert.ok(r.tx.inputs[0]!.issuance.amount.isNull && r.tx.inputs[0]!.issuance.inflationKeys.isCommitment);
  assert.ok(verifyAmounts([coin.spent], r.tx, verifier));
  assert.ok(bytesEqual(unblindIssuance(zkp, key, r.tx, 0).token!.asset, token));
});
