import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromHex, toHex } from '../../src/encoding/hex.js';
import { scriptFromAsm, scriptToAsm, ScriptParseError } from '../../src/script/asm.js';
import { OP, OPCODES_BY_NAME, opcodeName, MAX_OPCODE } from '../../src/script/opcodes.js';
import { ScriptBuilder } from '../../src/script/script-builder.js';

const asm = (hex: string, decode = false) => scriptToAsm(fromHex(hex), decode);
const parse = (text: string) => toHex(scriptFromAsm(text));
const SIG = '3045022100cf401fc3d72c5575090dc995605b759040ecc3b4cefff6cb9285e884fbbf429e0220594054dfa740c0d9ab0703774ccf80a2f13e96aa2efe00316cb9d312622d471d';

describe('scriptToAsm (ScriptToAsmStr)', () => {
  test('small pushes print as script numbers', () => {
    assert.equal(asm('00'), '0');
    assert.equal(asm('4f'), '-1');
    assert.equal(asm('51 60'.replace(' ', '')), '1 16');
    assert.equal(asm('0105'), '5');
    assert.equal(asm('0180'), '0'); // negative zero
    assert.equal(asm('0181'), '-1');
    assert.equal(asm('02ff00'), '255');
    assert.equal(asm('04ffffffff'), '-2147483647');
    assert.equal(asm('4c0105'), '5'); // PUSHDATA1 of one byte
    assert.equal(asm('4c00'), '0');
    assert.equal(asm('050102030405'), '0102030405');
  });

  test('opcode names', () => {
    assert.equal(asm('b3'), 'OP_NOP4');
    assert.equal(asm('b6b8'), 'OP_DEREGISTERADDRESS OP_REGISTERADDRESS');
    assert.equal(asm('c0c1c2c3'), 'OP_DETERMINISTICRANDOM OP_CHECKSIGFROMSTACK OP_CHECKSIGFROMSTACKVERIFY OP_SUBSTR_LAZY');
    assert.equal(asm('b0b1b2b4b5b7b9'), 'OP_NOP1 OP_CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY OP_NOP5 OP_NOP6 OP_NOP8 OP_NOP10');
    assert.equal(asm('7e7f80818384858698'), 'OP_CAT OP_SUBSTR OP_LEFT OP_RIGHT OP_INVERT OP_AND OP_OR OP_XOR OP_LSHIFT');
    assert.equal(asm('50ba c4 fa ff'.replace(/ /g, '')), 'OP_RESERVED OP_UNKNOWN OP_UNKNOWN OP_UNKNOWN OP_INVALIDOPCODE');
    assert.equal(opcodeName(0x20), 'OP_UNKNOWN');
  });

  test('truncated pushes end with [error]', () => {
    assert.equal(asm('4c'), '[error]');
    assert.equal(asm('01'), '[error]');
    assert.equal(asm('514d01'), '1 [error]');
    assert.equal(asm('011bff711d4940c67dd515146ca63dcecc0dbeeb'), '27 OP_INVALIDOPCODE OP_2ROT [error]');
    assert.equal(asm(''), '');
  });

  test('sighash decoding of signature-looking pushes', () => {
    const push = (h: string) => (h.length / 2).toString(16).padStart(2, '0') + h;
    assert.equal(asm(push(SIG + '01'), true), `${SIG}[ALL]`);
    assert.equal(asm(push(SIG + '81'), true), `${SIG}[ALL|ANYONECANPAY]`);
    assert.equal(asm(push(SIG + '02'), true), `${SIG}[NONE]`);
    assert.equal(asm(push(SIG + '82'), true), `${SIG}[NONE|ANYONECANPAY]`);
    assert.equal(asm(push(SIG + '03'), true), `${SIG}[SINGLE]`);
    assert.equal(asm(push(SIG + '83'), true), `${SIG}[SINGLE|ANYONECANPAY]`);
    assert.equal(asm(push(SIG + '04'), true), `${SIG}04`); // undefined hash type
    assert.equal(asm(push(SIG + '01'), false), `${SIG}01`); // flag off
    assert.equal(asm(push(SIG), true), SIG.slice(0, -2) + SIG.slice(-2)); // not strict DER with a hash byte
    assert.equal(asm('6a' + push(SIG + '01'), true), `OP_RETURN ${SIG}01`); // unspendable: no decoding
    assert.equal(asm('b8' + push(SIG + '01'), true), `OP_REGISTERADDRESS ${SIG}01`);
  });
});

