import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromHex, toHex } from '../../src/encoding/hex.js';
import {
  findAndDelete,
  getP2SHSigOpCount,
  getSigOpCount,
  isPayToScriptHash,
  isPayToWitnessScriptHash,
  isPushOnly,
  isUnspendable,
  removeCodeSeparators,
  witnessProgram,
  checkMinimalPush,
} from '../../src/script/script.js';
import { OpReader, parseOps } from '../../src/script/op-reader.js';
import { ScriptBuilder, encodePushData } from '../../src/script/script-builder.js';
import {
  ScriptNumError,
  castToBool,
  decodeScriptNum,
  encodeScriptNum,
  isMinimalScriptNum,
} from '../../src/script/script-num.js';
import { scriptFromAsm } from '../../src/script/asm.js';

const h = fromHex;

describe('script numbers (CScriptNum)', () => {
  test('encoding', () => {
    const cases: [number, string][] = [
      [0, ''], [1, '01'], [-1, '81'], [127, '7f'], [128, '8000'], [-128, '8080'], [255, 'ff00'], [-255, 'ff80'],
      [256, '0001'], [0x7fffffff, 'ffffff7f'], [-0x7fffffff, 'ffffffff'], [0x80000000, '0000008000'], [-0x80000000, '0000008080'],
    ];
    for (const [n, hex] of cases) {
      assert.equal(toHex(encodeScriptNum(n)), hex, String(n));
      assert.equal(toHex(encodeScriptNum(BigInt(n))), hex, String(n));
      assert.equal(decodeScriptNum(h(hex), true, 5), n);
    }
    assert.equal(toHex(encodeScriptNum(-(1n << 63n))), '000000000000008080');
  });

  test('minimal encoding and size limits', () => {
    assert.equal(decodeScriptNum(h('0100'), false), 1);
    assert.throws(() => decodeScriptNum(h('0100'), true), ScriptNumError);
    assert.throws(() => decodeScriptNum(h('80'), true), ScriptNumError); // negative zero
    assert.equal(decodeScriptNum(h('80'), false), 0);
    assert.equal(decodeScriptNum(h('ff00'), true), 255);
    assert.throws(() => decodeScriptNum(h('0000000001'), false), ScriptNumError);
    assert.equal(decodeScriptNum(h('0000000001'), false, 5), 2 ** 32);
    assert.equal(isMinimalScriptNum(h('')), true);
    assert.equal(isMinimalScriptNum(h('00')), false);
  });

  test('round trip and CastToBool', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 39) + 1, max: 2 ** 39 - 1 }), (n) => {
        const e = encodeScriptNum(n);
        assert.ok(isMinimalScriptNum(e));
        assert.equal(decodeScriptNum(e, true, 5), n);
        assert.equal(castToBool(e), n !== 0);
      }),
    );
    assert.equal(castToBool(h('0080')), false);
    assert.equal(castToBool(h('8000')), true);
    assert.equal(castToBool(h('000001')), true);
  });
});

describe('GetOp', () => {
  test('pushes and truncation positions', () => {
    const r = new OpReader(h('4d0100ab4e0200000001'));
    assert.ok(r.next());
    assert.equal(r.opcode, 0x4d);
    assert.equal(toHex(r.data), 'ab');
    assert.equal(r.next(), false); // PUSHDATA4 of 2 bytes with only 1 left
    assert.equal(r.pc, 9); // stops after the length bytes, like Core
    const t = new OpReader(h('4d01'));
    assert.equal(t.next(), false);
    assert.equal(t.pc, 1);
    assert.deepEqual(parseOps(h('51024c')).complete, false);
    assert.equal(parseOps(h('5101ff')).ops.length, 2);
  });

  test('ScriptBuilder pushes like CScript::operator<<', () => {
    assert.equal(toHex(new ScriptBuilder().number(0).number(-1).number(16).number(17).build()), '004f600111');
    assert.equal(toHex(new ScriptBuilder().push(h('')).push(h('05')).build()), '000105');
    assert.equal(toHex(new ScriptBuilder().pushScriptNum(0).pushScriptNum(5).build()), '000105');
    assert.equal(toHex(encodePushData(new Uint8Array(75))).slice(0, 2), '4b');
    assert.equal(toHex(encodePushData(new Uint8Array(76))).slice(0, 4), '4c4c');
    assert.equal(toHex(encodePushData(new Uint8Array(256))).slice(0, 6), '4d0001');
    assert.equal(toHex(encodePushData(new Uint8Array(65536))).slice(0, 10), '4e00000100');
    assert.throws(() => new ScriptBuilder().op(256));
  });

  test('CheckMinimalPush', () => {
    assert.equal(checkMinimalPush(h(''), 0), true);
    assert.equal(checkMinimalPush(h(''), 0x4c), false);
    assert.equal(checkMinimalPush(h('05'), 0x55), true);
    assert.equal(checkMinimalPush(h('05'), 1), false);
    assert.equal(checkMinimalPush(h('81'), 0x4f), true);
    assert.equal(checkMinimalPush(h('81'), 1), false);
    assert.equal(checkMinimalPush(new Uint8Array(75), 75), true);
    assert.equal(checkMinimalPush(new Uint8Array(76), 0x4c), true);
    assert.equal(checkMinimalPush(new Uint8Array(76), 0x4d), false);
    assert.equal(checkMinimalPush(new Uint8Array(256), 0x4d), true);
  });
});

