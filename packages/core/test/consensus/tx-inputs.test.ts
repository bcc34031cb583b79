import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTxInputs, checkTxInputsNoScripts } from '../../src/consensus/tx-inputs.js';
import { COINBASE_MATURITY } from '../../src/consensus/limits.js';
import { MemoryCoinView } from '../../src/consensus/coin-view.js';
import { SimpleConsensusRules } from '../../src/consensus/consensus-rules.js';
import { REJECT_INVALID, REJECT_NONSTANDARD, Reject } from '../../src/consensus/reject.js';
import { MAX_MONEY } from '../../src/primitives/amount.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { TransactionBuilder } from '../../src/primitives/transaction-builder.js';
import type { Transaction } from '../../src/primitives/transaction.js';
import { concatBytes } from '../../src/encoding/hex.js';
import { STANDARD_SCRIPT_VERIFY_FLAGS } from '../../src/script/flags.js';
import { ScriptBuilder } from '../../src/script/script-builder.js';
import { OpReader } from '../../src/script/op-reader.js';
import { SECP256K1_ORDER } from '../../src/crypto/der.js';
import { ASSET_A, ASSET_B, fee, id32, input, key, out, secp, signP2PKH, tx } from './support/fixtures.js';

const params = new SimpleConsensusRules({ genesisHash: id32(0), peggedAsset: ASSET_A, parentGenesisBlockHash: id32(9) });
const opts = { params, secp };
const alice = key(1);
const bob = key(2);

function view(coins: [OutPoint, ReturnType<typeof out>, number, boolean][]): MemoryCoinView {
  const v = new MemoryCoinView();
  for (const [o, txout, height, isCoinbase] of coins) v.set(o, { out: txout, height, isCoinbase });
  return v;
}

function expect(r: Reject | null | object, reason: string, score = 100, code = REJECT_INVALID): void {
  assert.ok(r instanceof Reject, `expected ${reason}`);
  assert.equal(r.reason, reason, r.toString());
  assert.equal(r.score, score);
  assert.equal(r.code, code);
}

const p1 = new OutPoint(id32(1), 0);
const p2 = new OutPoint(id32(2), 1);

test('a signed P2PKH spend passes; every input must exist', () => {
  const coin = out(ASSET_A, 1000n, alice.p2pkh);
  const v = view([[p1, coin, 5, false]]);
  const t = signP2PKH(tx([input(p1)], [out(ASSET_A, 990n, bob.p2pkh), fee(ASSET_A, 10n)]), 0, alice, coin);
  assert.equal(checkTxInputs(t, v, 6, opts), null);
  expect(checkTxInputs(t, new MemoryCoinView(), 6, opts), 'bad-txns-inputs-missingorspent');
  // -disabledoutput: the outpoint counts as missing
  const disabled = new SimpleConsensusRules({ genesisHash: id32(0), peggedAsset: ASSET_A, parentGenesisBlockHash: id32(9), disabledOutputs: [p1] });
  expect(checkTxInputs(t, v, 6, { params: disabled, secp }), 'bad-txns-inputs-missingorspent');
});

test(`coinbase maturity is ${COINBASE_MATURITY}: depth 1 fails (score 0), depth 2 passes`, () => {
  const coin = out(ASSET_A, 1000n, alice.p2pkh);
  const v = view([[p1, coin, 10, true]]);
  const t = signP2PKH(tx([input(p1)], [out(ASSET_A, 1000n, bob.p2pkh)]), 0, alice, coin);
  expect(checkTxInputs(t, v, 11, opts), 'bad-txns-premature-spend-of-coinbase', 0);
  assert.equal(checkTxInputs(t, v, 12, opts), null);
  // a non-coinbase coin may be spent in the next block
  assert.equal(checkTxInputs(t, view([[p1, coin, 10, false]]), 11, opts), null);
});

test('bad-txns-inputvalues-outofrange: a spent value above MAX_MONEY', () => {
  const v = view([[p1, out(ASSET_A, MAX_MONEY + 1n), 1, false]]);
  expect(checkTxInputsNoScripts(tx([input(p1)], [out(ASSET_A, MAX_MONEY + 1n)]), v, 5, opts), 'bad-txns-inputvalues-outofrange');
});

test('quirk: the running sum of explicit input values spans all assets', () => {
  const big = 1_500_000_000_000_000n; // 15M coins each: fine per asset, 30M together
  const v = view([[p1, out(ASSET_A, big), 1, false], [p2, out(ASSET_B, big), 1, false]]);
  const t = tx([input(p1), input(p2)], [out(ASSET_A, big), out(ASSET_B, big)]);
  expect(checkTxInputsNoScripts(t, v, 5, opts), 'bad-txns-inputvalues-outofrange');
  // each alone is fine
  const one = checkTxInputsNoScripts(tx([input(p1)], [out(ASSET_A, big)]), v, 5, opts);
  assert.ok(!(one instanceof Reject));
});

test('bad-txns-fee-outofrange is checked before the value balance', () => {
  const v = view([[p1, out(ASSET_A, 100n), 1, false]]);
  expect(checkTxInputsNoScripts(tx([input(p1)], [out(ASSET_A, 100n), fee(ASSET_A, 0n)]), v, 5, opts), 'bad-txns-fee-outofrange');
  expect(checkTxInputsNoScripts(tx([input(p1)], [out(ASSET_A, 200n), fee(ASSET_A, 0n)]), v, 5, opts), 'bad-txns-fee-outofrange');
});

