import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromHex, toHex } from '../../src/encoding/hex.js';
import { hash160, sha256 } from '../../src/crypto/hash.js';
import { encodeDer } from '../../src/crypto/der.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';
import { scriptFromAsm } from '../../src/script/asm.js';
import { evalScript, verifyScript } from '../../src/script/interpreter.js';
import { deterministicRandom } from '../../src/script/elements-ops.js';
import { BaseSignatureChecker, SigVersion, type SignatureChecker } from '../../src/script/checker.js';
import { EcdsaSignatureChecker } from '../../src/script/ecdsa-checker.js';
import { ScriptError, scriptErrorString } from '../../src/script/errors.js';
import {
  SCRIPT_VERIFY_DERSIG,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS,
  SCRIPT_VERIFY_LOW_S,
  SCRIPT_VERIFY_MINIMALDATA,
  SCRIPT_VERIFY_NULLFAIL,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_STRICTENC,
  BLOCK_SCRIPT_VERIFY_FLAGS,
  STANDARD_SCRIPT_VERIFY_FLAGS,
} from '../../src/script/flags.js';
import { getSigOpCount } from '../../src/script/script.js';
import { OP } from '../../src/script/opcodes.js';

const E = ScriptError;
const base = new BaseSignatureChecker();

/** Evaluate `asm` on an empty stack. */
function run(asm: string, flags = 0, checker: SignatureChecker = base) {
  const stack: Uint8Array[] = [];
  const r = evalScript(stack, scriptFromAsm(asm), flags, checker, SigVersion.BASE);
  return { error: r.ok ? E.OK : r.error, stack: stack.map(toHex) };
}

/** The script succeeds and leaves exactly `expected` (hex items, bottom first). */
function expectStack(asm: string, expected: string[], flags = 0, checker: SignatureChecker = base): void {
  const r = run(asm, flags, checker);
  assert.equal(r.error, E.OK, asm);
  assert.deepEqual(r.stack, expected, asm);
}

function expectError(asm: string, error: ScriptError, flags = 0, checker: SignatureChecker = base): void {
  assert.equal(run(asm, flags, checker).error, error, asm);
}

describe('splice opcodes', () => {
  test('OP_CAT', () => {
    expectStack('0x02 0x0102 0x01 0x03 CAT', ['010203']);
    expectStack('0 0 CAT', ['']);
    expectError('0x01 0x01 CAT', E.INVALID_STACK_OPERATION);
    // exactly 520 bytes is fine, 521 fails
    const a = `0x4d 0x0401 0x${'aa'.repeat(260)}`;
    expectStack(`${a} DUP CAT SIZE NIP`, ['0802']);
    expectError(`${a} DUP CAT 0x01 0x00 CAT`, E.INVALID_STACK_OPERATION);
    // CAT is not disabled in an unexecuted branch either
    expectStack('0 IF CAT ENDIF 1', ['01']);
  });

  test('OP_SUBSTR', () => {
    expectStack('0x08 0x01ffffffffffffff 1 7 SUBSTR', ['ffffffffffffff']);
    expectStack('0x08 0x01ffffffffffffff 0 8 SUBSTR', ['01ffffffffffffff']);
    expectStack('0x08 0x0102030405060708 2 0 SUBSTR', ['']);
    for (const bad of ['-1 7', '1 -7', '8 0', '9 1', '0 9', '4 5']) {
      expectError(`0x08 0x0102030405060708 ${bad} SUBSTR`, E.INVALID_STACK_OPERATION);
    }
    expectError('0 0 0 SUBSTR', E.INVALID_STACK_OPERATION); // empty data always fails
    expectError('0x01 0x01 0 SUBSTR', E.INVALID_STACK_OPERATION);
  });

  test('OP_SUBSTR_LAZY clamps', () => {
    expectStack('0x08 0x0102030405060708 -1 7 SUBSTR_LAZY', ['01020304050607']);
    expectStack('0x08 0x0102030405060708 1 -7 SUBSTR_LAZY', ['']);
    expectStack('0x08 0x0102030405060708 9 1 SUBSTR_LAZY', ['']);
    expectStack('0x08 0x0102030405060708 0 9 SUBSTR_LAZY', ['0102030405060708']);
    expectStack('0x08 0x0102030405060708 6 1000 SUBSTR_LAZY', ['0708']);
    expectStack('0 0 0 SUBSTR_LAZY', ['']);
    // length is capped at 520 before the remainder
    const big = `0x4d 0x0802 0x${'bb'.repeat(520)}`;
    expectStack(`${big} 0 600 SUBSTR_LAZY SIZE NIP`, ['0802']);
  });

  test('OP_LEFT and OP_RIGHT (RIGHT drops the first n bytes)', () => {
    expectStack('0x08 0x0102030405060708 3 LEFT', ['010203']);
    expectStack('0x08 0x0102030405060708 0 LEFT', ['']);
    expectStack('0x08 0x0102030405060708 8 LEFT', ['0102030405060708']);
    expectStack('0x08 0x0102030405060708 100 LEFT', ['0102030405060708']);
    expectStack('0x08 0x0102030405060708 3 RIGHT', ['0405060708']);
    expectStack('0x08 0x0102030405060708 0 RIGHT', ['0102030405060708']);
    expectStack('0x08 0x0102030405060708 8 RIGHT', ['']);
    expectStack('0x08 0x0102030405060708 9 RIGHT', ['']);
    expectError('0x08 0x0102030405060708 -1 RIGHT', E.UNKNOWN_ERROR);
    expectError('0x08 0x0102030405060708 -1 LEFT', E.UNKNOWN_ERROR);
    expectError('1 LEFT', E.INVALID_STACK_OPERATION);
  });
});

