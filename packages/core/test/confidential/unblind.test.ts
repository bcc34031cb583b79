import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blindTransaction } from '../../src/confidential/blind-transaction.js';
import { unblindConfidentialPair, unblindOutput } from '../../src/confidential/unblind.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';
import { sha256 } from '../../src/crypto/hash.js';
import { bytesEqual, toHex } from '../../src/encoding/hex.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../../src/primitives/confidential.js';
import { ASSET_A, ASSET_B, fee, input, out, tx } from '../consensus/support/fixtures.js';
import { explicitCoin, prevout, receiver, seeded, zkp } from './support.js';

const alice = receiver(1);
const bob = receiver(2);

function blinded() {
  const a = explicitCoin(ASSET_A, 100_000n, alice.script);
  const b = explicitCoin(ASSET_B, 20_000n, alice.script);
  const unsigned = tx(
    [input(prevout(1)), input(prevout(2))],
    [out(ASSET_A, 60_000n, alice.script), out(ASSET_B, 20_000n, bob.script), out(ASSET_A, 39_000n, bob.script), fee(ASSET_A, 1_000n)],
  );
  return blindTransaction(zkp, {
    tx: unsigned,
    inputs: [a.info, b.info],
    outputPubkeys: [alice.blindingPub, bob.blindingPub, bob.blindingPub],
    random: seeded('unblind'),
  });
}

const r = blinded();

test('unblinding recovers value, asset and both blinding factors of every output', () => {
  const expected: [typeof alice, bigint, Uint8Array][] = [
    [alice, 60_000n, ASSET_A],
    [bob, 20_000n, ASSET_B],
    [bob, 39_000n, ASSET_A],
  ];
  expected.forEach(([who, value, asset], o) => {
    const u = unblindOutput(zkp, who.blindingKey, r.tx.outputs[o]!, r.tx.outWitness[o]!);
    assert.ok(u !== null, `output ${o} unblinds`);
    assert.equal(u.value, value);
    assert.ok(bytesEqual(u.asset, asset));
    assert.equal(toHex(u.valueBlinder), toHex(r.valueBlinders[o]!));
    assert.equal(toHex(u.assetBlinder), toHex(r.assetBlinders[o]!));
    // the recovered blinders reproduce the commitments
    const gen = zkp.blindedGenerator(u.asset, u.assetBlinder)!;
    assert.equal(toHex(gen), r.tx.outputs[o]!.asset.hex);
    assert.equal(toHex(zkp.commit(u.value, u.valueBlinder, gen)!), r.tx.outputs[o]!.value.hex);
  });
});

test('the wrong key, a changed nonce, script or proof do not unblind', () => {
  const o = r.tx.outputs[0]!;
  const w = r.tx.outWitness[0]!;
  assert.equal(unblindOutput(zkp, bob.blindingKey, o, w), null, 'someone else\'s key');
  assert.equal(unblindConfidentialPair(zkp, alice.blindingKey, o.value, o.asset, r.tx.outputs[1]!.nonce, o.scriptPubKey, w.rangeProof), null, 'another output\'s ephemeral key');
  assert.equal(unblindConfidentialPair(zkp, alice.blindingKey, o.value, o.asset, o.nonce, bob.script, w.rangeProof), null, 'another script');
  assert.equal(unblindConfidentialPair(zkp, alice.blindingKey, o.value, o.asset, o.nonce, o.scriptPubKey, r.tx.outWitness[2]!.rangeProof), null, 'another proof');
  // value and asset of different outputs: the rewind succeeds or not, but the asset check must fail
  assert.equal(unblindConfidentialPair(zkp, alice.blindingKey, o.value, r.tx.outputs[2]!.asset, o.nonce, o.scriptPubKey, w.rangeProof), null, 'another asset commitment');
  assert.equal(unblindConfidentialPair(zkp, alice.blindingKey, ConfidentialValue.fromAmount(60_000n), o.asset, o.nonce, o.scriptPubKey, w.rangeProof), null, 'explicit value');
  assert.equal(unblindConfidentialPair(zkp, new Uint8Array(32), o.value, o.asset, o.nonce, o.scriptPubKey, w.rangeProof), null, 'invalid key');
  assert.equal(unblindConfidentialPair(zkp, alice.blindingKey, o.value, o.asset, o.nonce, o.scriptPubKey, new Uint8Array(0)), null, 'no proof');
  const notAPoint = ConfidentialNonce.fromBytes(Uint8Array.from([0x02, ...new Uint8Array(32).fill(0xff)]));
  assert.equal(unblindConfidentialPair(zkp, alice.blindingKey, o.value, o.asset, notAPoint, o.scriptPubKey, w.rangeProof), null, 'nonce not a point');
  assert.equal(unblindConfidentialPair(zkp, alice.blindingKey, o.value, ConfidentialAsset.NULL, o.nonce, o.scriptPubKey, w.rangeProof), null, 'null asset');
});

test('rewind nonce = SHA256(ECDH(ephemeral, receiver)) with libsecp256k1\'s default ECDH hash', () => {
  const noble = new NobleSecp256k1();
  const e = sha256(Uint8Array.of(1, 2, 3));
  assert.equal(toHex(zkp.ecdh(alice.blindingPub, e)!), toHex(noble.ecdh(alice.blindingPub, e)));
  // symmetric: receiver side equals sender side
  assert.equal(toHex(zkp.ecdh(zkp.publicKey(e)!, alice.blindingKey)!), toHex(zkp.ecdh(alice.blindingPub, e)!));
  // uncompressed keys are accepted too
  const uncompressed = noble.publicKeyConvert(alice.blindingPub, false);
  assert.equal(toHex(zkp.ecdh(uncompressed, e)!), toHex(noble.ecdh(alice.blindingPub, e)));
  assert.equal(zkp.ecdh(alice.blindingPub, new Uint8Array(32)), null);
  // the sender's view: the nonce field of output 0 is e·G for the e that makes Alice's rewind work
  const shared = zkp.ecdh(r.tx.outputs[0]!.nonce.data, alice.blindingKey)!;
  const o = r.tx.outputs[0]!;
  assert.ok(zkp.rangeProofRewind(r.tx.outWitness[0]!.rangeProof, o.value.data, o.asset.data, sha256(shared), o.scriptPubKey) !== null);
  assert.equal(zkp.rangeProofRewind(r.tx.outWitness[0]!.rangeProof, o.value.data, o.asset.data, shared, o.scriptPubKey), null, 'without the second SHA256');
});