test('bad-txns-in-ne-out: imbalance, and explicit-zero coins (unspendable)', () => {
  const v = view([[p1, out(ASSET_A, 100n), 1, false], [p2, out(ASSET_A, 0n), 1, false]]);
  expect(checkTxInputsNoScripts(tx([input(p1)], [out(ASSET_A, 99n)]), v, 5, opts), 'bad-txns-in-ne-out');
  expect(checkTxInputsNoScripts(tx([input(p1)], [out(ASSET_A, 101n)]), v, 5, opts), 'bad-txns-in-ne-out');
  expect(checkTxInputsNoScripts(tx([input(p1), input(p2)], [out(ASSET_A, 100n)]), v, 5, opts), 'bad-txns-in-ne-out');
  const ok = checkTxInputsNoScripts(tx([input(p1)], [out(ASSET_A, 60n), fee(ASSET_A, 40n)]), v, 5, opts);
  assert.ok(!(ok instanceof Reject));
});

test('script failures: mandatory-script-verify-flag-failed (<ScriptErrorString>)', () => {
  const coin = out(ASSET_A, 1000n, alice.p2pkh);
  const v = view([[p1, coin, 1, false]]);
  const unsigned = tx([input(p1)], [out(ASSET_A, 1000n, bob.p2pkh)]);
  expect(checkTxInputs(unsigned, v, 5, opts), 'mandatory-script-verify-flag-failed (Operation not valid with the current stack size)');
  const wrongKey = signP2PKH(unsigned, 0, bob, coin);
  expect(checkTxInputs(wrongKey, v, 5, opts), 'mandatory-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)');
  // signed, then the outputs changed (value still balanced): signature no longer matches
  const signed = signP2PKH(unsigned, 0, alice, coin);
  const b = TransactionBuilder.from(signed);
  b.outputs[0] = out(ASSET_A, 1000n, alice.p2pkh);
  expect(checkTxInputs(b.build(), v, 5, opts), 'mandatory-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)');
  // scripts can be skipped
  assert.equal(checkTxInputs(unsigned, v, 5, { ...opts, checkScripts: false }), null);
});

/** Replace the signature in a P2PKH scriptSig by its high-S twin. */
function highS(t: Transaction): Transaction {
  const r = new OpReader(t.inputs[0]!.scriptSig);
  r.next();
  const sigWithType = r.data;
  r.next();
  const pub = r.data;
  const compact = secp.signatureImport(sigWithType.subarray(0, sigWithType.length - 1));
  let s = 0n;
  for (const b of compact.subarray(32)) s = (s << 8n) | BigInt(b);
  let n = 0n;
  for (const b of SECP256K1_ORDER) n = (n << 8n) | BigInt(b);
  let hs = n - s;
  const high = compact.slice();
  for (let i = 63; i >= 32; i--) {
    high[i] = Number(hs & 0xffn);
    hs >>= 8n;
  }
  const der = secp.signatureExport(high);
  const scriptSig = new ScriptBuilder().push(concatBytes(der, sigWithType.subarray(sigWithType.length - 1))).push(pub).build();
  const inp = t.inputs[0]!;
  return TransactionBuilder.from(t).setInput(0, new TxIn(inp.prevout, scriptSig, inp.sequence)).build();
}

test('non-mandatory flags: a high-S signature is valid in blocks, non-standard in the mempool', () => {
  const coin = out(ASSET_A, 1000n, alice.p2pkh);
  const v = view([[p1, coin, 1, false]]);
  const t = highS(signP2PKH(tx([input(p1)], [out(ASSET_A, 1000n, bob.p2pkh)]), 0, alice, coin));
  assert.equal(checkTxInputs(t, v, 5, opts), null);
  const standard = { ...opts, scriptFlags: STANDARD_SCRIPT_VERIFY_FLAGS };
  expect(
    checkTxInputs(t, v, 5, { ...standard, nonMandatoryRetry: true }),
    'non-mandatory-script-verify-flag (Non-canonical signature: S value is unnecessarily high)',
    0,
    REJECT_NONSTANDARD,
  );
  expect(checkTxInputs(t, v, 5, standard), 'mandatory-script-verify-flag-failed (Non-canonical signature: S value is unnecessarily high)');
});

test('the first failing input wins, inputs are checked in order', () => {
  const coinbaseCoin = out(ASSET_A, 10n, alice.p2pkh);
  const big = out(ASSET_A, MAX_MONEY + 1n, alice.p2pkh);
  const v = view([[p1, coinbaseCoin, 10, true], [p2, big, 1, false]]);
  expect(checkTxInputsNoScripts(tx([input(p1), input(p2)], [out(ASSET_A, 1n)]), v, 11, opts), 'bad-txns-premature-spend-of-coinbase', 0);
  expect(checkTxInputsNoScripts(tx([input(p2), input(p1)], [out(ASSET_A, 1n)]), v, 11, opts), 'bad-txns-inputvalues-outofrange');
});