describe('bitwise opcodes', () => {
  test('INVERT, AND, OR, XOR', () => {
    expectStack('0x03 0x00ff0f INVERT', ['ff00f0']);
    expectStack('0 INVERT', ['']);
    expectError('INVERT', E.INVALID_STACK_OPERATION);
    expectStack('0x02 0xff0f 0x02 0x0ff0 AND', ['0f00']);
    expectStack('0x02 0xff0f 0x02 0x0ff0 OR', ['ffff']);
    expectStack('0x02 0xff0f 0x02 0x0ff0 XOR', ['f0ff']);
    expectStack('0 0 XOR', ['']);
    for (const op of ['AND', 'OR', 'XOR']) {
      expectError(`0x08 0xffffffffffffffff 0x07 0x00000000000000 ${op}`, E.INVALID_STACK_OPERATION);
      expectError(`1 ${op}`, E.INVALID_STACK_OPERATION);
    }
  });

  test('OP_LSHIFT (little-endian, trailing zeros stripped)', () => {
    expectStack('0x08 0x0102030405060708 4 LSHIFT', ['1020304050607080']);
    expectStack('0x08 0x0102030405060708 0 LSHIFT', ['0102030405060708']);
    expectStack('0x08 0x0102030405060708 8 LSHIFT', ['000102030405060708']);
    expectStack('0x08 0x0102030405060708 12 LSHIFT', ['001020304050607080']);
    expectStack('1 4 LSHIFT', ['10']);
    expectStack('0x02 0x8000 1 LSHIFT', ['0001']);
    expectStack('0x02 0x0100 0 LSHIFT', ['01']);
    expectError('1 -1 LSHIFT', E.INVALID_STACK_OPERATION);
    // length limit: len + q + (r ? 1 : 0) <= 520
    const d512 = `0x4d 0x0002 0x${'01'.repeat(512)}`;
    expectStack(`${d512} 64 LSHIFT SIZE NIP`, ['0802']);
    expectError(`${d512} 65 LSHIFT`, E.INVALID_STACK_OPERATION);
    expectError(`${d512} 72 LSHIFT`, E.INVALID_STACK_OPERATION);
  });

  test('OP_RSHIFT (little-endian, trailing zeros stripped)', () => {
    expectStack('0x08 0x0102030405060708 8 RSHIFT', ['02030405060708']);
    expectStack('0x08 0xffffffffffffffff 4 RSHIFT', ['ffffffffffffff0f']);
    expectStack('0x08 0xffffffffffffffff 60 RSHIFT', ['0f']);
    expectStack('0x08 0xffffffffffffffff 64 RSHIFT', ['']);
    expectStack('0x08 0xffffffffffffffff 1000 RSHIFT', ['']);
    expectStack('0x08 0xffffffffffffff0f 4 RSHIFT', ['ffffffffffffff']);
    expectStack('0x01 0x0f 4 RSHIFT', ['']);
    expectStack('0x02 0x0100 0 RSHIFT', ['01']);
    expectError('1 -1 RSHIFT', E.UNKNOWN_ERROR);
  });

  test('shift round trip on random data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 64 }), (data, n) => {
        const asm = `0x${data.length.toString(16).padStart(2, '0')} 0x${toHex(data)} ${n} LSHIFT ${n} RSHIFT`;
        const r = run(asm);
        assert.equal(r.error, E.OK);
        let end = data.length;
        while (end > 0 && data[end - 1] === 0) end--;
        assert.deepEqual(r.stack, [toHex(data.subarray(0, end))]);
      }),
    );
  });
});

