// signrawtransaction: corpus transactions re-signed from their unsigned form (coins from prevtxs or
// from the node's UTXO / mempool view), merging of several variants, two-round multisig signing
// (P2SH-P2WSH included, docs/adr/0015), the CLTV error, and Core 0.14's parameter errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  JsonObject,
  MemoryCoinView,
  OutPoint,
  ScriptBuilder,
  STANDARD_SCRIPT_VERIFY_FLAGS,
  Transaction,
  TransactionBuilder,
  TransactionSignatureChecker,
  TxIn,
  TxOut,
  encodeWif,
  fromHex,
  hash160,
  loadNativeSecp256k1,
  sha256,
  toDisplayHex,
  toHex,
  valueFromAmount,
  verifyScript,
  writeJson,
} from '@ocean-ts/core';
import type { NodeRpcContext } from '../../../src/rpc/methods/context.js';
import { signRawTransaction } from '../../../src/rpc/methods/rawtransactions-sign.js';
import { corpusChain, readCorpusJson } from '../../chain/support/corpus.js';
import { args, expectRpcError, unsignedTx } from './support/method-calls.js';

const txs = readCorpusJson<{ transactions: { chain: string; txid: string; kinds: string[]; hex: string }[] }>('transactions.json').transactions;
const chains = readCorpusJson<{ chains: { id: string; keys: Record<string, { wif: string; privkey_hex: string }> }[] }>('chains.json').chains;
const secp = loadNativeSecp256k1();
const params = corpusChain('rt-policy').params;
const keys = chains.find((c) => c.id === 'rt-policy')!.keys;
const policyTxs = new Map(txs.filter((t) => t.chain === 'rt-policy').map((t) => [t.txid, Transaction.decode(fromHex(t.hex))]));

function ctxWith(view: MemoryCoinView = new MemoryCoinView()): NodeRpcContext {
  return { params, secp, mempool: { view: () => view } } as unknown as NodeRpcContext;
}
const sign = (ctx: NodeRpcContext, ...values: unknown[]): JsonObject => signRawTransaction(ctx, args(...values));

/** The corpus createrawissuance transactions, signed by the ISSUANCE destination key. */
const issuances = txs.filter((t) => t.chain === 'rt-policy' && t.kinds.includes('createrawissuance')).map((t) => policyTxs.get(t.txid)!);
function spentOf(tx: Transaction): TxOut {
  const prev = tx.inputs[0]!.prevout;
  return policyTxs.get(toDisplayHex(prev.txid))!.outputs[prev.index]!;
}

describe('signrawtransaction on corpus transactions', () => {
  test('prevtxs + privkeys reproduce the signed issuance byte for byte', () => {
    for (const tx of issuances) {
      const spent = spentOf(tx);
      const prev = tx.inputs[0]!.prevout;
      const r = sign(
        ctxWith(),
        toHex(unsignedTx(tx).toBytes()),
        [{ txid: toDisplayHex(prev.txid), vout: prev.index, scriptPubKey: toHex(spent.scriptPubKey), amount: valueFromAmount(spent.value.amount) }],
        [keys['iss']!.wif],
      );
      assert.deepEqual([...r.entries].map(([k]) => k), ['hex', 'complete']);
      assert.equal(r.get('hex'), toHex(tx.toBytes()));
      assert.equal(r.get('complete'), true);
    }
  });

  test('coins from the node view (UTXO set + mempool) need no prevtxs', () => {
    const tx = issuances[0]!;
    const view = new MemoryCoinView();
    view.set(tx.inputs[0]!.prevout, { out: spentOf(tx), height: 10, isCoinbase: false });
    const r = sign(ctxWith(view), toHex(unsignedTx(tx).toBytes()), null, [keys['iss']!.wif]);
    assert.equal(r.get('hex'), toHex(tx.toBytes()));
    assert.equal(r.get('complete'), true);
  });

  test('without the coin: "Input not found or already spent" with the input fields', () => {
    const tx = unsignedTx(issuances[0]!);
    const r = sign(ctxWith(), toHex(tx.toBytes()), [], [keys['iss']!.wif]);
    assert.equal(r.get('complete'), false);
    assert.equal(r.get('hex'), toHex(tx.toBytes()));
    const [e] = r.get('errors') as JsonObject[];
    assert.equal(
      writeJson(e!),
      `{"txid":"${toDisplayHex(tx.inputs[0]!.prevout.txid)}","vout":${tx.inputs[0]!.prevout.index},"scriptSig":"","sequence":4294967295,"error":"Input not found or already spent"}`,
    );
  });

  test('a wrong key leaves the input unsigned with the script error', () => {
    const tx = issuances[0]!;
    const view = new MemoryCoinView();
    view.set(tx.inputs[0]!.prevout, { out: spentOf(tx), height: 10, isCoinbase: false });
    const r = sign(ctxWith(view), toHex(unsignedTx(tx).toBytes()), null, [keys['fl']!.wif]);
    assert.equal(r.get('complete'), false);
    assert.equal(((r.get('errors') as JsonObject[])[0]!.get('error')), 'Operation not valid with the current stack size');
  });

  test('signatures carried by concatenated variants are merged without any key', () => {
    const tx = issuances[0]!;
    const view = new MemoryCoinView();
    view.set(tx.inputs[0]!.prevout, { out: spentOf(tx), height: 10, isCoinbase: false });
    const r = sign(ctxWith(view), toHex(unsignedTx(tx).toBytes()) + toHex(tx.toBytes()), null, []);
    assert.equal(r.get('hex'), toHex(tx.toBytes()));
    assert.equal(r.get('complete'), true);
  });
});

