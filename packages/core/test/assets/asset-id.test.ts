import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assetEntropy, calculateAsset, reissuanceToken } from '../../src/assets/asset-id.js';
import { issuanceIds } from '../../src/assets/issuance-ids.js';
import { fromDisplayHex, fromHex, toDisplayHex, toHex } from '../../src/encoding/hex.js';
import { Writer } from '../../src/encoding/writer.js';
import { AssetIssuance } from '../../src/primitives/asset-issuance.js';
import { ConfidentialValue } from '../../src/primitives/confidential.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { Transaction } from '../../src/primitives/transaction.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { exampleHexBlock } from '../support/vectors.js';

const outpointHash = fromDisplayHex('0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20');
const contract = fromDisplayHex('00000000000000000000000000000000000000000000000000000000000000aa');

test('worked example of assets spec §1', () => {
  const prevout = new OutPoint(outpointHash, 3);
  const w = new Writer();
  prevout.write(w);
  assert.equal(toHex(w.finish()), '201f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020103000000');
  const entropy = assetEntropy(prevout, contract);
  assert.equal(toDisplayHex(entropy), 'ca46a1da566eb10995513032a6c50b7bac7773f3970d5b03fc0b5a19741eb487');
  assert.equal(toDisplayHex(calculateAsset(entropy)), 'b4add7820e05520c943612dc4118548377b320cbaa6f8d6c0579ffe8ab30aa9b');
  assert.equal(toDisplayHex(reissuanceToken(entropy, false)), 'c746489c22ad343bc554c711f2aeda88fcbc4934fda964d50a90c7a6f34c6a46');
  assert.equal(toDisplayHex(reissuanceToken(entropy, true)), '472936b17382dc38e855081a3fffec57dd71adb0a7b787d694b2d22085e1330e');
});

test('issuanceIds: explicit, confidential and null amounts pick the token constant', () => {
  const commitment = ConfidentialValue.fromBytes(fromHex('08' + '11'.repeat(32)));
  const mk = (amount: ConfidentialValue, keys: ConfidentialValue) =>
    new TxIn(new OutPoint(outpointHash, 3), new Uint8Array(0), 0xffffffff, new AssetIssuance(new Uint8Array(32), contract, amount, keys));
  const explicit = issuanceIds(mk(ConfidentialValue.fromAmount(5n), ConfidentialValue.NULL))!;
  assert.equal(explicit.isReissuance, false);
  assert.equal(toDisplayHex(explicit.entropy), 'ca46a1da566eb10995513032a6c50b7bac7773f3970d5b03fc0b5a19741eb487');
  assert.equal(toDisplayHex(explicit.asset), 'b4add7820e05520c943612dc4118548377b320cbaa6f8d6c0579ffe8ab30aa9b');
  assert.equal(toDisplayHex(explicit.token), 'c746489c22ad343bc554c711f2aeda88fcbc4934fda964d50a90c7a6f34c6a46');
  const conf = issuanceIds(mk(commitment, ConfidentialValue.fromAmount(1n)))!;
  assert.equal(toDisplayHex(conf.token), '472936b17382dc38e855081a3fffec57dd71adb0a7b787d694b2d22085e1330e');
  const tokenOnly = issuanceIds(mk(ConfidentialValue.NULL, ConfidentialValue.fromAmount(1n)))!;
  assert.equal(toDisplayHex(tokenOnly.token), 'c746489c22ad343bc554c711f2aeda88fcbc4934fda964d50a90c7a6f34c6a46');
  assert.equal(issuanceIds(new TxIn(new OutPoint(outpointHash, 3), new Uint8Array(0), 0)), undefined);
});

test('issuanceIds: a reissuance uses the entropy field as is', () => {
  const entropy = fromDisplayHex('ca46a1da566eb10995513032a6c50b7bac7773f3970d5b03fc0b5a19741eb487');
  const nonce = new Uint8Array(32).fill(0xff);
  const input = new TxIn(
    new OutPoint(fromDisplayHex('ab'.repeat(32)), 7),
    new Uint8Array(0),
    0,
    new AssetIssuance(nonce, entropy, ConfidentialValue.fromAmount(10n), ConfidentialValue.NULL),
  );
  const ids = issuanceIds(input)!;
  assert.equal(ids.isReissuance, true);
  assert.equal(toDisplayHex(ids.entropy), 'ca46a1da566eb10995513032a6c50b7bac7773f3970d5b03fc0b5a19741eb487');
  assert.equal(toDisplayHex(ids.asset), 'b4add7820e05520c943612dc4118548377b320cbaa6f8d6c0579ffe8ab30aa9b');
  assert.equal(toDisplayHex(ids.token), 'c746489c22ad343bc554c711f2aeda88fcbc4934fda964d50a90c7a6f34c6a46');
});

test('real wallet issuance of examples §4', () => {
  const tx = Transaction.decode(fromHex(exampleHexBlock('Real issuance from the wallet')));
  assert.equal(tx.txidHex, '7dc5449a59cbfabdaac1f3184985325f14f8ae4885c0f5539a4e141f83778938');
  const input = tx.inputs[0]!;
  assert.equal(input.prevout.index, 64);
  assert.equal(input.serializedIndex, 0x80000040);
  const ids = issuanceIds(input)!;
  assert.equal(ids.isReissuance, false);
  assert.equal(toDisplayHex(ids.entropy), '142c33868d7283876791cc3c0aaac1251d92297a82f0354415ac4eaaf54cada2');
  assert.equal(toDisplayHex(ids.asset), '001855cd5dd7a5a8807a6f945902ba5bb0e3db78de4709b23f59343ff302aa9e');
  assert.equal(toDisplayHex(ids.token), '55371a5539e096e2e0ddd5682c6188a64640242c37648fbfcefd38611ed429d9');
  // the outputs carry exactly those ids
  assert.equal(tx.outputs[0]!.asset.idHex, toDisplayHex(ids.asset));
  assert.equal(tx.outputs[1]!.asset.idHex, toDisplayHex(ids.token));
});
