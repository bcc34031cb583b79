// CombineSignatures and the signrawtransaction signing loop: multisig solutions signed in separate
// rounds by different key holders merge into a complete one (signatures in key order), also for
// P2SH-wrapped P2WSH, whose partial signatures the original loses (docs/adr/0015).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../../../src/encoding/hex.js';
import { loadNativeSecp256k1 } from '../../../src/crypto/secp256k1-native.js';
import { STANDARD_SCRIPT_VERIFY_FLAGS } from '../../../src/script/flags.js';
import { verifyScript } from '../../../src/script/interpreter.js';
import { SIGHASH_SINGLE } from '../../../src/script/sighash.js';
import { TransactionSignatureChecker } from '../../../src/script/transaction-checker.js';
import { MemorySigningProvider } from '../../../src/script/sign/memory-signing-provider.js';
import { TransactionSignatureCreator } from '../../../src/script/sign/signature-creator.js';
import { produceSignature, pushAll, type SignatureData } from '../../../src/script/sign/produce-signature.js';
import { combineSignatures } from '../../../src/script/sign/combine-signatures.js';
import { INPUT_NOT_FOUND, signTransaction } from '../../../src/script/sign/sign-transaction.js';
import { EMPTY_SIGNING_PROVIDER } from '../../../src/script/sign/signing-provider.js';
import type { Transaction } from '../../../src/primitives/transaction.js';
import { TransactionBuilder } from '../../../src/primitives/transaction-builder.js';
import { TxIn } from '../../../src/primitives/tx-in.js';
import { TxInWitness } from '../../../src/primitives/witness.js';
import { AMOUNT, lockedMultisig, multisig, p2pkh, p2sh, p2wsh, privKey, pubKeys, spendingTx } from './support.js';

const secp = loadNativeSecp256k1();
const pubs = pubKeys(secp, 3);
const ms = multisig(2, pubs);

const wrappings: { name: string; spk: Uint8Array; scripts: Uint8Array[] }[] = [
  { name: 'bare multisig', spk: ms, scripts: [] },
  { name: 'P2SH multisig', spk: p2sh(ms), scripts: [ms] },
  { name: 'P2WSH multisig', spk: p2wsh(ms), scripts: [ms] },
  { name: 'P2SH-P2WSH multisig', spk: p2sh(p2wsh(ms)), scripts: [p2wsh(ms), ms] },
];

function provider(keys: number[], scripts: Uint8Array[]): MemorySigningProvider {
  const p = new MemorySigningProvider(secp);
  for (const k of keys) p.addKey(privKey(k));
  for (const s of scripts) p.addScript(s);
  return p;
}

function sign(tx: Transaction, spk: Uint8Array, keys: number[], scripts: Uint8Array[]): SignatureData {
  return produceSignature(new TransactionSignatureCreator(secp, provider(keys, scripts), tx, 0, AMOUNT), spk).data;
}

function verifies(tx: Transaction, spk: Uint8Array, d: SignatureData): boolean {
  return verifyScript(d.scriptSig, spk, d.scriptWitness, STANDARD_SCRIPT_VERIFY_FLAGS, new TransactionSignatureChecker(secp, tx, 0, AMOUNT)).ok;
}

function setInput0(tx: Transaction, d: SignatureData): Transaction {
  const b = TransactionBuilder.from(tx);
  const i = tx.inputs[0]!;
  b.setInput(0, new TxIn(i.prevout, d.scriptSig, i.sequence, i.issuance, i.isPegin));
  b.setInputWitness(0, new TxInWitness(undefined, undefined, d.scriptWitness));
  return b.build();
}

/** The signature elements of a solution (scriptSig pushes and witness items starting with 0x30). */
function sigsOf(d: SignatureData): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < d.scriptSig.length) {
    const op = d.scriptSig[i]!;
    if (op >= 1 && op <= 75) {
      out.push(toHex(d.scriptSig.subarray(i + 1, i + 1 + op)));
      i += 1 + op;
    } else i += 1;
  }
  out.push(...d.scriptWitness.map(toHex));
  return out.filter((h) => h.startsWith('30') && h.length <= 146);
}

