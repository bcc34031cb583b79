// ProduceSignature over every template the solver knows: the result must verify under our own
// interpreter (standard and block flags), with strictly encoded low-S signatures, and must stay
// incomplete when a key or script is missing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../../src/encoding/hex.js';
import { loadNativeSecp256k1 } from '../../../src/crypto/secp256k1-native.js';
import { NobleSecp256k1 } from '../../../src/crypto/secp256k1-noble.js';
import { isLowDerSignature } from '../../../src/crypto/der.js';
import { BLOCK_SCRIPT_VERIFY_FLAGS, STANDARD_SCRIPT_VERIFY_FLAGS } from '../../../src/script/flags.js';
import { verifyScript } from '../../../src/script/interpreter.js';
import { OP } from '../../../src/script/opcodes.js';
import { SIGHASH_ALL, SIGHASH_ANYONECANPAY, SIGHASH_NONE, SIGHASH_SINGLE } from '../../../src/script/sighash.js';
import { TransactionSignatureChecker } from '../../../src/script/transaction-checker.js';
import { MemorySigningProvider } from '../../../src/script/sign/memory-signing-provider.js';
import { DummySignatureCreator, TransactionSignatureCreator } from '../../../src/script/sign/signature-creator.js';
import { produceSignature, pushAll } from '../../../src/script/sign/produce-signature.js';
import { EMPTY_SIGNING_PROVIDER } from '../../../src/script/sign/signing-provider.js';
import type { Secp256k1 } from '../../../src/crypto/secp256k1.js';
import { AMOUNT, lockedMultisig, multisig, p2pk, p2pkh, p2sh, p2wpkh, p2wsh, privKey, pubKeys, spendingTx } from './support.js';

const secp = loadNativeSecp256k1();

interface Template {
  readonly name: string;
  readonly spk: Uint8Array;
  /** Keys (1-based numbers) and whether compressed. */
  readonly keys: readonly number[];
  readonly compressed?: boolean;
  readonly scripts?: readonly Uint8Array[];
  /** Number of signatures expected in the solution. */
  readonly sigs: number;
}

function templates(s: Secp256k1): Template[] {
  const [a, b, c] = pubKeys(s, 3);
  const [ua] = pubKeys(s, 1, false);
  const ms = multisig(2, [a!, b!, c!]);
  return [
    { name: 'P2PK', spk: p2pk(a!), keys: [1], sigs: 1 },
    { name: 'P2PK uncompressed', spk: p2pk(ua!), keys: [1], compressed: false, sigs: 1 },
    { name: 'P2PKH', spk: p2pkh(a!), keys: [1], sigs: 1 },
    { name: 'P2PKH uncompressed', spk: p2pkh(ua!), keys: [1], compressed: false, sigs: 1 },
    { name: 'bare 2-of-3 multisig', spk: ms, keys: [1, 3], sigs: 2 },
    { name: 'P2SH 2-of-3 multisig', spk: p2sh(ms), keys: [2, 3], scripts: [ms], sigs: 2 },
    { name: 'P2WPKH', spk: p2wpkh(a!), keys: [1], sigs: 1 },
    { name: 'P2WSH 2-of-3 multisig', spk: p2wsh(ms), keys: [1, 2], scripts: [ms], sigs: 2 },
    { name: 'P2SH-P2WPKH', spk: p2sh(p2wpkh(b!)), keys: [2], scripts: [p2wpkh(b!)], sigs: 1 },
    { name: 'P2SH-P2WSH 2-of-3 multisig', spk: p2sh(p2wsh(ms)), keys: [1, 3], scripts: [p2wsh(ms), ms], sigs: 2 },
    { name: 'P2SH P2PKH', spk: p2sh(p2pkh(c!)), keys: [3], scripts: [p2pkh(c!)], sigs: 1 },
    { name: 'OP_TRUE', spk: Uint8Array.of(OP.OP_TRUE), keys: [], sigs: 0 },
    { name: 'P2SH OP_TRUE', spk: p2sh(Uint8Array.of(OP.OP_TRUE)), keys: [], scripts: [Uint8Array.of(OP.OP_TRUE)], sigs: 0 },
    { name: 'locked 1-of-2 multisig (CLTV satisfied)', spk: lockedMultisig(50, 1, [a!, b!]), keys: [2], sigs: 1 },
  ];
}

