import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOM_BASE58, MAIN_BASE58 } from '../../src/chain/base58-prefixes.js';
import { decodeParentAddress, encodeParentAddress, isValidParentAddress } from '../../src/address/parent-address.js';
import { decodeWif, encodeWif, isValidWif } from '../../src/address/wif.js';
import { isValidAddress } from '../../src/address/address.js';
import { base58Decode, base58Encode } from '../../src/encoding/base58.js';
import { fromHex, toHex } from '../../src/encoding/hex.js';
import { readJson } from '../support/vectors.js';

type ValidMeta = { addrType?: 'pubkey' | 'script'; isPrivkey: boolean; isTestnet: boolean; isCompressed?: boolean };

test('base58_encode_decode.json', () => {
  const cases = readJson<[string, string][]>('vectors', 'ocean', 'base58_encode_decode.json');
  assert.ok(cases.length > 0);
  for (const [hex, b58] of cases) {
    assert.equal(base58Encode(fromHex(hex)), b58);
    assert.equal(toHex(base58Decode(b58)), hex);
  }
});

test('base58_keys_valid.json: parent-chain addresses and WIF of ocean_main (mainnet) / custom (testnet)', () => {
  const cases = readJson<[string, string, ValidMeta][]>('vectors', 'ocean', 'base58_keys_valid.json');
  assert.equal(cases.length, 50);
  for (const [text, payloadHex, meta] of cases) {
    const prefixes = meta.isTestnet ? CUSTOM_BASE58 : MAIN_BASE58;
    const payload = fromHex(payloadHex);
    if (meta.isPrivkey) {
      const k = decodeWif(text, prefixes);
      assert.equal(toHex(k.key), payloadHex, text);
      assert.equal(k.compressed, meta.isCompressed, text);
      assert.equal(encodeWif(payload, meta.isCompressed!, prefixes), text);
      // a private key is not an address
      assert.equal(isValidParentAddress(text, prefixes), false, text);
      assert.equal(isValidAddress(text, prefixes), false, text);
    } else {
      const d = decodeParentAddress(text, prefixes);
      assert.equal(d.type, meta.addrType === 'pubkey' ? 'keyhash' : 'scripthash', text);
      assert.equal(toHex(d.hash), payloadHex, text);
      assert.equal(encodeParentAddress({ type: d.type, hash: payload }, prefixes), text);
      // an address is not a private key
      assert.equal(isValidWif(text, prefixes), false, text);
      // and not valid on the other network
      assert.equal(isValidParentAddress(text, meta.isTestnet ? MAIN_BASE58 : CUSTOM_BASE58), false, text);
    }
  }
});

test('base58_keys_invalid.json: neither parent-chain address nor private key', () => {
  const cases = readJson<[string][]>('vectors', 'ocean', 'base58_keys_invalid.json');
  assert.equal(cases.length, 50);
  for (const [text] of cases) {
    for (const prefixes of [MAIN_BASE58, CUSTOM_BASE58]) {
      assert.equal(isValidParentAddress(text, prefixes), false, text);
      assert.equal(isValidWif(text, prefixes), false, text);
    }
  }
});