// Synthetic outputs owned by test keys.
const k = (n: number): Uint8Array => {
  const b = new Uint8Array(32).fill(0x42);
  b[31] = n;
  return b;
};
const wif = (n: number): string => encodeWif(k(n), true, params.base58);
const pub = (n: number): Uint8Array => secp.publicKeyCreate(k(n), true);
const ms = new ScriptBuilder().op(0x52).push(pub(1)).push(pub(2)).push(pub(3)).op(0x53, 0xae).build();
const p2wsh = new ScriptBuilder().op(0).push(sha256(ms)).build();
const p2shOf = (s: Uint8Array) => new ScriptBuilder().op(0xa9).push(hash160(s)).op(0x87).build();
const FUND = new OutPoint(new Uint8Array(32).fill(7), 1);
const AMOUNT = 500_000_000n;

function spendTx(locktime = 0, sequence = 0xffffffff): Transaction {
  const b = new TransactionBuilder();
  b.locktime = locktime;
  b.addInput(new TxIn(FUND, new Uint8Array(0), sequence));
  b.addOutput(new TxOut(ConfidentialAsset.fromId(params.feeAsset), ConfidentialValue.fromAmount(AMOUNT - 1000n), ConfidentialNonce.NULL, Uint8Array.of(0x51)));
  b.addOutput(new TxOut(ConfidentialAsset.fromId(params.feeAsset), ConfidentialValue.fromAmount(1000n), ConfidentialNonce.NULL, new Uint8Array(0)));
  return b.build();
}
const prevtx = (spk: Uint8Array, extra: Record<string, unknown> = {}) => ({ txid: toDisplayHex(FUND.txid), vout: FUND.index, scriptPubKey: toHex(spk), amount: 5, ...extra });

function verifies(hex: string, spk: Uint8Array): boolean {
  const tx = Transaction.decode(fromHex(hex));
  const checker = new TransactionSignatureChecker(secp, tx, 0, AMOUNT);
  return verifyScript(tx.inputs[0]!.scriptSig, spk, tx.inWitness[0]?.scriptWitness, STANDARD_SCRIPT_VERIFY_FLAGS, checker).ok;
}

