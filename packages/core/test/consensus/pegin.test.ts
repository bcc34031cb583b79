import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Transaction } from '../../src/primitives/transaction.js';
import { TransactionBuilder } from '../../src/primitives/transaction-builder.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { TxInWitness } from '../../src/primitives/witness.js';
import { MAX_MONEY } from '../../src/primitives/amount.js';
import { fromHex, fromDisplayHex, toDisplayHex, toHex } from '../../src/encoding/hex.js';
import { hash160 } from '../../src/crypto/hash.js';
import { MemoryCoinView } from '../../src/consensus/coin-view.js';
import { isValidPeginWitness, peginSpentOutput, peginValue } from '../../src/consensus/pegin.js';
import { checkTxInputs, checkTxInputsNoScripts, peginClaimKey } from '../../src/consensus/tx-inputs.js';
import { REJECT_PEGIN, REJECT_INVALID, Reject } from '../../src/consensus/reject.js';
import { exampleHexBlock } from '../support/vectors.js';
import { secp } from './support/fixtures.js';

const example = Transaction.decode(fromHex(exampleHexBlock('## 7. Peg-in transaction')));
/** The fixture's pegged asset: display hex as the transaction's outputs show it. */
const PEGGED_DISPLAY = example.outputs[0]!.asset.idHex;
const params = {
  peggedAsset: fromDisplayHex(PEGGED_DISPLAY),
  parentGenesisBlockHash: fromDisplayHex('d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3'),
};
const empty = new MemoryCoinView();

function withPeginStack(t: Transaction, stack: Uint8Array[]): Transaction {
  const w = t.inWitness[0]!;
  return TransactionBuilder.from(t).setInputWitness(0, new TxInWitness(w.issuanceAmountRangeproof, w.inflationKeysRangeproof, w.scriptWitness, stack)).build();
}

test('the examples §7 peg-in decodes as documented', () => {
  assert.ok(PEGGED_DISPLAY.startsWith('a5c047a3'), PEGGED_DISPLAY); // internal bytes baedb90b…47c0a5
  assert.equal(toHex(example.outputs[0]!.asset.id).slice(0, 8), 'baedb90b');
  assert.equal(example.inputs[0]!.isPegin, true);
  assert.equal(example.inputs[0]!.prevout.index, 0);
  const stack = example.inWitness[0]!.peginWitness;
  assert.equal(stack.length, 5);
  assert.equal(peginValue(stack), 4_000_000_000_000n);
  assert.equal(toHex(stack[2]!), 'a38fcbb10d8cec9ae6346a90d018a14567f5d5406ab810c0f8ae76f84067e5d4');
});

test('the examples §7 peg-in passes the witness check and the amount check', () => {
  const stack = example.inWitness[0]!.peginWitness;
  assert.equal(isValidPeginWitness(stack, example.inputs[0]!.prevout, params, secp), true);
  const r = checkTxInputsNoScripts(example, empty, 100, { params, secp });
  assert.ok(!(r instanceof Reject), r instanceof Reject ? r.toString() : '');
  const spent = r.spent[0]!;
  assert.equal(spent.value.amount, 4_000_000_000_000n);
  assert.equal(spent.asset.idHex, PEGGED_DISPLAY);
  assert.equal(toHex(spent.scriptPubKey), `76a914${toHex(hash160(stack[3]!))}88ac`);
  assert.equal(r.pegins.length, 1);
  assert.equal(4_000_000_000_000n, 3_999_999_994_340n + 5_660n);
});

test('…but its leftover Elements script witness does not satisfy the P2PKH claim script (the caveat)', () => {
  const r = checkTxInputs(example, empty, 100, { params, secp });
  assert.ok(r);
  assert.equal(r.reason, 'mandatory-script-verify-flag-failed (Operation not valid with the current stack size)');
  assert.equal(r.code, REJECT_INVALID);
});

