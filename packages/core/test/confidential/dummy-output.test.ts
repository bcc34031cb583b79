import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blindTransaction, countFieldsToBlind } from '../../src/confidential/blind-transaction.js';
import { addDummyBlindedOutput, DUMMY_OUTPUT_SCRIPT, needsDummyBlindedOutput } from '../../src/confidential/dummy-output.js';
import { unblindOutput } from '../../src/confidential/unblind.js';
import { verifyAmounts } from '../../src/consensus/amounts.js';
import { bytesEqual, toHex } from '../../src/encoding/hex.js';
import { rangeproofInfo } from '../../src/format/rangeproof-info.js';
import { ASSET_A, fee, input, out, tx } from '../consensus/support/fixtures.js';
import { explicitCoin, prevout, receiver, seeded, verifier, zkp } from './support.js';

const alice = receiver(1);
const bob = receiver(2);
const wallet = receiver(3); // the sender's key for the dummy OP_RETURN script

test('one blinded output and no blinded input: BlindTransaction refuses, the dummy output fixes it', () => {
  const coin = explicitCoin(ASSET_A, 10_000n, bob.script);
  const unsigned = tx([input(prevout(1))], [out(ASSET_A, 9_000n, alice.script), fee(ASSET_A, 1_000n)]);
  const keys = [alice.blindingPub];

  // Without the dummy the lone output's blinder would follow from public data: refused.
  const refused = blindTransaction(zkp, { tx: unsigned, inputs: [coin.info], outputPubkeys: keys, random: seeded('d') });
  assert.equal(refused.blinded, 0);
  assert.equal(countFieldsToBlind(unsigned, keys), 1);
  assert.ok(refused.tx.outputs[0]!.value.isExplicit, 'nothing was blinded');

  assert.equal(needsDummyBlindedOutput(unsigned, [coin.info], keys), true);
  const withDummy = addDummyBlindedOutput(unsigned, [coin.info], keys, wallet.blindingPub);
  assert.equal(withDummy.added, true);
  assert.equal(withDummy.tx.outputs.length, 3);
  const dummy = withDummy.tx.outputs[2]!;
  assert.ok(bytesEqual(dummy.scriptPubKey, DUMMY_OUTPUT_SCRIPT));
  assert.equal(dummy.value.amount, 0n);
  assert.ok(bytesEqual(dummy.asset.id, ASSET_A), 'the dummy is in the lone output\'s asset');
  assert.deepEqual(withDummy.outputPubkeys.map((k) => (k === null ? null : toHex(k))), [toHex(alice.blindingPub), null, toHex(wallet.blindingPub)]);

  const r = blindTransaction(zkp, { tx: withDummy.tx, inputs: [coin.info], outputPubkeys: withDummy.outputPubkeys, random: seeded('d') });
  assert.equal(r.blinded, 2);
  assert.ok(verifyAmounts([coin.spent], r.tx, verifier));
  // The dummy's proof may prove 0 (unspendable script) and opens to 0 with the wallet's key.
  const info = rangeproofInfo(r.tx.outWitness[2]!.rangeProof)!;
  assert.equal(info.minValue, 0n);
  assert.equal(unblindOutput(zkp, wallet.blindingKey, r.tx.outputs[2]!, r.tx.outWitness[2]!)?.value, 0n);
  assert.equal(unblindOutput(zkp, alice.blindingKey, r.tx.outputs[0]!, r.tx.outWitness[0]!)?.value, 9_000n);
});

test('no dummy when two fields are blinded or an input is blinded', () => {
  const coin = explicitCoin(ASSET_A, 10_000n, bob.script);
  const two = tx([input(prevout(1))], [out(ASSET_A, 4_000n, alice.script), out(ASSET_A, 5_000n, bob.script), fee(ASSET_A, 1_000n)]);
  assert.equal(needsDummyBlindedOutput(two, [coin.info], [alice.blindingPub, bob.blindingPub]), false);
  const unchanged = addDummyBlindedOutput(two, [coin.info], [alice.blindingPub, bob.blindingPub], wallet.blindingPub);
  assert.equal(unchanged.added, false);
  assert.equal(unchanged.tx, two);

  // a blinded input: one blinded output is fine
  const first = blindTransaction(zkp, { tx: two, inputs: [coin.info], outputPubkeys: [alice.blindingPub, bob.blindingPub], random: seeded('e') }).tx;
  const mine = unblindOutput(zkp, alice.blindingKey, first.outputs[0]!, first.outWitness[0]!)!;
  const info = { asset: mine.asset, assetBlinder: mine.assetBlinder, value: mine.value, valueBlinder: mine.valueBlinder };
  const spend = tx([input(prevout(2))], [out(ASSET_A, 3_000n, bob.script), fee(ASSET_A, 1_000n)]);
  assert.equal(needsDummyBlindedOutput(spend, [info], [bob.blindingPub]), false);
  // nothing to blind at all: no dummy either
  assert.equal(needsDummyBlindedOutput(spend, [coin.info], []), false);
});