describe('signrawtransaction multisig rounds', () => {
  for (const [name, spk, redeem] of [
    ['P2SH 2-of-3', p2shOf(ms), [ms]],
    ['P2WSH 2-of-3', p2wsh, [ms]],
    ['P2SH-P2WSH 2-of-3, witness script only (P2WSH wrapper added)', p2shOf(p2wsh), [ms]],
    ['P2SH-P2WSH 2-of-3, prevout listed twice (as the original needs)', p2shOf(p2wsh), [p2wsh, ms]],
  ] as const) {
    test(`${name}: key 3 then key 1 → incomplete, then complete`, () => {
      const ctx = ctxWith();
      const prev = redeem.map((r) => prevtx(spk, { redeemScript: toHex(r) }));
      const r1 = sign(ctx, toHex(spendTx().toBytes()), prev, [wif(3)]);
      assert.equal(r1.get('complete'), false);
      assert.equal(verifies(r1.get('hex') as string, spk), false);
      const r2 = sign(ctx, r1.get('hex'), prev, [wif(1)]);
      assert.equal(r2.get('complete'), true, JSON.stringify((r2.get('errors') as JsonObject[] | undefined)?.map((e) => e.get('error'))));
      assert.equal(r2.get('errors'), undefined);
      assert.equal(verifies(r2.get('hex') as string, spk), true);
    });
  }

  test('locked multisig below its height reports "Locktime requirement not satisfied"', () => {
    const locked = new ScriptBuilder().pushScriptNum(300).op(0xb1, 0x75, 0x51).push(pub(1)).push(pub(2)).op(0x52, 0xae).build();
    const r = sign(ctxWith(), toHex(spendTx(299, 0xfffffffe).toBytes()), [prevtx(locked)], [wif(1)]);
    assert.equal(r.get('complete'), false);
    assert.equal((r.get('errors') as JsonObject[])[0]!.get('error'), 'Locktime requirement not satisfied');
    const ok = sign(ctxWith(), toHex(spendTx(300, 0xfffffffe).toBytes()), [prevtx(locked)], [wif(1)]);
    assert.equal(ok.get('complete'), true);
  });

  test('sighash types: the chosen type ends each signature', () => {
    const p2pkh = new ScriptBuilder().op(0x76, 0xa9).push(hash160(pub(2))).op(0x88, 0xac).build();
    for (const [name, type] of [
      ['ALL', 0x01],
      ['NONE', 0x02],
      ['SINGLE', 0x03],
      ['ALL|ANYONECANPAY', 0x81],
      ['NONE|ANYONECANPAY', 0x82],
      ['SINGLE|ANYONECANPAY', 0x83],
    ] as const) {
      const r = sign(ctxWith(), toHex(spendTx().toBytes()), [prevtx(p2pkh)], [wif(2)], name);
      assert.equal(r.get('complete'), true, name);
      const scriptSig = Transaction.decode(fromHex(r.get('hex') as string)).inputs[0]!.scriptSig;
      assert.equal(scriptSig[scriptSig[0]!], type, name);
    }
  });

  test('a given amount enters segwit signatures (no amount = 0 and an invalid signature)', () => {
    const p2wpkh = new ScriptBuilder().op(0).push(hash160(pub(2))).build();
    const good = sign(ctxWith(), toHex(spendTx().toBytes()), [prevtx(p2wpkh)], [wif(2)]);
    assert.equal(good.get('complete'), true);
    const { amount: _a, ...noAmount } = prevtx(p2wpkh);
    const zero = sign(ctxWith(), toHex(spendTx().toBytes()), [noAmount], [wif(2)]);
    assert.equal(zero.get('complete'), true);
    assert.equal(verifies(zero.get('hex') as string, p2wpkh), false);
    // amountcommitment: the 9-byte explicit encoding works like an amount.
    const committed = sign(ctxWith(), toHex(spendTx().toBytes()), [{ ...noAmount, amountcommitment: toHex(ConfidentialValue.fromAmount(AMOUNT).data) }], [wif(2)]);
    assert.equal(committed.get('hex'), good.get('hex'));
  });
});

