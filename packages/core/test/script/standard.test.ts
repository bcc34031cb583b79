import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../../src/encoding/hex.js';
import { hash160 } from '../../src/crypto/hash.js';
import { scriptFromAsm } from '../../src/script/asm.js';
import { ScriptBuilder } from '../../src/script/script-builder.js';
import { TxoutType, extractDestination, extractDestinations, isStandard, solver } from '../../src/script/standard.js';

const K1 = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
const K2 = '03' + '11'.repeat(32);
const K3 = '02' + '22'.repeat(32);
const U = '04' + '33'.repeat(64);
const k = (x: string) => `0x${(x.length / 2).toString(16)} 0x${x}`;
const s = (asm: string) => scriptFromAsm(asm);
const typeOf = (asm: string) => solver(s(asm)).type;

describe('solver', () => {
  test('template types in Ocean order', () => {
    assert.equal(typeOf(`HASH160 0x14 0x${'00'.repeat(20)} EQUAL`), TxoutType.SCRIPTHASH);
    assert.equal(solver(new Uint8Array(0)).type, TxoutType.FEE);
    assert.equal(typeOf(`0 0x14 0x${'00'.repeat(20)}`), TxoutType.WITNESS_V0_KEYHASH);
    assert.equal(typeOf(`0 0x20 0x${'00'.repeat(32)}`), TxoutType.WITNESS_V0_SCRIPTHASH);
    assert.equal(typeOf(`1 0x20 0x${'00'.repeat(32)}`), TxoutType.NONSTANDARD); // other witness programs
    assert.equal(typeOf(`0 0x15 0x${'00'.repeat(21)}`), TxoutType.NONSTANDARD);
    assert.equal(typeOf('1'), TxoutType.TRUE);
    assert.equal(typeOf('1 1'), TxoutType.NONSTANDARD);
    assert.equal(typeOf('RETURN'), TxoutType.NULL_DATA);
    assert.equal(typeOf('RETURN 0x02 0xabcd 5'), TxoutType.NULL_DATA);
    assert.equal(typeOf('RETURN NOP'), TxoutType.NONSTANDARD);
    assert.equal(typeOf(`${k(K1)} CHECKSIG`), TxoutType.PUBKEY);
    assert.equal(typeOf(`${k(U)} CHECKSIG`), TxoutType.PUBKEY);
    assert.equal(typeOf(`0x20 0x${'02'.repeat(32)} CHECKSIG`), TxoutType.NONSTANDARD);
    assert.equal(typeOf(`DUP HASH160 0x14 0x${'00'.repeat(20)} EQUALVERIFY CHECKSIG`), TxoutType.PUBKEYHASH);
    assert.equal(typeOf(`1 ${k(K1)} ${k(K2)} 2 CHECKMULTISIG`), TxoutType.MULTISIG);
    assert.equal(typeOf(`0x01 0x15 CHECKLOCKTIMEVERIFY DROP 1 ${k(K1)} 1 CHECKMULTISIG`), TxoutType.LOCKED_MULTISIG);
    assert.equal(typeOf(`0x05 0x0000000001 CHECKLOCKTIMEVERIFY DROP 1 ${k(K1)} 1 CHECKMULTISIG`), TxoutType.LOCKED_MULTISIG);
    assert.equal(typeOf(`0x06 0x000000000001 CHECKLOCKTIMEVERIFY DROP 1 ${k(K1)} 1 CHECKMULTISIG`), TxoutType.NONSTANDARD);
    assert.equal(typeOf(`1 ${k(K1)} 0 2 CHECKMULTISIG`), TxoutType.NONSTANDARD); // corpus example
    assert.equal(typeOf(`DUP HASH160 0x14 0x${'00'.repeat(20)} EQUALVERIFY CHECKSIG 0x4c`), TxoutType.NONSTANDARD);
  });

  test('multisig that matches the template but fails m/n keeps its type (Core 0.14)', () => {
    for (const asm of [`3 ${k(K1)} ${k(K2)} 2 CHECKMULTISIG`, `0 ${k(K1)} 1 CHECKMULTISIG`, `1 ${k(K1)} 2 CHECKMULTISIG`, '1 1 CHECKMULTISIG']) {
      const r = solver(s(asm));
      assert.equal(r.ok, false, asm);
      assert.equal(r.type, TxoutType.MULTISIG, asm);
      assert.equal(extractDestinations(s(asm)).ok, false);
    }
  });

  test('solutions', () => {
    assert.deepEqual(solver(s(`1 ${k(K1)} ${k(K2)} 2 CHECKMULTISIG`)).solutions.map(toHex), ['01', K1, K2, '02']);
    assert.deepEqual(solver(s(`0x01 0x15 CHECKLOCKTIMEVERIFY DROP 1 ${k(K1)} 1 CHECKMULTISIG`)).solutions.map(toHex), ['15', '01', K1, '01']);
    assert.deepEqual(solver(s(`${k(K1)} CHECKSIG`)).solutions.map(toHex), [K1]);
  });

  test('register-address templates', () => {
    const payload = '00'.repeat(16) + 'ab'.repeat(40);
    const push = new ScriptBuilder().push(fromHex(payload)).build();
    const v0 = Uint8Array.of(0xb8, ...push);
    const v1 = Uint8Array.of(0xb8, 0x51, ...push);
    const d0 = Uint8Array.of(0xb6, ...push);
    const d1 = Uint8Array.of(0xb6, 0x51, ...push);
    assert.equal(solver(v0).type, TxoutType.REGISTERADDRESS_V0);
    assert.equal(solver(v1).type, TxoutType.REGISTERADDRESS_V1);
    assert.equal(solver(d0).type, TxoutType.DEREGISTERADDRESS_V0);
    assert.equal(solver(d1).type, TxoutType.DEREGISTERADDRESS_V1);
    assert.deepEqual(solver(v1).solutions.map(toHex), [payload]);
    assert.equal(solver(Uint8Array.of(0xb8)).type, TxoutType.NONSTANDARD);
    assert.equal(solver(Uint8Array.of(0xb8, 0x61)).type, TxoutType.NONSTANDARD); // not push-only
    assert.equal(solver(Uint8Array.of(0xb8, 0x51)).type, TxoutType.NONSTANDARD);
  });
});

