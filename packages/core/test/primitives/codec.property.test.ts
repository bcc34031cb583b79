import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AssertionError, AssetIssuance, Block, BlockHeader, ConfidentialValue, DecodeError, OutPoint, Transaction, TxIn, Reader, fromHex, toHex } from '../../src/index.js';
import { arbBlock, arbHeader, arbTransaction, arbTxOut } from '../support/arbitraries.js';
import { readJson } from '../support/vectors.js';

const NUM_RUNS = 300;

test('Transaction: decode(encode(x)) = x and hashes are stable', () => {
  fc.assert(
    fc.property(arbTransaction, (tx) => {
      const bytes = tx.toBytes();
      const back = Transaction.decode(bytes);
      assert.ok(back.equals(tx));
      assert.equal(toHex(back.txid), toHex(tx.txid));
      assert.equal(toHex(back.witnessHash), toHex(tx.witnessHash));
      assert.equal(back.size, bytes.length);
      // the stripped form decodes too and keeps the txid
      const stripped = Transaction.decode(tx.toBytes(false));
      assert.equal(toHex(stripped.txid), toHex(tx.txid));
    }),
    { numRuns: NUM_RUNS },
  );
});

test('TxOut, BlockHeader and Block round-trip', () => {
  fc.assert(
    fc.property(arbTxOut, (o) => {
      const bytes = new Transaction(2, [], [o], 0).toBytes();
      assert.ok(Transaction.decode(bytes).outputs[0]!.equals(o));
    }),
    { numRuns: NUM_RUNS },
  );
  fc.assert(
    fc.property(arbHeader, (h) => {
      const back = BlockHeader.decode(h.toBytes());
      assert.equal(toHex(back.toBytes()), toHex(h.toBytes()));
      assert.equal(toHex(back.hash), toHex(h.hash));
    }),
    { numRuns: NUM_RUNS },
  );
  fc.assert(
    fc.property(arbBlock, (b) => {
      const bytes = b.toBytes();
      assert.equal(toHex(Block.decode(bytes).toBytes()), toHex(bytes));
    }),
    { numRuns: 100 },
  );
});

/**
 * The one non-canonical form the original accepts: an input whose issuance flag is set but whose
 * issuance is null (`nonce entropy 00 00`, 66 bytes). Like the C++, the decoder keeps the null
 * issuance and the re-encoding drops it (the txid is computed over the canonical form).
 */
function isCanonicalisedNullIssuance(tx: Transaction, bytes: Uint8Array): boolean {
  const enc = tx.toBytes();
  return enc.length < bytes.length && (bytes.length - enc.length) % 66 === 0 && Transaction.decode(enc).equals(tx);
}

const corpus = readJson<{ transactions: { hex: string }[] }>('vectors', 'ocean-corpus', 'transactions.json').transactions.map((t) => fromHex(t.hex));

test('random and mutated bytes into the decoders raise only DecodeError; successes re-encode exactly', () => {
  const mutated = fc
    .tuple(fc.constantFrom(...corpus), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }), fc.option(fc.nat(), { nil: undefined }))
    .map(([base, flips, cut]) => {
      const b = base.slice();
      for (const [i, v] of flips) b[i % b.length] = v;
      return cut === undefined ? b : b.subarray(0, cut % (b.length + 1));
    });
  const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated);
  for (const decode of [Transaction.decode, Block.decode, BlockHeader.decode]) {
    fc.assert(
      fc.property(anyBytes, (b) => {
        let obj: { toBytes(): Uint8Array };
        try {
          obj = decode(b);
        } catch (e) {
          assert.ok(e instanceof DecodeError, `${decode.name}: ${String(e)}`);
          return;
        }
        if (obj instanceof Transaction && toHex(obj.toBytes()) !== toHex(b)) {
          assert.ok(isCanonicalisedNullIssuance(obj, b), `re-encoding differs: ${toHex(b)}`);
          return;
        }
        assert.equal(toHex(obj.toBytes()), toHex(b));
      }),
      { numRuns: 1000 },
    );
  }
});

test('an input whose flagged index would collide with the coinbase marker cannot be built', () => {
  const iss = new AssetIssuance(new Uint8Array(32), new Uint8Array(32), ConfidentialValue.fromAmount(1n), ConfidentialValue.NULL);
  assert.throws(() => new TxIn(new OutPoint(new Uint8Array(32), 0x3fffffff), new Uint8Array(0), 0, iss, true), AssertionError);
  // either flag alone is fine and round-trips
  for (const [issuance, pegin] of [[iss, false], [AssetIssuance.NULL, true]] as const) {
    const tx = new Transaction(2, [new TxIn(new OutPoint(new Uint8Array(32), 0x3fffffff), new Uint8Array(0), 0, issuance, pegin)], [], 0);
    assert.ok(Transaction.decode(tx.toBytes()).equals(tx));
  }
});

test('a flagged null issuance decodes (as in the original) and re-encodes canonically', () => {
  // one input (prevout index 0 | issuance flag) with nonce 0, entropy 0, null amount, null keys
  const hex = '0200000000' + '01' + '11'.repeat(32) + '00000080' + '00' + 'ffffffff' + '00'.repeat(64) + '0000' + '00' + '00000000';
  const tx = Transaction.decode(fromHex(hex));
  assert.equal(tx.inputs[0]!.hasIssuance, false);
  assert.ok(isCanonicalisedNullIssuance(tx, fromHex(hex)));
  assert.equal(tx.toBytes().length, fromHex(hex).length - 66);
});

test('decoder rejections: unknown flags, superfluous witness, bad prefixes, trailing bytes', () => {
  const empty = '0100000000000000000000';
  assert.throws(() => Transaction.decode(fromHex('0100000002000000000000')), /Unknown transaction optional data/);
  // flags = 1, no inputs, one null output, and an all-empty output witness
  assert.throws(() => Transaction.decode(fromHex('01000000010001000000000000000000000000')), /Superfluous witness record/);
  assert.throws(() => Transaction.decode(fromHex('01000000000001050000000000000000')), /Unrecognized serialization prefix/);
  assert.throws(() => Transaction.decode(fromHex(empty + '00')), /trailing/);
  assert.throws(() => new Reader(fromHex('')).u8(), DecodeError);
});