describe('OP_DETERMINISTICRANDOM', () => {
  test('verified examples (ocean-core-script.md §2.2)', () => {
    expectStack('0x08 0xfffffffffffffff0 0 5 DETERMINISTICRANDOM', ['03']);
    expectStack('0x08 0xfffffffffffffff0 0 29 DETERMINISTICRANDOM', ['0e']);
    expectStack('0x04 0x01020304 10 1000 DETERMINISTICRANDOM', ['b202']);
    assert.equal(deterministicRandom(fromHex('01020304'), 10, 1000), 690);
  });

  test('the Elements test-data expectations for seed fffffffffffffff0', () => {
    const expected: [number, string][] = [
      [2, ''], [3, ''], [5, '03'], [7, ''], [11, '02'], [13, '01'], [17, '0b'], [19, '0c'], [23, '04'], [29, '0e'],
    ];
    for (const [max, out] of expected) expectStack(`0x08 0xfffffffffffffff0 0 ${max} DETERMINISTICRANDOM`, [out]);
  });

  test('min == max, min > max, ranges', () => {
    expectStack('0x08 0xffffffffffffffff 0 0 DETERMINISTICRANDOM', ['']);
    expectStack('0 7 7 DETERMINISTICRANDOM', ['07']);
    expectError('0 8 7 DETERMINISTICRANDOM', E.UNKNOWN_ERROR);
    expectError('0 7 DETERMINISTICRANDOM', E.INVALID_STACK_OPERATION);
    // the widest range (max - min clamped to INT_MAX)
    const r = deterministicRandom(fromHex('00'), -0x7fffffff, 0x7fffffff);
    assert.ok(r >= -0x7fffffff && r < 0);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 100000 }), (seed, min, span) => {
        const v = deterministicRandom(seed, min, min + span);
        assert.ok(v >= min && v < min + span);
      }),
      { numRuns: 200 },
    );
  });
});

describe('register-address, NOP and disabled opcodes', () => {
  test('OP_REGISTERADDRESS / OP_DEREGISTERADDRESS always fail when executed', () => {
    expectError('1 REGISTERADDRESS', E.INVALID_STACK_OPERATION);
    expectError('1 DEREGISTERADDRESS', E.BAD_OPCODE);
    expectError('REGISTERADDRESS', E.INVALID_STACK_OPERATION);
    expectError('DEREGISTERADDRESS', E.INVALID_STACK_OPERATION);
    expectError('0 REGISTERADDRESS', E.BAD_OPCODE);
    expectError('1 1 REGISTERADDRESS', E.BAD_OPCODE);
    expectError('1 1 1 REGISTERADDRESS', E.BAD_OPCODE);
    expectError('0x01 0x02 OP_DEREGISTERADDRESS', E.BAD_OPCODE);
    expectError('0x01 0x02 OP_REGISTERADDRESS', E.INVALID_STACK_OPERATION);
    expectStack('0 IF REGISTERADDRESS DEREGISTERADDRESS ENDIF 1', ['01']);
  });

  test('NOP4 fails with BAD_OPCODE; the other NOPs are NOPs', () => {
    expectError('1 NOP4', E.BAD_OPCODE);
    expectStack('0 IF NOP4 ENDIF 1', ['01']);
    for (const nop of ['NOP1', 'NOP5', 'NOP6', 'NOP8', 'NOP10']) {
      expectStack(`1 ${nop}`, ['01']);
      expectError(`1 ${nop}`, E.DISCOURAGE_UPGRADABLE_NOPS, SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS);
    }
  });

  test('2MUL, 2DIV, MUL, DIV, MOD are disabled even when not executed', () => {
    for (const op of ['2MUL', '2DIV', 'MUL', 'DIV', 'MOD']) {
      expectError(`2 2 ${op}`, E.DISABLED_OPCODE);
      expectError(`0 IF ${op} ENDIF 1`, E.DISABLED_OPCODE);
    }
  });

  test('unassigned and reserved opcodes', () => {
    for (const b of ['0xba', '0xbf', '0xc4', '0xff', '0x50', '0x62', '0x89', '0x8a']) {
      expectError(`1 ${b}`, E.BAD_OPCODE);
      expectStack(`0 IF ${b} ENDIF 1`, ['01']);
    }
    expectError('0 IF VERIF ENDIF 1', E.BAD_OPCODE);
    expectError('0 IF VERNOTIF ENDIF 1', E.BAD_OPCODE);
  });
});