describe('combineSignatures', () => {
  for (const w of wrappings) {
    test(`${w.name}: key 3 then key 1 in separate rounds combine into a complete solution in key order`, () => {
      const tx = spendingTx();
      const checker = new TransactionSignatureChecker(secp, tx, 0, AMOUNT);
      const round1 = sign(tx, w.spk, [3], w.scripts);
      assert.equal(verifies(tx, w.spk, round1), false);
      const round2 = sign(tx, w.spk, [1], w.scripts);
      assert.equal(verifies(tx, w.spk, round2), false);
      const merged = combineSignatures(w.spk, checker, round2, round1);
      assert.equal(verifies(tx, w.spk, merged), true);
      // Same as signing with both keys at once (signatures in key order 1, 3).
      const both = sign(tx, w.spk, [1, 3], w.scripts);
      assert.equal(toHex(merged.scriptSig), toHex(both.scriptSig));
      assert.deepEqual(merged.scriptWitness.map(toHex), both.scriptWitness.map(toHex));
      // The order of the two inputs does not matter.
      const reversed = combineSignatures(w.spk, checker, round1, round2);
      assert.equal(toHex(reversed.scriptSig), toHex(merged.scriptSig));
      assert.deepEqual(reversed.scriptWitness.map(toHex), merged.scriptWitness.map(toHex));
    });

    test(`${w.name}: a partial solution survives a round that adds nothing`, () => {
      const tx = spendingTx();
      const checker = new TransactionSignatureChecker(secp, tx, 0, AMOUNT);
      const round1 = sign(tx, w.spk, [2], w.scripts);
      const empty = sign(tx, w.spk, [], w.scripts);
      const kept = combineSignatures(w.spk, checker, empty, round1);
      assert.deepEqual(sigsOf(kept), sigsOf(round1));
      assert.equal(sigsOf(kept).length, 1);
      // ... and a second key completes it.
      const done = combineSignatures(w.spk, checker, sign(tx, w.spk, [3], w.scripts), kept);
      assert.equal(verifies(tx, w.spk, done), true);
    });
  }

  test('a signature made for another transaction is dropped when merging', () => {
    const tx = spendingTx();
    const other = spendingTx(1, 7);
    const checker = new TransactionSignatureChecker(secp, tx, 0, AMOUNT);
    const foreign = sign(other, p2sh(ms), [1], [ms]);
    const own = sign(tx, p2sh(ms), [2], [ms]);
    const merged = combineSignatures(p2sh(ms), checker, own, foreign);
    assert.equal(verifies(tx, p2sh(ms), merged), false);
    // OP_0 <sig2> OP_0 <redeemScript>: the foreign signature became a placeholder.
    const sig2 = fromHex(sigsOf(own)[0]!);
    assert.equal(toHex(merged.scriptSig), toHex(pushAll([new Uint8Array(0), sig2, new Uint8Array(0), ms])));
  });

  test('locked multisig signatures combine like multisig', () => {
    const spk = lockedMultisig(20, 2, pubs);
    const tx = spendingTx(1, 30, 0xfffffffe);
    const checker = new TransactionSignatureChecker(secp, tx, 0, AMOUNT);
    const merged = combineSignatures(spk, checker, sign(tx, spk, [2], []), sign(tx, spk, [1], []));
    assert.equal(verifies(tx, spk, merged), true);
  });

  test('pay-to-pubkey-hash keeps the non-empty solution', () => {
    const tx = spendingTx();
    const checker = new TransactionSignatureChecker(secp, tx, 0, AMOUNT);
    const spk = p2pkh(pubs[0]!);
    const signed = sign(tx, spk, [1], []);
    const none = { scriptSig: new Uint8Array(0), scriptWitness: [] };
    assert.equal(toHex(combineSignatures(spk, checker, none, signed).scriptSig), toHex(signed.scriptSig));
    assert.equal(toHex(combineSignatures(spk, checker, signed, none).scriptSig), toHex(signed.scriptSig));
  });
});

describe('signTransaction', () => {
  test('transaction variants signed by different holders merge; errors list what is missing', () => {
    const tx = spendingTx(2);
    const spk = p2sh(p2wsh(ms));
    const scripts = [p2wsh(ms), ms];
    const spent = (i: number) => (i === 0 ? { scriptPubKey: spk, amount: AMOUNT } : undefined);
    const a = signTransaction({ variants: [tx], spentOutput: spent, provider: provider([1], scripts), secp });
    assert.equal(a.complete, false);
    assert.deepEqual(
      a.errors.map((e) => [e.index, e.error]),
      [
        [0, 'Operation not valid with the current stack size'],
        [1, INPUT_NOT_FOUND],
      ],
    );
    const b = signTransaction({ variants: [tx], spentOutput: spent, provider: provider([2], scripts), secp });
    // Neither holder signs again: the two partially signed variants are merged.
    const merged = signTransaction({ variants: [a.tx, b.tx], spentOutput: spent, provider: EMPTY_SIGNING_PROVIDER, secp });
    assert.deepEqual(merged.errors.map((e) => e.index), [1]);
    assert.equal(verifyScript(merged.tx.inputs[0]!.scriptSig, spk, merged.tx.inWitness[0]!.scriptWitness, STANDARD_SCRIPT_VERIFY_FLAGS, new TransactionSignatureChecker(secp, merged.tx, 0, AMOUNT)).ok, true);
    // Round two on the partially signed transaction itself.
    const c = signTransaction({ variants: [a.tx], spentOutput: spent, provider: provider([3], scripts), secp });
    assert.deepEqual(c.errors.map((e) => e.index), [1]);
  });

  test('SIGHASH_SINGLE does not sign an input without a matching output', () => {
    const tx = spendingTx(3);
    const spk = p2pkh(pubs[0]!);
    const r = signTransaction({
      variants: [tx],
      spentOutput: () => ({ scriptPubKey: spk, amount: AMOUNT }),
      provider: provider([1], []),
      secp,
      hashType: SIGHASH_SINGLE,
    });
    assert.deepEqual(r.errors.map((e) => e.index), [2]);
    assert.equal(r.tx.inputs[2]!.scriptSig.length, 0);
    assert.ok(r.tx.inputs[1]!.scriptSig.length > 0);
  });

  test('an input spending OP_TRUE is complete without any key', () => {
    const tx = spendingTx();
    const r = signTransaction({ variants: [tx], spentOutput: () => ({ scriptPubKey: Uint8Array.of(0x51), amount: AMOUNT }), provider: EMPTY_SIGNING_PROVIDER, secp });
    assert.equal(r.complete, true);
    assert.equal(toHex(r.tx.toBytes()), toHex(tx.toBytes()));
  });

  test('the signature written by the loop is the one produceSignature makes', () => {
    const tx = spendingTx();
    const spk = p2pkh(pubs[1]!);
    const r = signTransaction({ variants: [tx], spentOutput: () => ({ scriptPubKey: spk, amount: AMOUNT }), provider: provider([2], []), secp });
    assert.equal(r.complete, true);
    assert.equal(toHex(r.tx.inputs[0]!.scriptSig), toHex(sign(tx, spk, [2], []).scriptSig));
    assert.equal(toHex(setInput0(tx, sign(tx, spk, [2], [])).toBytes()), toHex(r.tx.toBytes()));
  });
});
