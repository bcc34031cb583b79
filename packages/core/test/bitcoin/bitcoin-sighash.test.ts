import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BitcoinTransaction } from '../../src/bitcoin/bitcoin-transaction.js';
import { bitcoinLegacySighash, bitcoinSegwitV0Sighash } from '../../src/bitcoin/bitcoin-sighash.js';
import { p2wpkhScriptCode } from '../../src/bitcoin/bitcoin-address.js';
import { hash160, sha256d } from '../../src/crypto/hash.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { concatBytes, fromHex, toDisplayHex, toHex } from '../../src/encoding/hex.js';
import { readJson } from '../support/vectors.js';
import { bcoin } from './bcoin.js';
import { BIP143_P2WPKH_SIGNED, arbTx } from './support.js';

const secp = loadNativeSecp256k1();
const SIGHASH_ALL = 1;

function verifyDer(digest: Uint8Array, derWithType: Uint8Array, pubkey: Uint8Array): boolean {
  const compact = secp.signatureImport(derWithType.subarray(0, derWithType.length - 1));
  return secp.verify(digest, secp.signatureNormalize(compact), pubkey);
}

interface MainnetVector {
  tx: { hex: string; vin: { script_sig_hex: string; previous_redeem_script_hex: string }[] };
  derived_signing_check: { legacy_preimage_hex: string; sighash_digest_hex: string };
}

describe('bitcoin legacy sighash', () => {
  test('mainnet staychain tx: digest = H(preimage ‖ 01000000) and the scriptSig signature verifies', () => {
    const v = readJson<MainnetVector>('vectors', 'mainstay', 'staychain_tx_mainnet.json');
    const tx = BitcoinTransaction.fromHex(v.tx.hex);
    const redeem = fromHex(v.tx.vin[0]!.previous_redeem_script_hex);
    const digest = bitcoinLegacySighash(tx, 0, redeem, SIGHASH_ALL);
    assert.equal(toHex(digest), v.derived_signing_check.sighash_digest_hex);
    assert.equal(toHex(sha256d(concatBytes(fromHex(v.derived_signing_check.legacy_preimage_hex), fromHex('01000000')))), toHex(digest));
    // scriptSig = 00 <47 sig> <25 redeem>
    const scriptSig = tx.inputs[0]!.scriptSig;
    const sig = scriptSig.subarray(2, 2 + scriptSig[1]!);
    assert.equal(sig[sig.length - 1], SIGHASH_ALL);
    const pubkey = redeem.subarray(2, 35);
    assert.equal(verifyDer(digest, sig, pubkey), true);
    // a different hash type or script gives a digest the signature does not verify against
    assert.equal(verifyDer(bitcoinLegacySighash(tx, 0, redeem, 2), sig, pubkey), false);
    assert.equal(verifyDer(bitcoinLegacySighash(tx, 0, redeem.subarray(1), SIGHASH_ALL), sig, pubkey), false);
  });

  test("BIP143 example input 0 (legacy P2PK) verifies under the legacy digest", () => {
    const tx = BitcoinTransaction.fromHex(BIP143_P2WPKH_SIGNED);
    const pubkey = fromHex('03c9f4836b9a4f77fc0d81f7bcb01b7f1b35916864b9476c241ce9fc198bd25432');
    const scriptPubKey = concatBytes(Uint8Array.of(0x21), pubkey, Uint8Array.of(0xac));
    const ss = tx.inputs[0]!.scriptSig;
    const sig = ss.subarray(1, 1 + ss[0]!);
    assert.equal(verifyDer(bitcoinLegacySighash(tx, 0, scriptPubKey, SIGHASH_ALL), sig, pubkey), true);
  });

  test('SIGHASH_SINGLE bug: input without matching output, and input out of range, hash to "one"', () => {
    const tx = BitcoinTransaction.fromHex(BIP143_P2WPKH_SIGNED).withOutputs([BitcoinTransaction.fromHex(BIP143_P2WPKH_SIGNED).outputs[0]!]);
    const one = '0000000000000000000000000000000000000000000000000000000000000001';
    assert.equal(toDisplayHex(bitcoinLegacySighash(tx, 1, fromHex('51'), 3)), one);
    assert.equal(toDisplayHex(bitcoinLegacySighash(tx, 1, fromHex('51'), 0x83)), one);
    assert.equal(toDisplayHex(bitcoinLegacySighash(tx, 5, fromHex('51'), 1)), one);
    assert.notEqual(toDisplayHex(bitcoinLegacySighash(tx, 0, fromHex('51'), 3)), one);
    assert.notEqual(toDisplayHex(bitcoinLegacySighash(tx, 1, fromHex('51'), 1)), one);
  });

  test('OP_CODESEPARATOR is removed from the scriptCode, but not inside pushes', () => {
    const tx = BitcoinTransaction.fromHex(BIP143_P2WPKH_SIGNED);
    assert.equal(toHex(bitcoinLegacySighash(tx, 0, fromHex('ab51ab52'), 1)), toHex(bitcoinLegacySighash(tx, 0, fromHex('5152'), 1)));
    assert.notEqual(toHex(bitcoinLegacySighash(tx, 0, fromHex('01ab52'), 1)), toHex(bitcoinLegacySighash(tx, 0, fromHex('52'), 1)));
  });

  test('random transactions, scripts and hash types agree with bcoin (all hash types, ANYONECANPAY, SINGLE bug)', () => {
    fc.assert(
      fc.property(arbTx(), arbScript(), fc.nat({ max: 7 }), arbHashType(), (tx, script, idx, hashType) => {
        const nIn = idx % tx.inputs.length;
        const ours = bitcoinLegacySighash(tx, nIn, script, hashType);
        const b = bcoin.TX.fromRaw(Buffer.from(tx.toBytes()));
        const theirs = b.signatureHash(nIn, bcoin.Script.fromRaw(Buffer.from(script)), 0, hashType >>> 0, 0);
        assert.equal(toHex(ours), theirs.toString('hex'));
      }),
      { numRuns: 400 },
    );
  });
});

