import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toDisplayHex, toHex } from '../../src/encoding/hex.js';
import { encodeDer } from '../../src/crypto/der.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';
import { BlockHeader } from '../../src/primitives/block-header.js';
import { Transaction } from '../../src/primitives/transaction.js';
import { TxIn } from '../../src/primitives/tx-in.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import { BlockProofChecker } from '../../src/script/block-proof-checker.js';
import { BaseSignatureChecker, SigVersion } from '../../src/script/checker.js';
import { TransactionSignatureChecker } from '../../src/script/transaction-checker.js';
import { verifyScript, evalScript } from '../../src/script/interpreter.js';
import { scriptFromAsm } from '../../src/script/asm.js';
import { ScriptBuilder } from '../../src/script/script-builder.js';
import { ScriptError } from '../../src/script/errors.js';
import {
  BLOCK_PROOF_SCRIPT_VERIFY_FLAGS,
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
} from '../../src/script/flags.js';
import { exampleHexBlock } from '../support/vectors.js';

const KEY1 = fromHex('0000000000000000000000000000000000000000000000000000000000000001');
const SIG =
  '3045022100cf401fc3d72c5575090dc995605b759040ecc3b4cefff6cb9285e884fbbf429e0220594054dfa740c0d9ab0703774ccf80a2f13e96aa2efe00316cb9d312622d471d';

describe('BlockProofChecker (ocean-core-examples.md §6)', () => {
  const header = BlockHeader.decode(fromHex(exampleHexBlock('* network header:')));
  for (const secp of [loadNativeSecp256k1(), new NobleSecp256k1()]) {
    test(`signed 1-of-1 challenge (${secp.name})`, () => {
      assert.equal(toDisplayHex(header.hash), '56000fe7478069fccf8153f5aa81a949e712041e11d3d320771f451f3f3f1b9a');
      assert.equal(toHex(header.challenge), '51210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f8179851ae');
      assert.equal(toHex(header.solution), '0047' + SIG);
      // RFC6979 signature over the raw block hash
      assert.equal(toHex(encodeDer(secp.sign(header.hash, KEY1).signature)), SIG);
      const checker = new BlockProofChecker(secp, header.hash);
      const verify = (solution: Uint8Array) => verifyScript(solution, header.challenge, [], BLOCK_PROOF_SCRIPT_VERIFY_FLAGS, checker);
      assert.deepEqual(verify(header.solution), { ok: true });
      // one extra trailing byte: lax DER parsing still accepts it
      const sig = fromHex(SIG);
      assert.deepEqual(verify(new ScriptBuilder().op(0).push(Uint8Array.of(...sig, 0x01)).build()), { ok: true });
      assert.deepEqual(verify(new ScriptBuilder().op(0).push(Uint8Array.of(...sig, 0xab)).build()), { ok: true });
      // empty signature, wrong message, missing dummy
      assert.deepEqual(verify(scriptFromAsm('0 0')), { ok: false, error: ScriptError.EVAL_FALSE });
      const other = new BlockProofChecker(secp, new Uint8Array(32));
      assert.equal(verifyScript(header.solution, header.challenge, [], BLOCK_PROOF_SCRIPT_VERIFY_FLAGS, other).ok, false);
      assert.deepEqual(verify(new ScriptBuilder().push(sig).build()), { ok: false, error: ScriptError.INVALID_STACK_OPERATION });
      // the OP_TRUE default challenge accepts the empty solution
      assert.deepEqual(verifyScript(new Uint8Array(0), Uint8Array.of(0x51), [], BLOCK_PROOF_SCRIPT_VERIFY_FLAGS, checker), { ok: true });
    });
  }
});

describe('TransactionSignatureChecker lock times', () => {
  const secp = loadNativeSecp256k1();
  const mk = (version: number, locktime: number, sequence: number) =>
    new TransactionSignatureChecker(secp, new Transaction(version, [new TxIn(new OutPoint(new Uint8Array(32), 0), new Uint8Array(0), sequence)], [], locktime), 0, 0n);

  test('checkLockTime (BIP65)', () => {
    const c = mk(2, 100, 0xfffffffe);
    assert.equal(c.checkLockTime(100n), true);
    assert.equal(c.checkLockTime(99n), true);
    assert.equal(c.checkLockTime(101n), false);
    assert.equal(c.checkLockTime(500_000_000n), false); // time vs height
    assert.equal(mk(2, 100, 0xffffffff).checkLockTime(50n), false); // final input
    const t = mk(2, 500_000_100, 0);
    assert.equal(t.checkLockTime(500_000_000n), true);
    assert.equal(t.checkLockTime(499_999_999n), false);
    assert.equal(mk(2, 0xffffffff, 0).checkLockTime(0xffffffffn), true);
  });

  test('checkSequence (BIP112)', () => {
    assert.equal(mk(1, 0, 10).checkSequence(5n), false); // version < 2
    assert.equal(mk(2, 0, 10).checkSequence(5n), true);
    assert.equal(mk(2, 0, 10).checkSequence(10n), true);
    assert.equal(mk(2, 0, 10).checkSequence(11n), false);
    assert.equal(mk(2, 0, 10 | (1 << 31)).checkSequence(5n), false); // tx sequence disabled
    assert.equal(mk(2, 0, (1 << 22) | 10).checkSequence(5n), false); // time vs height
    assert.equal(mk(2, 0, (1 << 22) | 10).checkSequence((1n << 22n) | 5n), true);
    assert.equal(mk(2, 0, 10).checkSequence(0x10000n | 5n), true); // bits outside the mask are ignored
    assert.equal(mk(-1, 0, 10).checkSequence(5n), true); // version compared as uint32
  });

  test('through the interpreter', () => {
    const run = (asm: string, flags: number, c = mk(2, 100, 10)) => {
      const r = evalScript([], scriptFromAsm(asm), flags, c, SigVersion.BASE);
      return r.ok ? ScriptError.OK : r.error;
    };
    const F = SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY | SCRIPT_VERIFY_CHECKSEQUENCEVERIFY;
    assert.equal(run('100 CHECKLOCKTIMEVERIFY', F), ScriptError.OK);
    assert.equal(run('101 CHECKLOCKTIMEVERIFY', F), ScriptError.UNSATISFIED_LOCKTIME);
    assert.equal(run('-1 CHECKLOCKTIMEVERIFY', F), ScriptError.NEGATIVE_LOCKTIME);
    assert.equal(run('CHECKLOCKTIMEVERIFY', F), ScriptError.INVALID_STACK_OPERATION);
    assert.equal(run('101 CHECKLOCKTIMEVERIFY', 0), ScriptError.OK); // NOP2 without the flag
    assert.equal(run('0x05 0xffffffff00 CHECKLOCKTIMEVERIFY', F, mk(2, 0xffffffff, 0)), ScriptError.OK);
    assert.equal(run('0x06 0xffffffff0000 CHECKLOCKTIMEVERIFY', F), ScriptError.UNKNOWN_ERROR);
    assert.equal(run('10 CHECKSEQUENCEVERIFY', F), ScriptError.OK);
    assert.equal(run('11 CHECKSEQUENCEVERIFY', F), ScriptError.UNSATISFIED_LOCKTIME);
    assert.equal(run('0x05 0x0000008000 CHECKSEQUENCEVERIFY', F), ScriptError.OK); // disable flag: NOP
    assert.equal(run('10 CHECKSEQUENCEVERIFY', F, new BaseSignatureChecker() as unknown as TransactionSignatureChecker), ScriptError.UNSATISFIED_LOCKTIME);
  });
});
