import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toDisplayHex } from '../../src/encoding/hex.js';
import { Transaction } from '../../src/primitives/transaction.js';
import { ConfidentialValue } from '../../src/primitives/confidential.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';
import { SigVersion } from '../../src/script/checker.js';
import { signatureHash, legacySignatureHash } from '../../src/script/sighash.js';
import { PrecomputedTransactionData } from '../../src/script/precomputed-transaction-data.js';
import { TransactionSignatureChecker } from '../../src/script/transaction-checker.js';
import { verifyScript } from '../../src/script/interpreter.js';
import { BLOCK_SCRIPT_VERIFY_FLAGS, STANDARD_SCRIPT_VERIFY_FLAGS } from '../../src/script/flags.js';
import { exampleHexBlock } from '../support/vectors.js';

// ocean-core-examples.md §3
const TX1 = Transaction.decode(fromHex(exampleHexBlock('TX1: version 2')));
const SCRIPT_CODE = fromHex('76a914777777777777777777777777777777777777777788ac');
const AMOUNT = fromHex('01' + '00000000075bcd15');

describe('sighash (ocean-core-examples.md §3)', () => {
  test('TX1 decodes as described', () => {
    assert.equal(TX1.txidHex, '4b4c2ad0375d0389403b0db34f71d9cd131b1559216cb5668f56bb28cfbae892');
    assert.equal(TX1.inputs.length, 2);
    assert.equal(TX1.inputs[0]!.issuance.isNull, false);
  });

  const cases: [string, number, number, string][] = [
    ['legacy', 0, 1, 'c98bf6dcb7000be4bbc1561562d518249fea5a0ee461d1c012045ff99cb4a55a'],
    ['legacy', 1, 3, '482bcd8a773a48568b592246bc1496fb5075a0da4a6b01470b8c012136bd11ed'],
    ['legacy', 1, 0x82, '8ed9b34e378916bcb1eca70e456c649937dc0a43020a9ccb40535fe98d1a14af'],
    ['v0', 0, 1, '4f322478e74b20f0f84d57f19efba467b539ebc372a47382ae6ce1032998b019'],
    ['v0', 1, 1, 'e6892eae29837cdb6c86c575cf22d9a96876e61c9843084b9ba004f9c272f90d'],
    ['v0', 0, 0x83, '1aecbbd10141b837c0b9ec2a6c04f75da033f170a1ac370ec7aadf020b628924'],
  ];
  for (const [alg, nIn, ht, expected] of cases) {
    test(`${alg} input ${nIn} hashtype 0x${ht.toString(16)}`, () => {
      const sv = alg === 'v0' ? SigVersion.WITNESS_V0 : SigVersion.BASE;
      const amount = ConfidentialValue.fromBytes(AMOUNT);
      assert.equal(toDisplayHex(signatureHash(SCRIPT_CODE, TX1, nIn, ht, amount, sv)), expected);
      // the same with a shared precomputed cache
      const pre = new PrecomputedTransactionData(TX1);
      assert.equal(toDisplayHex(signatureHash(SCRIPT_CODE, TX1, nIn, ht, amount, sv, pre)), expected);
    });
  }

  test('v0 intermediate hashes', () => {
    const pre = new PrecomputedTransactionData(TX1);
    assert.equal(toDisplayHex(pre.hashPrevouts), 'e770d5576d19b9b4d2eacf3469463922d1f0e775abb905f9118ff63c45fbabf0');
    assert.equal(toDisplayHex(pre.hashSequence), 'b805fcb22768d3701b2fb60a55b5a5d7122bfdb2ba3d31340c6e2bf17d425e98');
    assert.equal(toDisplayHex(pre.hashIssuance), '590681b4915c43085ad30bd63dbe334e02e6acecad1a1bd48480482fef49921a');
    assert.equal(toDisplayHex(pre.hashOutputs), 'bf8a450f7bc13cdf6fccb28111513ab5884b00010cc9860930da0b7222250f0f');
  });

  test('legacy "one" hash for out-of-range input and SINGLE without output', () => {
    const one = '0000000000000000000000000000000000000000000000000000000000000001';
    assert.equal(toDisplayHex(legacySignatureHash(SCRIPT_CODE, TX1, 2, 1)), one);
    // TX1 has 2 outputs: SINGLE for input index 2 is out of range of vin too; build one with 1 output
    assert.notEqual(toDisplayHex(legacySignatureHash(SCRIPT_CODE, TX1, 1, 3)), one);
  });

  test('legacy scriptCode drops OP_CODESEPARATOR', () => {
    const withSep = fromHex('ab76a914777777777777777777777777777777777777777788abac');
    const a = legacySignatureHash(withSep, TX1, 0, 1);
    const b = legacySignatureHash(SCRIPT_CODE, TX1, 0, 1);
    assert.deepEqual(a, b);
  });
});

// ocean-core-examples.md §5.2 / §5.3
describe('P2PKH spend (ocean-core-examples.md §5.3)', () => {
  const spend = Transaction.decode(fromHex(exampleHexBlock('### 5.2 P2PKH spend')));
  const prevScript = fromHex('76a9144ffdd1fd682e721a3408641a721b036717f1a87388ac');

  test('legacy SIGHASH_ALL digest', () => {
    const h = legacySignatureHash(prevScript, spend, 0, 1);
    assert.equal(toDisplayHex(h), '3c8da50d9535369c957b93c983c392985786e9f8f665e67f2b2c843cb16a37e7');
  });

  for (const secp of [loadNativeSecp256k1(), new NobleSecp256k1()]) {
    test(`verifyScript accepts the wallet signature (${secp.name})`, () => {
      const checker = new TransactionSignatureChecker(secp, spend, 0, ConfidentialValue.NULL);
      for (const flags of [BLOCK_SCRIPT_VERIFY_FLAGS, STANDARD_SCRIPT_VERIFY_FLAGS]) {
        const r = verifyScript(spend.inputs[0]!.scriptSig, prevScript, [], flags, checker);
        assert.deepEqual(r, { ok: true });
      }
      // a different scriptPubKey hash fails
      const other = fromHex('76a9144ffdd1fd682e721a3408641a721b036717f1a87488ac');
      const r2 = verifyScript(spend.inputs[0]!.scriptSig, other, [], BLOCK_SCRIPT_VERIFY_FLAGS, checker);
      assert.equal(r2.ok, false);
    });
  }
});