function providerFor(s: Secp256k1, t: Template): MemorySigningProvider {
  const p = new MemorySigningProvider(s);
  for (const k of t.keys) p.addKey(privKey(k), t.compressed ?? true);
  for (const script of t.scripts ?? []) assert.ok(p.addScript(script));
  return p;
}

/** All signature elements in a solution (DER-looking elements of 70–73 bytes). */
function signatures(scriptSig: Uint8Array, witness: readonly Uint8Array[]): Uint8Array[] {
  const stack: Uint8Array[] = [...witness];
  let i = 0;
  while (i < scriptSig.length) {
    const op = scriptSig[i]!;
    if (op >= 1 && op <= 75) {
      stack.push(scriptSig.subarray(i + 1, i + 1 + op));
      i += 1 + op;
    } else i += 1;
  }
  return stack.filter((e) => e.length >= 9 && e.length <= 73 && e[0] === 0x30);
}

describe('produceSignature', () => {
  for (const t of templates(secp)) {
    test(`${t.name}: complete, verifies with standard and block flags, low-S`, () => {
      const tx = spendingTx(1, 100, 0xfffffffe);
      const creator = new TransactionSignatureCreator(secp, providerFor(secp, t), tx, 0, AMOUNT);
      const r = produceSignature(creator, t.spk);
      assert.equal(r.complete, true);
      const checker = new TransactionSignatureChecker(secp, tx, 0, AMOUNT);
      for (const flags of [STANDARD_SCRIPT_VERIFY_FLAGS, BLOCK_SCRIPT_VERIFY_FLAGS]) {
        const v = verifyScript(r.data.scriptSig, t.spk, r.data.scriptWitness, flags, checker);
        assert.deepEqual(v, { ok: true });
      }
      const sigs = signatures(r.data.scriptSig, r.data.scriptWitness);
      assert.equal(sigs.length, t.sigs);
      for (const sig of sigs) {
        assert.ok(isLowDerSignature(sig), 'strict DER, low S');
        assert.equal(sig[sig.length - 1], SIGHASH_ALL);
      }
      // Witness templates leave the scriptSig empty (native) or a single redeem-script push (P2SH).
      if (t.name.startsWith('P2W')) assert.equal(r.data.scriptSig.length, 0);
    });

    if (t.keys.length === 0 && !t.scripts) continue;
    test(`${t.name}: without keys or scripts it is incomplete and does not verify`, () => {
      const tx = spendingTx();
      const creator = new TransactionSignatureCreator(secp, EMPTY_SIGNING_PROVIDER, tx, 0, AMOUNT);
      const r = produceSignature(creator, t.spk);
      assert.equal(r.complete, false);
      const checker = new TransactionSignatureChecker(secp, tx, 0, AMOUNT);
      assert.equal(verifyScript(r.data.scriptSig, t.spk, r.data.scriptWitness, STANDARD_SCRIPT_VERIFY_FLAGS, checker).ok, false);
    });
  }

  test('native and pure-JS backends produce identical (deterministic) signatures', () => {
    const noble = new NobleSecp256k1();
    const a = templates(secp);
    const b = templates(noble);
    for (let i = 0; i < a.length; i++) {
      const tx = spendingTx(1, 100, 0xfffffffe);
      const ra = produceSignature(new TransactionSignatureCreator(secp, providerFor(secp, a[i]!), tx, 0, AMOUNT), a[i]!.spk);
      const rb = produceSignature(new TransactionSignatureCreator(noble, providerFor(noble, b[i]!), tx, 0, AMOUNT), b[i]!.spk);
      assert.equal(toHex(ra.data.scriptSig), toHex(rb.data.scriptSig), a[i]!.name);
      assert.deepEqual(ra.data.scriptWitness.map(toHex), rb.data.scriptWitness.map(toHex), a[i]!.name);
    }
  });

  test('every sighash type signs and verifies; the type is the last signature byte', () => {
    const [a] = pubKeys(secp, 1);
    const p = new MemorySigningProvider(secp);
    p.addKey(privKey(1));
    for (const spk of [p2pkh(a!), p2wpkh(a!)]) {
      for (const base of [SIGHASH_ALL, SIGHASH_NONE, SIGHASH_SINGLE]) {
        for (const acp of [0, SIGHASH_ANYONECANPAY]) {
          const ht = base | acp;
          const tx = spendingTx(2);
          const r = produceSignature(new TransactionSignatureCreator(secp, p, tx, 1, AMOUNT, ht), spk);
          assert.equal(r.complete, true, `hash type ${ht}`);
          const [sig] = signatures(r.data.scriptSig, r.data.scriptWitness);
          assert.equal(sig![sig!.length - 1], ht);
        }
      }
    }
  });

  test('a segwit signature commits to the spent amount', () => {
    const [a] = pubKeys(secp, 1);
    const p = new MemorySigningProvider(secp);
    p.addKey(privKey(1));
    const tx = spendingTx();
    const r = produceSignature(new TransactionSignatureCreator(secp, p, tx, 0, AMOUNT), p2wpkh(a!));
    assert.equal(r.complete, true);
    const wrong = new TransactionSignatureChecker(secp, tx, 0, 123_456_788n);
    assert.equal(verifyScript(r.data.scriptSig, p2wpkh(a!), r.data.scriptWitness, STANDARD_SCRIPT_VERIFY_FLAGS, wrong).ok, false);
  });

  test('uncompressed keys do not sign inside witness scripts', () => {
    const [ua] = pubKeys(secp, 1, false);
    const p = new MemorySigningProvider(secp);
    p.addKey(privKey(1), false);
    const r = produceSignature(new TransactionSignatureCreator(secp, p, spendingTx(), 0, AMOUNT), p2wpkh(ua!));
    assert.equal(r.complete, false);
    assert.equal(signatures(r.data.scriptSig, r.data.scriptWitness).length, 0);
  });

  test('a partial multisig keeps the signatures it has, in key order, with the dummy element', () => {
    const pubs = pubKeys(secp, 3);
    const ms = multisig(2, pubs);
    const p = new MemorySigningProvider(secp);
    p.addKey(privKey(3));
    p.addScript(ms);
    const r = produceSignature(new TransactionSignatureCreator(secp, p, spendingTx(), 0, AMOUNT), p2sh(ms));
    assert.equal(r.complete, false);
    // OP_0 <sig3> <redeemScript>
    assert.equal(r.data.scriptSig[0], OP.OP_0);
    assert.equal(signatures(r.data.scriptSig, []).length, 1);
    assert.ok(toHex(r.data.scriptSig).endsWith(toHex(ms)));
  });

  test('locked multisig below its height: signed, but the CLTV check fails', () => {
    const pubs = pubKeys(secp, 2);
    const spk = lockedMultisig(500, 1, pubs);
    const p = new MemorySigningProvider(secp);
    p.addKey(privKey(1));
    const tx = spendingTx(1, 499, 0xfffffffe);
    const r = produceSignature(new TransactionSignatureCreator(secp, p, tx, 0, AMOUNT), spk);
    assert.equal(r.complete, false);
    assert.equal(signatures(r.data.scriptSig, []).length, 1);
    const v = verifyScript(r.data.scriptSig, spk, [], STANDARD_SCRIPT_VERIFY_FLAGS, new TransactionSignatureChecker(secp, tx, 0, AMOUNT));
    assert.deepEqual(v, { ok: false, error: 'SCRIPT_ERR_UNSATISFIED_LOCKTIME' });
  });

  test('outputs that can never be spent are not solved', () => {
    const p = new MemorySigningProvider(secp);
    for (const spk of [Uint8Array.of(OP.OP_RETURN, 1, 7), new Uint8Array(0), Uint8Array.of(0xb8, 1, 0)]) {
      const r = produceSignature(new TransactionSignatureCreator(secp, p, spendingTx(), 0, AMOUNT), spk);
      assert.equal(r.complete, false);
      assert.equal(r.data.scriptSig.length, 0);
    }
  });

  test('DummySignatureCreator fills every slot with a 72-byte placeholder', () => {
    const pubs = pubKeys(secp, 3);
    const ms = multisig(2, pubs);
    const p = new MemorySigningProvider(secp);
    p.addScript(ms);
    const r = produceSignature(new DummySignatureCreator(p), p2sh(ms));
    // OP_0, two 72-byte pushes, the redeem script (105 bytes: OP_PUSHDATA1) push.
    assert.equal(r.data.scriptSig.length, 1 + 2 * 73 + 2 + ms.length);
  });

  test('pushAll uses OP_0 / OP_n for empty and small values', () => {
    assert.equal(toHex(pushAll([new Uint8Array(0), Uint8Array.of(1), Uint8Array.of(16), Uint8Array.of(17), Uint8Array.of(0)])), '00516001110100');
  });
});