describe('bitcoin BIP143 sighash', () => {
  test('BIP143 native P2WPKH example: sighash and the published signature', () => {
    const tx = BitcoinTransaction.fromHex(BIP143_P2WPKH_SIGNED);
    const pubkey = fromHex('025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357');
    const scriptCode = p2wpkhScriptCode(hash160(pubkey));
    assert.equal(toHex(scriptCode), '76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac');
    const digest = bitcoinSegwitV0Sighash(tx, 1, scriptCode, 600_000_000n, SIGHASH_ALL);
    assert.equal(toHex(digest), 'c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670');
    // the published signature is RFC6979: signing again reproduces it byte for byte
    const priv = fromHex('619c335025c7f4012e556c2a58b2506e30b8511b53ade95ea316fd8c3286feb9');
    const der = secp.signatureExport(secp.sign(digest, priv).signature);
    assert.equal(toHex(concatBytes(der, Uint8Array.of(1))), toHex(tx.inputs[1]!.witness[0]!));
    assert.equal(verifyDer(bitcoinSegwitV0Sighash(tx, 1, scriptCode, 600_000_001n, SIGHASH_ALL), tx.inputs[1]!.witness[0]!, pubkey), false);
  });

  test('BIP143 P2SH-P2WPKH example sighash', () => {
    const tx = BitcoinTransaction.fromHex(
      '0100000001db6b1b20aa0fd7b23880be2ecbd4a98130974cf4748fb66092ac4d3ceb1a54770100000000feffffff02b8b4eb0b000000001976a914a457b684d7f0d539a46a45bbc043f35b59d0d96388ac0008af2f000000001976a914fd270b1ee6abcaea97fea7ad0402e8bd8ad6d77c88ac92040000',
    );
    const scriptCode = fromHex('76a91479091972186c449eb1ded22b78e40d009bdf008988ac');
    assert.equal(toHex(bitcoinSegwitV0Sighash(tx, 0, scriptCode, 1_000_000_000n, SIGHASH_ALL)), '64f3b0f4dd2bb3aa1ce8566d220cc74dda9df97d8490cc81d89d735c92e59fb6');
  });

  test('random transactions and hash types agree with bcoin', () => {
    fc.assert(
      fc.property(arbTx(), arbScript(), fc.nat({ max: 7 }), arbHashType(), fc.bigInt({ min: 0n, max: 2_100_000_000_000_000n }), (tx, script, idx, hashType, amount) => {
        const nIn = idx % tx.inputs.length;
        const ours = bitcoinSegwitV0Sighash(tx, nIn, script, amount, hashType);
        const b = bcoin.TX.fromRaw(Buffer.from(tx.toBytes()));
        const theirs = b.signatureHash(nIn, bcoin.Script.fromRaw(Buffer.from(script)), Number(amount), hashType >>> 0, 1);
        assert.equal(toHex(ours), theirs.toString('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

/** Well-formed scripts: direct pushes and non-push opcodes, OP_CODESEPARATOR (ab) included often. */
function arbScript(): fc.Arbitrary<Uint8Array> {
  const op = fc.oneof(
    fc.uint8Array({ minLength: 0, maxLength: 75 }).map((d) => concatBytes(Uint8Array.of(d.length), d)),
    fc.constant(Uint8Array.of(0xab)),
    fc.integer({ min: 0x4f, max: 0xff }).map((o) => Uint8Array.of(o)),
  );
  return fc.array(op, { maxLength: 8 }).map((ops) => concatBytes(...ops));
}

function arbHashType(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(1, 2, 3, 0x81, 0x82, 0x83, 0, 4, 0x80),
    fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  );
}