describe('scriptFromAsm (ParseScript)', () => {
  test('numbers', () => {
    assert.equal(parse('0'), '00');
    assert.equal(parse('-1'), '4f');
    assert.equal(parse('1 16'), '5160');
    assert.equal(parse('17'), '0111');
    assert.equal(parse('-2'), '0182');
    assert.equal(parse('1000'), '02e803');
    assert.equal(parse('2147483648'), '050000008000');
    assert.equal(parse('-'), '00'); // atoi64("-") = 0
    assert.equal(parse('99999999999999999999999'), '08ffffffffffffff7f'); // saturates at INT64_MAX
    assert.equal(parse('-99999999999999999999999'), '09000000000000008080');
  });

  test('raw hex, quoted strings, opcode names', () => {
    assert.equal(parse('0x4c01 0xFF'), '4c01ff');
    assert.equal(parse("'abc'"), '03616263');
    assert.equal(parse("''"), '00');
    assert.equal(parse('DUP OP_HASH160 EQUALVERIFY OP_CHECKSIG'), '76a988ac');
    assert.equal(parse('NOP4 NOP1 NOP10 CHECKLOCKTIMEVERIFY CHECKSEQUENCEVERIFY'), 'b3b0b9b1b2');
    assert.equal(parse('REGISTERADDRESS OP_DEREGISTERADDRESS'), 'b8b6');
    assert.equal(parse('CHECKSIGFROMSTACK DETERMINISTICRANDOM OP_SUBSTR_LAZY RESERVED'), 'c1c0c350');
    assert.equal(parse('  1\t2\n\n3  '), '515253');
    assert.equal(parse(''), '');
  });

  test('rejects what ParseScript rejects', () => {
    for (const bad of ['NOP7', 'NOP9', 'NOP2', 'NOP3', 'OP_NOP7', 'WITHDRAWPROOFVERIFY', 'OP_1', 'OP_0', 'TRUE', 'OP_PUSHDATA1', '0x', '0xabc', '0xzz', 'abc', "'a", 'OP_UNKNOWN', 'INVALIDOPCODE', '1.5', '+1']) {
      assert.throws(() => scriptFromAsm(bad), ScriptParseError, bad);
    }
  });

  test('the opcode-name table', () => {
    assert.equal(OPCODES_BY_NAME.get('OP_NOP'), OP.OP_NOP);
    assert.equal(OPCODES_BY_NAME.get('NOP4'), 0xb3);
    assert.equal(OPCODES_BY_NAME.has('NOP7'), false);
    assert.equal(OPCODES_BY_NAME.has('0'), false);
    assert.equal(MAX_OPCODE, 0xc3);
  });
});

describe('asm properties', () => {
  const named = [...new Set(OPCODES_BY_NAME.values())];
  const arbPiece = fc.oneof(
    fc.constantFrom(...named).map((op) => new ScriptBuilder().op(op).build()),
    fc.integer({ min: -0x7fffffff, max: 0x7fffffff }).map((n) => new ScriptBuilder().number(n).build()),
    fc.integer({ min: -1, max: 16 }).map((n) => new ScriptBuilder().number(n).build()),
  );
  const arbScript = fc.array(arbPiece, { maxLength: 30 }).map((parts) => {
    const b = new ScriptBuilder();
    for (const p of parts) b.raw(p);
    return b.build();
  });

  test('scriptFromAsm(scriptToAsm(s)) = s for scripts of named opcodes and minimal numbers', () => {
    fc.assert(
      fc.property(arbScript, (s) => {
        const text = scriptToAsm(s);
        assert.equal(toHex(scriptFromAsm(text)), toHex(s));
        assert.equal(scriptToAsm(scriptFromAsm(text)), text);
      }),
      { numRuns: 500 },
    );
  });

  test('scriptToAsm never throws and is deterministic on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (b, d) => {
        const a = scriptToAsm(b, d);
        assert.equal(typeof a, 'string');
        assert.equal(scriptToAsm(b, d), a);
      }),
      { numRuns: 1000 },
    );
  });
});
