// Arbitraries for core objects (a copy of core/test/support/arbitraries.ts built on the package
// entry point, so instances are those of `@ocean-ts/core` that the wire codecs use).
import fc from 'fast-check';
import {
  AssetIssuance,
  Block,
  BlockHeader,
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  OutPoint,
  Transaction,
  TxIn,
  TxInWitness,
  TxOut,
  TxOutWitness,
} from '@ocean-ts/core';

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const hash32 = bytes(32, 32);

/** A confidential field: null, explicit, a commitment with either prefix, or the 0xff form. */
function confidential(explicitSize: number, prefixA: number): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.constant(new Uint8Array(0)),
    bytes(explicitSize - 1, explicitSize - 1).map((b) => Uint8Array.of(1, ...b)),
    fc.tuple(fc.constantFrom(prefixA, prefixA + 1), bytes(32, 32)).map(([p, b]) => Uint8Array.of(p, ...b)),
    bytes(explicitSize - 1, explicitSize - 1).map((b) => Uint8Array.of(0xff, ...b)),
  );
}

export const arbAsset = confidential(33, 0x0a).map((d) => ConfidentialAsset.fromBytes(d));
export const arbValue = confidential(9, 0x08).map((d) => ConfidentialValue.fromBytes(d));
export const arbNonce = confidential(33, 0x02).map((d) => ConfidentialNonce.fromBytes(d));

/** Issuances are either null or non-null (a flagged null issuance is not canonical, see ADR 0003). */
export const arbIssuance = fc.oneof(
  fc.constant(AssetIssuance.NULL),
  fc
    .tuple(hash32, hash32, arbValue, arbValue)
    .filter(([, , a, k]) => !(a.isNull && k.isNull))
    .map(([n, e, a, k]) => new AssetIssuance(n, e, a, k)),
);

export const arbTxIn = fc.oneof(
  { weight: 1, arbitrary: fc.tuple(hash32, bytes(0, 40), fc.nat({ max: 0xffffffff })).map(([h, s, q]) => new TxIn(new OutPoint(h, 0xffffffff), s, q)) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(hash32, fc.nat({ max: 0x3fffffff }), bytes(0, 120), fc.nat({ max: 0xffffffff }), arbIssuance, fc.boolean())
      // index 2^30-1 with both flags would serialize as the coinbase marker (TxIn asserts)
      .filter(([, n, , , iss, pegin]) => !(n === 0x3fffffff && pegin && !iss.isNull))
      .map(([h, n, s, q, iss, pegin]) => new TxIn(new OutPoint(h, n), s, q, iss, pegin)),
  },
);

export const arbTxOut = fc.tuple(arbAsset, arbValue, arbNonce, bytes(0, 60)).map(([a, v, n, s]) => new TxOut(a, v, n, s));

const stack = fc.array(bytes(0, 80), { maxLength: 4 });
export const arbInWitness = fc.oneof(
  fc.constant(TxInWitness.EMPTY),
  fc.tuple(bytes(0, 20), bytes(0, 20), stack, stack).map(([a, b, s, p]) => new TxInWitness(a, b, s, p)),
);
export const arbOutWitness = fc.oneof(fc.constant(TxOutWitness.EMPTY), fc.tuple(bytes(0, 40), bytes(0, 40)).map(([s, r]) => new TxOutWitness(s, r)));

export const arbTransaction = fc
  .tuple(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.array(arbTxIn, { maxLength: 4 }), fc.array(arbTxOut, { maxLength: 4 }), fc.nat({ max: 0xffffffff }))
  .chain(([version, ins, outs, lock]) =>
    fc
      .tuple(fc.array(arbInWitness, { minLength: ins.length, maxLength: ins.length }), fc.array(arbOutWitness, { minLength: outs.length, maxLength: outs.length }))
      .map(([iw, ow]) => new Transaction(version, ins, outs, lock, iw, ow)),
  );

export const arbHeader = fc
  .tuple(fc.integer({ min: -0x80000000, max: 0x7fffffff }), hash32, hash32, hash32, hash32, hash32, fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), bytes(0, 80), bytes(0, 150))
  .map(([v, p, m, c, a, mp, t, h, ch, so]) => new BlockHeader(v, p, m, c, a, mp, t, h, ch, so));

export const arbBlock = fc.tuple(arbHeader, fc.array(arbTransaction, { maxLength: 3 })).map(([h, txs]) => new Block(h, txs));
