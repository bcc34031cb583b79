import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BITCOIN_MAINNET,
  BITCOIN_REGTEST,
  BITCOIN_TESTNET,
  bitcoinNetworkFromChain,
  decodeBitcoinWif,
  fromHex,
  hash160,
  p2shAddress,
  p2wpkhAddress,
  toHex,
} from '@ocean-ts/core';
import { parseChaincode, parseChaincodes } from '../../src/crypto/chaincodes.js';
import { commitmentFromDisplayHex } from '../../src/crypto/commitment-path.js';
import { MainstayCryptoError } from '../../src/crypto/crypto-error.js';
import { tweakPublicKey } from '../../src/crypto/key-tweak.js';
import { buildMultisigScript, parseRedeemScript } from '../../src/crypto/redeem-script.js';
import { MultisigStaychain, SegwitStaychain } from '../../src/crypto/staychain-outputs.js';
import { readVector, secp } from './support.js';

interface AddressVectors {
  p2sh_multisig: {
    name: string;
    redeem_script_hex: string;
    network: string;
    expected_p2sh_address: string;
    m: number;
    n: number;
    pubkeys_hex: string[];
    derived_script_pubkey_hex: string;
    chaincodes_hex?: string[];
    chaincodes_hex_in_pubkey_order?: string[];
  }[];
  p2wpkh: { privkey_wif: string; expected_p2wpkh_address: string }[];
}
interface MainnetVector {
  base_pubkey_hex: string;
  chaincode_hex: string;
  multisig_m: number;
  merkle_root: string;
  expected_output_address: string;
  expected_output_script_pubkey_hex: string;
  derived_tweaked_pubkey_hex: string;
  derived_redeem_script_hex: string;
}
interface TweakVectors {
  vectors: { base_privkey_wif: string; chaincode_hex: string; commitment_display_hex: string; derived_tweaked_pubkey_hex: string }[];
}

const A = readVector<AddressVectors>('multisig_and_addresses.json');
const ZERO = new Uint8Array(32);
const ROOT = commitmentFromDisplayHex('abcadae1214d9a1e6cdc3418b54aa57747106bc75e9e84426661f27f98ada3b7');