describe('limits', () => {
  test('MAX_SCRIPT_SIZE is 50,000', () => {
    const ok = new Uint8Array(50_000).fill(OP.OP_NOP);
    ok[0] = OP.OP_1;
    // op count would trip first on NOPs: use pushes instead
    const pushes = new Uint8Array(50_000);
    for (let i = 0; i < pushes.length; i += 2) {
      pushes[i] = 1;
      pushes[i + 1] = 1;
    }
    const st: Uint8Array[] = [];
    assert.deepEqual(evalScript(st, pushes.subarray(0, 1000), 0, base, SigVersion.BASE), { ok: true });
    assert.deepEqual(evalScript([], ok, 0, base, SigVersion.BASE), { ok: false, error: E.OP_COUNT });
    const big = new Uint8Array(50_001);
    assert.deepEqual(evalScript([], big, 0, base, SigVersion.BASE), { ok: false, error: E.SCRIPT_SIZE });
    const exact = new Uint8Array(50_000); // 50,000 × OP_0 → stack overflow, not SCRIPT_SIZE
    assert.deepEqual(evalScript([], exact, 0, base, SigVersion.BASE), { ok: false, error: E.STACK_SIZE });
  });

  test('201 opcodes', () => {
    expectStack('1 ' + 'NOP '.repeat(201), ['01']);
    expectError('1 ' + 'NOP '.repeat(202), E.OP_COUNT);
  });

  test('numbers: 4-byte operands, 5 for CLTV', () => {
    expectError('0x05 0x0000000001 1 ADD', E.UNKNOWN_ERROR);
    expectStack('0x04 0xffffff7f 1 ADD', ['0000008000']);
    expectError('0x02 0x0100 1ADD', E.UNKNOWN_ERROR, SCRIPT_VERIFY_MINIMALDATA);
    expectStack('0x02 0x0100 1ADD', ['02']);
  });
});