test('each broken peg-in witness item fails bad-pegin-witness (REJECT_PEGIN, no DoS score)', () => {
  const s = example.inWitness[0]!.peginWitness;
  const le = (v: bigint) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, v, true);
    return b;
  };
  const flip = (b: Uint8Array) => {
    const c = b.slice();
    c[c.length - 1] = c[c.length - 1]! ^ 1;
    return c;
  };
  const uncompressed = secp.publicKeyConvert(s[3]!, false);
  const variants: [string, Uint8Array[]][] = [
    ['4 items', s.slice(0, 4)],
    ['6 items', [...s, new Uint8Array(1)]],
    ['value < 8 bytes', [s[0]!.subarray(0, 7), ...s.slice(1)]],
    ['value negative', [le(-1n), ...s.slice(1)]],
    ['value above MAX_MONEY', [le(MAX_MONEY + 1n), ...s.slice(1)]],
    ['asset differs', [s[0]!, flip(s[1]!), ...s.slice(2)]],
    ['asset 31 bytes', [s[0]!, s[1]!.subarray(0, 31), ...s.slice(2)]],
    ['parent genesis differs', [s[0]!, s[1]!, flip(s[2]!), ...s.slice(3)]],
    ['parent genesis 33 bytes', [s[0]!, s[1]!, Uint8Array.from([...s[2]!, 0]), ...s.slice(3)]],
    ['claim key not on the curve', [...s.slice(0, 3), Uint8Array.from([0x02, ...new Uint8Array(32).fill(0xff)]), s[4]!]],
    ['claim key wrong length for its header', [...s.slice(0, 3), Uint8Array.from([0x02, ...uncompressed.subarray(1)]), s[4]!]],
    ['claim key empty', [...s.slice(0, 3), new Uint8Array(0), s[4]!]],
    ['ethereum txid differs from prevout', [...s.slice(0, 4), flip(s[4]!)]],
    ['ethereum txid 31 bytes', [...s.slice(0, 4), s[4]!.subarray(0, 31)]],
  ];
  for (const [what, stack] of variants) {
    assert.equal(isValidPeginWitness(stack, example.inputs[0]!.prevout, params, secp), false, what);
    const r = checkTxInputsNoScripts(withPeginStack(example, stack), empty, 100, { params, secp });
    assert.ok(r instanceof Reject, what);
    assert.equal(r.reason, 'bad-pegin-witness', what);
    assert.equal(r.code, REJECT_PEGIN, what);
    assert.equal(r.score, 0, what);
  }
  // Still valid: extra bytes after the 8-byte value are ignored; an uncompressed claim key is fine.
  assert.equal(isValidPeginWitness([Uint8Array.from([...s[0]!, 9, 9]), ...s.slice(1)], example.inputs[0]!.prevout, params, secp), true);
  assert.equal(isValidPeginWitness([...s.slice(0, 3), uncompressed, s[4]!], example.inputs[0]!.prevout, params, secp), true);
});

test('the pegged asset and the parent genesis hash come from the chain parameters', () => {
  const stack = example.inWitness[0]!.peginWitness;
  const prevout = example.inputs[0]!.prevout;
  assert.equal(isValidPeginWitness(stack, prevout, { ...params, peggedAsset: new Uint8Array(32) }, secp), false);
  assert.equal(isValidPeginWitness(stack, prevout, { ...params, parentGenesisBlockHash: new Uint8Array(32) }, secp), false);
});

test('double claims: bad-txns-double-withdraw via the lookup, -in-obj within one transaction', () => {
  const prevout = example.inputs[0]!.prevout;
  const spentSet = new Set([peginClaimKey(params.parentGenesisBlockHash, prevout)]);
  const r = checkTxInputsNoScripts(example, empty, 100, {
    params,
    secp,
    isWithdrawSpent: (g, p) => spentSet.has(peginClaimKey(g, p)),
  });
  assert.ok(r instanceof Reject);
  assert.equal(r.reason, 'bad-txns-double-withdraw');
  assert.equal(r.score, 0);
  // a lookup that knows only other claims does not interfere
  const other = checkTxInputsNoScripts(example, empty, 100, { params, secp, isWithdrawSpent: () => false });
  assert.ok(!(other instanceof Reject));

  // Two inputs claiming the same Ethereum transfer (CheckTransaction would also reject the
  // duplicate prevout; CheckTxInputs on its own reports the double claim).
  const b = TransactionBuilder.from(example);
  const inp = example.inputs[0]!;
  b.addInput(new TxIn(inp.prevout, inp.scriptSig, inp.sequence, inp.issuance, true), example.inWitness[0]!);
  const r2 = checkTxInputsNoScripts(b.build(), empty, 100, { params, secp });
  assert.ok(r2 instanceof Reject);
  assert.equal(r2.reason, 'bad-txns-double-withdraw-in-obj');
});

test('the peg-in spent output: asset item 1, explicit value item 0, P2PKH of the claim key', () => {
  const stack = example.inWitness[0]!.peginWitness;
  const out = peginSpentOutput(stack);
  assert.equal(out.asset.isExplicit && out.value.isExplicit && out.nonce.isNull, true);
  assert.equal(toDisplayHex(out.asset.id), PEGGED_DISPLAY);
  // peg-in inputs never touch the coin view
  assert.equal(checkTxInputsNoScripts(example, empty, 0, { params, secp }) instanceof Reject, false);
});

test('-validatepegin: an injected PeginCheck runs after the format checks; its "no" is bad-pegin-witness (REJECT_PEGIN)', () => {
  const stack = example.inWitness[0]!.peginWitness;
  const prevout = example.inputs[0]!.prevout;
  const asked: number[] = [];
  const no = (s: readonly Uint8Array[]) => (asked.push(s.length), false);
  assert.equal(isValidPeginWitness(stack, prevout, params, secp, no), false);
  assert.equal(isValidPeginWitness(stack, prevout, params, secp, () => true), true);
  assert.deepEqual(asked, [5]);
  // A witness failing the format checks never reaches the check.
  assert.equal(isValidPeginWitness(stack.slice(0, 4), prevout, params, secp, no), false);
  assert.deepEqual(asked, [5]);
  const r = checkTxInputsNoScripts(example, empty, 100, { params, secp, checkPegin: no });
  assert.ok(r instanceof Reject);
  assert.equal(r.reason, 'bad-pegin-witness');
  assert.equal(r.code, REJECT_PEGIN);
  assert.ok(!(checkTxInputsNoScripts(example, empty, 100, { params, secp, checkPegin: () => true }) instanceof Reject));
});