describe('ExtractDestination(s)', () => {
  test('destinations and required signatures', () => {
    assert.deepEqual(extractDestination(s(`${k(K1)} CHECKSIG`)), { type: 'keyhash', hash: hash160(fromHex(K1)) });
    assert.equal(extractDestination(s(`0x22 0x${'02'.repeat(34)} CHECKSIG`)), null); // malformed key
    const ms = extractDestinations(s(`2 ${k(K1)} ${k(K2)} ${k(K3)} 3 CHECKMULTISIG`));
    assert.equal(ms.ok, true);
    assert.equal(ms.required, 2);
    assert.deepEqual(ms.destinations.map((d) => toHex(d.hash)), [K1, K2, K3].map((x) => toHex(hash160(fromHex(x)))));
    const p2sh = extractDestinations(s(`HASH160 0x14 0x${'aa'.repeat(20)} EQUAL`));
    assert.deepEqual([p2sh.ok, p2sh.required, p2sh.destinations[0]!.type], [true, 1, 'scripthash']);
    for (const asm of ['RETURN', '1', `0 0x14 0x${'00'.repeat(20)}`, `0x01 0x15 CHECKLOCKTIMEVERIFY DROP 1 ${k(K1)} 1 CHECKMULTISIG`]) {
      assert.equal(extractDestinations(s(asm)).ok, false, asm);
    }
    assert.equal(extractDestinations(new Uint8Array(0)).type, TxoutType.FEE);
  });
});

describe('IsStandard', () => {
  test('policy limits', () => {
    const std = (x: Uint8Array, o = {}) => isStandard(x, o).standard;
    assert.equal(std(s(`1 ${k(K1)} ${k(K2)} ${k(K3)} 3 CHECKMULTISIG`)), true);
    assert.equal(std(s(`1 ${k(K1)} ${k(K2)} ${k(K3)} ${k(K1)} 4 CHECKMULTISIG`)), false);
    assert.equal(std(s(`0x01 0x15 CHECKLOCKTIMEVERIFY DROP 1 ${k(K1)} ${k(K2)} ${k(K3)} 3 CHECKMULTISIG`)), true);
    assert.equal(std(s(`0x01 0x15 CHECKLOCKTIMEVERIFY DROP 1 ${k(K1)} ${k(K2)} ${k(K3)} ${k(K1)} 4 CHECKMULTISIG`)), false);
    assert.equal(std(s('1')), false);
    assert.equal(std(new Uint8Array(0)), true);
    assert.equal(std(s(`1 0x20 0x${'00'.repeat(32)}`)), false);
    const data80 = new ScriptBuilder().op(0x6a).push(new Uint8Array(80)).build(); // 83 bytes
    assert.equal(data80.length, 83);
    assert.equal(std(data80), true);
    assert.equal(std(data80, { dataCarrier: false }), false);
    assert.equal(std(new ScriptBuilder().op(0x6a).push(new Uint8Array(81)).build()), false);
    const reg = (n: number) => Uint8Array.of(0xb8, ...new ScriptBuilder().push(new Uint8Array(n)).build());
    assert.equal(reg(3200).length, 3204);
    assert.equal(std(reg(3199)), true);
    assert.equal(std(reg(3200)), false);
    assert.equal(std(reg(10), { registerAddress: false }), false);
    assert.equal(std(s(`0 0x14 0x${'00'.repeat(20)}`), { witnessEnabled: false }), false);
    assert.equal(std(s('NOP')), false);
  });
});