describe('OP_CHECKSIGFROMSTACK(VERIFY)', () => {
  const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  for (const secp of [loadNativeSecp256k1(), new NobleSecp256k1()]) {
    const checker = new EcdsaSignatureChecker(secp);
    const key = fromHex('0000000000000000000000000000000000000000000000000000000000000007');
    const pub = secp.publicKeyCreate(key, true);
    const data = new TextEncoder().encode('ocean checksigfromstack');
    const compact = secp.sign(sha256(data), key).signature;
    const der = encodeDer(compact);
    // the high-S twin of the same signature
    const s = BigInt('0x' + toHex(compact.subarray(32)));
    const highCompact = new Uint8Array(64);
    highCompact.set(compact.subarray(0, 32));
    highCompact.set(fromHex((N - s).toString(16).padStart(64, '0')), 32);
    const highDer = encodeDer(highCompact);
    const push = (b: Uint8Array) => `0x${b.length.toString(16).padStart(2, '0')} 0x${toHex(b)}`;
    const dataPush = push(data);
    const pubPush = push(pub);
    const withByte = (sig: Uint8Array, b: number) => Uint8Array.of(...sig, b);

    test(`valid signature (${secp.name})`, () => {
      expectStack(`${push(der)} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, ['01'], 0, checker);
      expectStack(`${push(der)} ${dataPush} ${pubPush} CHECKSIGFROMSTACKVERIFY`, [], 0, checker);
      // message is single SHA256(data): signing the double hash does not verify
      const other = encodeDer(secp.sign(sha256(sha256(data)), key).signature);
      expectError(`${push(other)} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, E.CHECKSIGVERIFY, 0, checker);
    });

    test(`DERSIG quirk: strict DER plus one extra byte (${secp.name})`, () => {
      expectError(`${push(der)} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, E.SIG_DER, SCRIPT_VERIFY_DERSIG, checker);
      for (const extra of [0x00, 0x01, 0x42, 0xff]) {
        const sig = push(withByte(der, extra));
        expectStack(`${sig} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, ['01'], SCRIPT_VERIFY_DERSIG, checker);
        // STRICTENC is removed for the signature check: an undefined "hash type" byte is fine
        expectStack(`${sig} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, ['01'], SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_STRICTENC, checker);
        expectStack(`${sig} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, ['01'], BLOCK_SCRIPT_VERIFY_FLAGS, checker);
        expectStack(`${sig} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, ['01'], STANDARD_SCRIPT_VERIFY_FLAGS, checker);
      }
      // without DERSIG / LOW_S / STRICTENC-derived checks the extra byte is trailing garbage for the lax parser
      expectStack(`${push(withByte(der, 7))} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, ['01'], 0, checker);
      // STRICTENC alone does not check the signature encoding at all
      expectStack(`${push(der)} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, ['01'], SCRIPT_VERIFY_STRICTENC, checker);
    });

    test(`high S (${secp.name})`, () => {
      expectStack(`${push(highDer)} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, ['01'], 0, checker);
      expectStack(`${push(withByte(highDer, 1))} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, ['01'], SCRIPT_VERIFY_DERSIG, checker);
      expectError(`${push(withByte(highDer, 1))} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, E.SIG_HIGH_S, SCRIPT_VERIFY_LOW_S, checker);
    });

    test(`failures abort with CHECKSIGVERIFY in both forms (${secp.name})`, () => {
      for (const op of ['CHECKSIGFROMSTACK', 'CHECKSIGFROMSTACKVERIFY']) {
        expectError(`${push(der)} 0x01 0x00 ${pubPush} ${op}`, E.CHECKSIGVERIFY, 0, checker);
        // empty signature: a failed verification, NULLFAIL not consulted
        expectError(`0 ${dataPush} ${pubPush} ${op}`, E.CHECKSIGVERIFY, SCRIPT_VERIFY_NULLFAIL, checker);
        // invalid public key: failed verification without STRICTENC, PUBKEYTYPE with it
        const badKey = push(Uint8Array.of(5, ...pub.subarray(1)));
        expectError(`${push(der)} ${dataPush} ${badKey} ${op}`, E.CHECKSIGVERIFY, 0, checker);
        expectError(`${push(der)} ${dataPush} ${badKey} ${op}`, E.PUBKEYTYPE, SCRIPT_VERIFY_STRICTENC, checker);
        expectError(`${dataPush} ${pubPush} ${op}`, E.INVALID_STACK_OPERATION, 0, checker);
      }
      // the base checker has no curve: always a failed verification
      expectError(`${push(der)} ${dataPush} ${pubPush} CHECKSIGFROMSTACK`, E.CHECKSIGVERIFY);
    });

    test(`in a P2SH redeem script (${secp.name})`, () => {
      const redeem = scriptFromAsm(`${dataPush} ${pubPush} CHECKSIGFROMSTACK`);
      const spk = Uint8Array.of(0xa9, 0x14, ...hash160(redeem), 0x87);
      const sig = scriptFromAsm(`${push(withByte(der, 1))} ${push(redeem)}`);
      assert.deepEqual(verifyScript(sig, spk, [], BLOCK_SCRIPT_VERIFY_FLAGS, checker), { ok: true });
      assert.deepEqual(verifyScript(sig, spk, [], SCRIPT_VERIFY_P2SH, checker), { ok: true });
    });
  }

  test('counted as one sigop', () => {
    const s = scriptFromAsm('CHECKSIGFROMSTACK CHECKSIGFROMSTACKVERIFY CHECKSIG 2 CHECKMULTISIG');
    assert.equal(getSigOpCount(s, false), 23);
    assert.equal(getSigOpCount(s, true), 5);
  });
});

describe('error strings', () => {
  test('Core ScriptErrorString texts', () => {
    assert.equal(scriptErrorString(E.EVAL_FALSE), 'Script evaluated without error but finished with a false/empty top stack element');
    assert.equal(scriptErrorString(E.SIG_DER), 'Non-canonical DER signature');
    assert.equal(scriptErrorString(E.UNKNOWN_ERROR), 'unknown error');
    assert.equal(scriptErrorString(E.SIG_NULLFAIL), 'Signature must be zero for failed CHECK(MULTI)SIG operation');
    assert.equal(scriptErrorString(E.UNSATISFIED_LOCKTIME), 'Locktime requirement not satisfied');
    for (const v of Object.values(E)) assert.equal(typeof scriptErrorString(v), 'string');
  });
});