describe('script predicates', () => {
  test('IsPushOnly, P2SH, witness programs', () => {
    assert.equal(isPushOnly(scriptFromAsm('1 2 0x02 0xabcd -1 16 RESERVED')), true);
    assert.equal(isPushOnly(scriptFromAsm('1 NOP')), false);
    assert.equal(isPushOnly(h('4c')), false);
    assert.equal(isPushOnly(h('')), true);
    assert.equal(isPayToScriptHash(h('a914' + '00'.repeat(20) + '87')), true);
    assert.equal(isPayToScriptHash(h('a94c14' + '00'.repeat(20) + '87')), false);
    assert.equal(isPayToWitnessScriptHash(h('0020' + '00'.repeat(32))), true);
    assert.deepEqual(witnessProgram(h('0014' + '11'.repeat(20)))?.version, 0);
    assert.deepEqual(witnessProgram(h('6002abcd'))?.version, 16);
    assert.equal(witnessProgram(h('0001ab')), null); // too short
    assert.equal(witnessProgram(h('4f02abcd')), null);
    assert.equal(witnessProgram(h('0029' + '00'.repeat(41))), null); // 43 bytes
    assert.equal(witnessProgram(h('0028' + '00'.repeat(40)))?.program.length, 40);
  });

  test('IsUnspendable (Ocean)', () => {
    assert.equal(isUnspendable(h('')), true);
    assert.equal(isUnspendable(h('6a')), true);
    assert.equal(isUnspendable(h('b8')), true);
    assert.equal(isUnspendable(h('b60100')), true);
    assert.equal(isUnspendable(h('51')), false);
    assert.equal(isUnspendable(new Uint8Array(50_000).fill(0x51)), false);
    assert.equal(isUnspendable(new Uint8Array(50_001).fill(0x51)), true);
  });

  test('sigop counting', () => {
    const ms = scriptFromAsm('2 0x21 0x' + '02'.repeat(33) + ' 0x21 0x' + '03'.repeat(33) + ' 2 CHECKMULTISIG');
    assert.equal(getSigOpCount(ms, true), 2);
    assert.equal(getSigOpCount(ms, false), 20);
    assert.equal(getSigOpCount(scriptFromAsm('CHECKMULTISIGVERIFY'), true), 20);
    assert.equal(getSigOpCount(h('ac4cac'), true), 1); // stops at the truncated push
    const p2sh = h('a914' + '00'.repeat(20) + '87');
    const redeemPush = new ScriptBuilder().number(0).push(ms).build();
    assert.equal(getP2SHSigOpCount(p2sh, redeemPush), 2);
    assert.equal(getP2SHSigOpCount(p2sh, scriptFromAsm('NOP')), 0);
    assert.equal(getP2SHSigOpCount(ms, h('')), 2);
  });
});

describe('FindAndDelete and OP_CODESEPARATOR removal', () => {
  const fad = (s: string, d: string) => {
    const r = findAndDelete(h(s), h(d));
    return [toHex(r.script), r.found];
  };
  test('matches only at opcode boundaries', () => {
    assert.deepEqual(fad('5152', '53'), ['5152', 0]);
    assert.deepEqual(fad('535153535453', '53'), ['5154', 4]);
    assert.deepEqual(fad('0302ff03', '0302ff03'), ['', 1]);
    assert.deepEqual(fad('0302ff030302ff03', '0302ff03'), ['', 2]);
    assert.deepEqual(fad('0302ff030302ff03', '02'), ['0302ff030302ff03', 0]);
    assert.deepEqual(fad('0302ff030302ff03', 'ff'), ['0302ff030302ff03', 0]);
    // deleting "03" leaves 02ff03 which then parses as a 2-byte push: the inner 03 is skipped
    assert.deepEqual(fad('0302ff030302ff03', '03'), ['02ff0302ff03', 2]);
    assert.deepEqual(fad('0003feed', '03feed'), ['00', 1]);
    assert.deepEqual(fad('0003feed', '00'), ['03feed', 1]);
    assert.deepEqual(fad('abab', 'ab'), ['', 2]);
    assert.deepEqual(fad('51', ''), ['51', 0]);
    // the tail after a truncated push is kept
    assert.deepEqual(fad('ac4d01ac', 'ac'), ['4d01ac', 1]);
  });

  test('removeCodeSeparators (legacy sighash scriptCode)', () => {
    const r = removeCodeSeparators(h('ab51abab52ab'));
    assert.equal(toHex(r.bytes), '5152');
    assert.equal(r.declaredLength, 2);
    const same = h('5152');
    assert.equal(removeCodeSeparators(same).bytes, same);
    // Core's quirk: bytes after a truncated push are not written, the length prefix still counts them
    const q = removeCodeSeparators(h('ab4d01'));
    assert.equal(toHex(q.bytes), '4d');
    assert.equal(q.declaredLength, 2);
    const q2 = removeCodeSeparators(h('514c'));
    assert.equal(toHex(q2.bytes), '514c');
    assert.equal(q2.declaredLength, 2);
  });
});
