// combineblocksigs' merge step is core's CombineSignatures (Core 0.14 rules) with scriptSig-only data.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BlockProofChecker, OP, ScriptBuilder, hash160, loadNativeSecp256k1, toHex } from '@ocean-ts/core';
import { combineSignatures, pushAll, signBlockHash } from '../../src/mining/index.js';

const secp = loadNativeSecp256k1();
const blockHash = new Uint8Array(32).fill(7);
const checker = new BlockProofChecker(secp, blockHash);
const keys = [1, 2, 3].map((i) => {
  const k = new Uint8Array(32);
  k[31] = i;
  return k;
});
const pubs = keys.map((k) => secp.publicKeyCreate(k, true));
const sigs = keys.map((k) => signBlockHash(blockHash, k, secp));
const EMPTY = new Uint8Array(0);

function multisig(m: number, keys: readonly Uint8Array[]): Uint8Array {
  const b = new ScriptBuilder().op(OP.OP_1 - 1 + m);
  for (const k of keys) b.push(k);
  return b.op(OP.OP_1 - 1 + keys.length, OP.OP_CHECKMULTISIG).build();
}

const hex = (b: Uint8Array) => toHex(b);

test('multisig: signatures in key order with the OP_0 dummy, placeholders while incomplete, junk dropped', () => {
  const challenge = multisig(2, pubs);
  const only3 = pushAll([EMPTY, sigs[2]!]);
  const only1 = pushAll([EMPTY, sigs[0]!]);
  assert.equal(hex(combineSignatures(challenge, checker, EMPTY, only3)), hex(pushAll([EMPTY, sigs[2]!, EMPTY])));
  assert.equal(hex(combineSignatures(challenge, checker, only3, only1)), hex(pushAll([EMPTY, sigs[0]!, sigs[2]!])));
  assert.equal(hex(combineSignatures(challenge, checker, only1, only3)), hex(pushAll([EMPTY, sigs[0]!, sigs[2]!])));
  // a signature over another message matches no key
  const foreign = secp.signatureExport(secp.sign(new Uint8Array(32).fill(9), keys[1]!).signature);
  assert.equal(hex(combineSignatures(challenge, checker, only1, pushAll([EMPTY, foreign]))), hex(pushAll([EMPTY, sigs[0]!, EMPTY])));
});

test('pay-to-pubkey-hash keeps the first non-empty solution; P2SH recurses into the redeem script', () => {
  const p2pkh = new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(hash160(pubs[0]!)).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();
  const a = pushAll([sigs[0]!, pubs[0]!]);
  const b = pushAll([sigs[1]!, pubs[1]!]);
  assert.equal(hex(combineSignatures(p2pkh, checker, EMPTY, a)), hex(a));
  assert.equal(hex(combineSignatures(p2pkh, checker, b, a)), hex(b));

  const redeem = multisig(2, pubs.slice(0, 2));
  const p2sh = new ScriptBuilder().op(OP.OP_HASH160).push(hash160(redeem)).op(OP.OP_EQUAL).build();
  const f1 = pushAll([EMPTY, sigs[1]!, redeem]);
  const f2 = pushAll([EMPTY, sigs[0]!, redeem]);
  assert.equal(hex(combineSignatures(p2sh, checker, EMPTY, f1)), hex(f1));
  assert.equal(hex(combineSignatures(p2sh, checker, f1, f2)), hex(pushAll([EMPTY, sigs[0]!, sigs[1]!, redeem])));
});

test('witness-program challenges follow Core 0.14 (no witness: the second solution), OP_TRUE gives nothing, non-standard keeps the longer', () => {
  const p2wpkh = new ScriptBuilder().op(OP.OP_0).push(hash160(pubs[0]!)).build();
  const a = pushAll([sigs[0]!, pubs[0]!]);
  const b = pushAll([sigs[1]!]);
  assert.equal(hex(combineSignatures(p2wpkh, checker, a, b)), hex(b));
  assert.equal(hex(combineSignatures(p2wpkh, checker, b, EMPTY)), '');

  assert.equal(combineSignatures(Uint8Array.of(OP.OP_TRUE), checker, EMPTY, pushAll([sigs[0]!])).length, 0);

  const nonStandard = Uint8Array.of(OP.OP_DROP, OP.OP_TRUE);
  const one = pushAll([sigs[0]!]);
  const two = pushAll([sigs[1]!, sigs[2]!]);
  assert.equal(hex(combineSignatures(nonStandard, checker, one, two)), hex(two));
  assert.equal(hex(combineSignatures(nonStandard, checker, two, one)), hex(two));
});
