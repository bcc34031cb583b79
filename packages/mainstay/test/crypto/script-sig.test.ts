import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '@ocean-ts/core';
import { MainstayCryptoError } from '../../src/crypto/crypto-error.js';
import { buildMultisigScriptSig, parseMultisigScriptSig } from '../../src/crypto/script-sig.js';
import { readVector } from './support.js';

interface ScriptSigVectors {
  vectors: { name: string; script_sig_hex: string; expected_sigs_hex: string[]; expected_redeem_script_hex: string }[];
  edge_cases: {
    parse_empty: { input_hex: string; expected_sigs: string[]; expected_redeem_script_hex: string };
    parse_truncated: { input_hex: string; expected_sigs: string[]; expected_redeem_script_hex: string };
    create_empty: { sigs: string[]; redeem_script_hex: string; expected_script_sig_hex: string };
  };
}
interface MainnetVector {
  tx: { vin: { script_sig_hex: string; previous_redeem_script_hex: string }[] };
}

const V = readVector<ScriptSigVectors>('scriptsig.json');

describe('multisig scriptSig (scriptsig.json)', () => {
  for (const v of V.vectors) {
    test(`${v.name}: build and parse`, () => {
      const built = buildMultisigScriptSig(v.expected_sigs_hex.map(fromHex), fromHex(v.expected_redeem_script_hex));
      assert.equal(toHex(built), v.script_sig_hex);
      const p = parseMultisigScriptSig(fromHex(v.script_sig_hex));
      assert.deepEqual(p.sigs.map(toHex), v.expected_sigs_hex);
      assert.equal(toHex(p.redeemScript), v.expected_redeem_script_hex);
    });
  }

  test('the OP_PUSHDATA1 case is the one with a redeem script over 75 bytes', () => {
    const [short, long] = V.vectors;
    assert.ok(fromHex(short!.expected_redeem_script_hex).length <= 75);
    assert.ok(fromHex(long!.expected_redeem_script_hex).length > 75);
    assert.ok(long!.script_sig_hex.includes('4c' + fromHex(long!.expected_redeem_script_hex).length.toString(16)));
  });

  test('edge cases: empty, truncated, create with nothing', () => {
    const e = V.edge_cases;
    for (const c of [e.parse_empty, e.parse_truncated]) {
      const p = parseMultisigScriptSig(fromHex(c.input_hex));
      assert.deepEqual(p.sigs.map(toHex), c.expected_sigs);
      assert.equal(toHex(p.redeemScript), c.expected_redeem_script_hex);
    }
    assert.equal(toHex(buildMultisigScriptSig(e.create_empty.sigs.map(fromHex), fromHex(e.create_empty.redeem_script_hex))), e.create_empty.expected_script_sig_hex);
    assert.throws(() => buildMultisigScriptSig([], new Uint8Array(256)), MainstayCryptoError);
    assert.throws(() => buildMultisigScriptSig([new Uint8Array(76)], new Uint8Array(3)), MainstayCryptoError);
  });

  test('the mainnet attestation scriptSig parses to one signature and the previous redeem script', () => {
    const vin = readVector<MainnetVector>('staychain_tx_mainnet.json').tx.vin[0]!;
    const p = parseMultisigScriptSig(fromHex(vin.script_sig_hex));
    assert.equal(p.sigs.length, 1);
    assert.equal(p.sigs[0]!.length, 0x47);
    assert.equal(toHex(p.redeemScript), vin.previous_redeem_script_hex);
    assert.equal(toHex(buildMultisigScriptSig(p.sigs, p.redeemScript)), vin.script_sig_hex);
  });
});