describe('multisig redeem scripts (multisig_and_addresses.json)', () => {
  for (const v of A.p2sh_multisig) {
    test(`${v.name}: parse ${v.m}-of-${v.n}, rebuild, address`, () => {
      const script = fromHex(v.redeem_script_hex);
      const p = parseRedeemScript(secp, script);
      assert.equal(p.m, v.m);
      assert.equal(p.n, v.n);
      assert.deepEqual(p.pubkeys.map(toHex), v.pubkeys_hex);
      assert.equal(toHex(buildMultisigScript(p.m, p.pubkeys)), v.redeem_script_hex);
      const net = bitcoinNetworkFromChain(v.network);
      // the staychain's zero commitment uses initScript verbatim
      const chaincodes = (v.chaincodes_hex_in_pubkey_order ?? v.chaincodes_hex ?? v.pubkeys_hex.map(() => '11'.repeat(32))).map(parseChaincode);
      const chain = new MultisigStaychain(secp, script, chaincodes, net);
      assert.equal(chain.addressFor(ZERO), v.expected_p2sh_address);
      assert.equal(toHex(chain.scriptPubKeyFor(ZERO)), v.derived_script_pubkey_hex);
      assert.equal(chain.m, v.m);
      // a real root tweaks every key, in initScript order
      const tweaked = parseRedeemScript(secp, chain.redeemScriptFor(ROOT));
      assert.equal(tweaked.m, v.m);
      tweaked.pubkeys.forEach((k, i) => assert.equal(toHex(k), toHex(tweakPublicKey(secp, p.pubkeys[i]!, chaincodes[i]!, ROOT))));
      assert.notEqual(chain.addressFor(ROOT), v.expected_p2sh_address);
    });
  }

  test('mainnet 1-of-1: tweaked redeem script, output script and address of tx b891111d…', () => {
    const v = readVector<MainnetVector>('staychain_tx_mainnet.json');
    const init = buildMultisigScript(v.multisig_m, [fromHex(v.base_pubkey_hex)]);
    const chain = new MultisigStaychain(secp, init, [fromHex(v.chaincode_hex)], BITCOIN_MAINNET);
    const root = commitmentFromDisplayHex(v.merkle_root);
    assert.deepEqual(chain.tweakedPubkeysFor(root).map(toHex), [v.derived_tweaked_pubkey_hex]);
    assert.equal(toHex(chain.redeemScriptFor(root)), v.derived_redeem_script_hex);
    assert.equal(toHex(chain.scriptPubKeyFor(root)), v.expected_output_script_pubkey_hex);
    assert.equal(chain.addressFor(root), v.expected_output_address);
  });

  test('uncompressed keys in initScript: zero keeps initScript verbatim, tweaked scripts use compressed keys', () => {
    const k1 = secp.publicKeyCreate(fromHex('11'.repeat(32)), false);
    const k2 = secp.publicKeyCreate(fromHex('22'.repeat(32)), true);
    const init = fromHex('51' + '41' + toHex(k1) + '21' + toHex(k2) + '52ae');
    const p = parseRedeemScript(secp, init);
    assert.equal(p.pubkeys[0]!.length, 65);
    const chain = new MultisigStaychain(secp, init, [fromHex('33'.repeat(32)), fromHex('44'.repeat(32))], BITCOIN_TESTNET);
    assert.equal(toHex(chain.redeemScriptFor(ZERO)), toHex(init));
    const tweaked = parseRedeemScript(secp, chain.redeemScriptFor(ROOT));
    assert.deepEqual(tweaked.pubkeys.map((k) => k.length), [33, 33]);
    assert.equal(toHex(tweaked.pubkeys[0]!), toHex(tweakPublicKey(secp, secp.publicKeyConvert(k1, true), fromHex('33'.repeat(32)), ROOT)));
  });

  test('m and n up to 16 (OP_16), not just the original\'s 9', () => {
    const keys = Array.from({ length: 16 }, (_, i) => secp.publicKeyCreate(fromHex((i + 1).toString(16).padStart(2, '0').repeat(32)), true));
    const s = buildMultisigScript(12, keys);
    assert.equal(s[0], 0x5c);
    assert.equal(s[s.length - 2], 0x60);
    const p = parseRedeemScript(secp, s);
    assert.equal(p.m, 12);
    assert.equal(p.n, 16);
    const chain = new MultisigStaychain(secp, s, keys.map(() => fromHex('55'.repeat(32))), BITCOIN_REGTEST);
    assert.equal(parseRedeemScript(secp, chain.redeemScriptFor(ROOT)).n, 16);
    assert.throws(() => buildMultisigScript(1, [...keys, keys[0]!]), MainstayCryptoError);
    assert.throws(() => buildMultisigScript(0, keys), MainstayCryptoError);
    assert.throws(() => buildMultisigScript(3, keys.slice(0, 2)), MainstayCryptoError);
  });

  test('malformed redeem scripts are rejected', () => {
    const good = A.p2sh_multisig[0]!.redeem_script_hex;
    const bad = [
      '',
      good.slice(0, -2) + 'af', // not CHECKMULTISIG
      '00' + good.slice(2), // OP_0 as m
      good.slice(0, -4) + '53ae', // n says 3, 2 keys
      '53' + good.slice(2), // m > n
      good.slice(0, -4) + '0052ae', // trailing byte
      good.replace('2103e52c', '2003e52c'), // 32-byte push
      good.replace('03e52cf15e0a5cf6612314f077bb65cf9a6596b76c0fcb34b682f673a8314c7b33', '05' + '11'.repeat(32)), // not a point
    ];
    for (const hex of bad) assert.throws(() => parseRedeemScript(secp, fromHex(hex)), MainstayCryptoError, hex);
  });

  test('chaincodes: count must equal the pubkeys, each exactly 32 bytes', () => {
    const cc = '14df7ece79e83f0f479a37832d770294014edc6884b0c8bfa2e0aaf51fb00229';
    assert.equal(parseChaincodes(` ${cc} , ${cc}`, 2).length, 2);
    assert.throws(() => parseChaincodes(cc, 2), MainstayCryptoError);
    assert.throws(() => parseChaincodes(`${cc},${cc.slice(2)}`, 2), MainstayCryptoError);
    assert.throws(() => parseChaincodes(`${cc},${cc}zz`, 2), MainstayCryptoError);
    const script = fromHex(A.p2sh_multisig[0]!.redeem_script_hex);
    assert.throws(() => new MultisigStaychain(secp, script, [fromHex(cc)], BITCOIN_REGTEST), MainstayCryptoError);
    assert.throws(() => new MultisigStaychain(secp, script, [fromHex(cc), fromHex(cc).subarray(1)], BITCOIN_REGTEST), MainstayCryptoError);
  });
});

describe('Profile B: P2WPKH staychain', () => {
  test('zero commitment = untweaked key; a root = tweaked key', () => {
    const p = A.p2wpkh[0]!;
    const t = readVector<TweakVectors>('tweak_extended_key.json').vectors[0]!;
    const { key } = decodeBitcoinWif(p.privkey_wif, BITCOIN_REGTEST);
    assert.equal(p.privkey_wif, t.base_privkey_wif);
    const pub = secp.publicKeyCreate(key, true);
    const chain = new SegwitStaychain(secp, pub, fromHex(t.chaincode_hex), BITCOIN_REGTEST);
    assert.equal(chain.addressFor(ZERO), p.expected_p2wpkh_address);
    assert.equal(toHex(chain.scriptPubKeyFor(ZERO)), '0014' + toHex(hash160(pub)));
    const root = commitmentFromDisplayHex(t.commitment_display_hex);
    assert.equal(toHex(chain.publicKeyFor(root)), t.derived_tweaked_pubkey_hex);
    assert.equal(chain.addressFor(root), p2wpkhAddress(fromHex(t.derived_tweaked_pubkey_hex), BITCOIN_REGTEST));
    assert.throws(() => new SegwitStaychain(secp, new Uint8Array(33), fromHex(t.chaincode_hex), BITCOIN_REGTEST), MainstayCryptoError);
    // a P2SH of the tweaked key is not what Profile B pays to
    assert.notEqual(chain.addressFor(root), p2shAddress(fromHex(t.derived_tweaked_pubkey_hex), BITCOIN_REGTEST));
  });
});