describe('signrawtransaction parameter errors (Core 0.14 texts)', () => {
  const ctx = ctxWith();
  const hex = toHex(spendTx().toBytes());
  const spk = toHex(p2shOf(ms));
  const base = prevtx(p2shOf(ms));
  test('argument types and decoding', () => {
    expectRpcError(() => sign(ctx, 1), -3, 'Expected type string, got number');
    expectRpcError(() => sign(ctx, hex, {}), -3, 'Expected type array, got object');
    expectRpcError(() => sign(ctx, hex, null, 'k'), -3, 'Expected type array, got string');
    expectRpcError(() => sign(ctx, hex, null, null, 1), -3, 'Expected type string, got number');
    expectRpcError(() => sign(ctx, 'zz'), -8, "argument 1 must be hexadecimal string (not 'zz')");
    expectRpcError(() => sign(ctx, ''), -8, "argument 1 must be hexadecimal string (not '')");
    expectRpcError(() => sign(ctx, '0200'), -22, 'TX decode failed');
    expectRpcError(() => sign(ctx, hex + '00'), -22, 'TX decode failed');
  });
  test('private keys', () => {
    expectRpcError(() => sign(ctx, hex, null, ['nope']), -5, 'Invalid private key');
    expectRpcError(() => sign(ctx, hex, null, [encodeWif(k(1), true, { ...params.base58, secretKey: 128 })]), -5, 'Invalid private key');
    expectRpcError(() => sign(ctx, hex, null, [encodeWif(new Uint8Array(32), true, params.base58)]), -5, 'Private key outside allowed range');
    expectRpcError(() => sign(ctx, hex, null, [1]), -1, 'JSON value is not a string as expected');
  });
  test('prevtxs', () => {
    expectRpcError(() => sign(ctx, hex, ['x']), -22, 'expected object with {"txid\'","vout","scriptPubKey"}');
    // Keys are checked in sorted order: scriptPubKey, txid, vout.
    expectRpcError(() => sign(ctx, hex, [{}]), -3, 'Missing scriptPubKey');
    expectRpcError(() => sign(ctx, hex, [{ scriptPubKey: spk, vout: 0 }]), -3, 'Missing txid');
    expectRpcError(() => sign(ctx, hex, [{ ...base, vout: '0' }]), -3, 'Expected type number for vout, got string');
    expectRpcError(() => sign(ctx, hex, [{ ...base, txid: 'ab' }]), -8, "txid must be of length 64 (not 2, for 'ab')");
    expectRpcError(() => sign(ctx, hex, [{ ...base, vout: 1.5 }]), -1, 'JSON integer out of range');
    expectRpcError(() => sign(ctx, hex, [{ ...base, vout: -1 }]), -22, 'vout must be positive');
    expectRpcError(() => sign(ctx, hex, [{ ...base, scriptPubKey: 'xyz' }]), -8, "scriptPubKey must be hexadecimal string (not 'xyz')");
    expectRpcError(() => sign(ctx, hex, [{ ...base, amount: -1 }]), -3, 'Amount out of range');
    expectRpcError(() => sign(ctx, hex, [base], [wif(1)]), -3, 'Missing redeemScript');
    expectRpcError(() => sign(ctx, hex, [{ ...base, redeemScript: 'q' }], [wif(1)]), -8, "redeemScript must be hexadecimal string (not 'q')");
    // Without private keys the redeem script is not needed.
    assert.equal(sign(ctx, hex, [base]).get('complete'), false);
  });
  test('a prevtxs script that differs from the known coin', () => {
    const view = new MemoryCoinView();
    const known = new ScriptBuilder().op(0x76, 0xa9).push(hash160(pub(1))).op(0x88, 0xac).build();
    view.set(FUND, { out: new TxOut(ConfidentialAsset.fromId(params.feeAsset), ConfidentialValue.fromAmount(AMOUNT), ConfidentialNonce.NULL, known), height: 1, isCoinbase: false });
    expectRpcError(
      () => sign(ctxWith(view), hex, [base]),
      -22,
      `Previous output scriptPubKey mismatch:\nOP_DUP OP_HASH160 ${toHex(hash160(pub(1)))} OP_EQUALVERIFY OP_CHECKSIG\nvs:\nOP_HASH160 ${toHex(hash160(ms))} OP_EQUAL`,
    );
    // Two prevtxs entries for one outpoint must agree too.
    expectRpcError(() => sign(ctx, hex, [base, prevtx(known)]), -22, `Previous output scriptPubKey mismatch:\nOP_HASH160 ${toHex(hash160(ms))} OP_EQUAL\nvs:\nOP_DUP OP_HASH160 ${toHex(hash160(pub(1)))} OP_EQUALVERIFY OP_CHECKSIG`);
  });
  test('sighash type', () => {
    expectRpcError(() => sign(ctx, hex, null, null, 'all'), -8, 'Invalid sighash param');
    expectRpcError(() => sign(ctx, hex, null, null, 'ANYONECANPAY'), -8, 'Invalid sighash param');
  });
});
