import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOM_BASE58 } from '../../src/chain/base58-prefixes.js';
import { ChainParams } from '../../src/chain/chain-params.js';
import { addressForDestination, decodeAddress } from '../../src/address/address.js';
import {
  tweakPrivateKey,
  tweakPublicKey,
  tweakedMultisigScript,
  validateDerivedKey,
  validateDerivedMultisig,
} from '../../src/address/contract-tweak.js';
import { encodeWif } from '../../src/address/wif.js';
import { hash160 } from '../../src/crypto/hash.js';
import type { Secp256k1 } from '../../src/crypto/secp256k1.js';
import { NobleSecp256k1 } from '../../src/crypto/secp256k1-noble.js';
import { loadNativeSecp256k1 } from '../../src/crypto/secp256k1-native.js';
import { fromHex, toDisplayHex, toHex } from '../../src/encoding/hex.js';

const backends: Secp256k1[] = [new NobleSecp256k1()];
try {
  backends.push(loadNativeSecp256k1());
} catch {
  // native addon unavailable
}

const TERMS = {
  latest: 'These are the terms and conditions\nApprove to use the CBT network\n',
  old: ['These are the old terms and conditions\nApprove to use the CBT network\n'],
};
const ONE = fromHex('00'.repeat(31) + '01');
const G = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';

for (const secp of backends) {
  test(`script spec §7 worked example (${secp.name})`, () => {
    const params = ChainParams.fromOptionValues({ chain: 'ocean_test' }, { terms: TERMS });
    const c = params.keyTweakHash;
    assert.equal(toDisplayHex(c), '55f1a7f85f8fdc9d1cae38d30afe24f153bc6c97a6b73f27c6885ef6d0d400f7');
    assert.equal(toHex(c), 'f700d4d0f65e88c6273fb7a6976cbc53f124fe0ad338ae1c9ddc8f5ff8a7f155');
    const pub = secp.publicKeyCreate(ONE, true);
    assert.equal(toHex(pub), G);
    const tweaked = tweakPublicKey(pub, c, secp);
    assert.equal(toHex(tweaked), '02e044adc1631e98bef0fa75cc51c29c4d4866378afe47ac7dff2e8d615c188aa6');
    assert.equal(addressForDestination({ type: 'keyhash', hash: hash160(tweaked) }, params.base58), '2ddp7aghC3xHyYR9oUMSKrFzsgYx68jMVCT');
    assert.equal(addressForDestination({ type: 'keyhash', hash: hash160(pub) }, params.base58), '2dk71wfwKDTkfLAxLyNPDnKNs2ezE7bDLRp');
    const k2 = tweakPrivateKey(ONE, c, secp);
    assert.equal(encodeWif(k2, true, params.base58), 'cVrqtP1gg5GzCDxFHCUZ4r3BeKcTmwMeiwz8EeYuhXCTnPAxbi4J');
    assert.equal(toHex(secp.publicKeyCreate(k2, true)), toHex(tweaked));
    assert.equal(validateDerivedKey(decodeAddress('2ddp7aghC3xHyYR9oUMSKrFzsgYx68jMVCT', params.base58), pub, c, secp), true);
    assert.equal(validateDerivedKey(decodeAddress('2dk71wfwKDTkfLAxLyNPDnKNs2ezE7bDLRp', params.base58), pub, c, secp), false);
    // the live node check of the same section
    const derived = fromHex('02b39c7c6a91788c7dddd1ee66ac076bccab313e200843b26622239f9d77d228d7');
    assert.equal(toHex(tweakPublicKey(derived, c, secp)), '033e523a1c57bac39bb60656e35d9388cda54e58aab69ba8d873856167b55cd3aa');
    assert.equal(validateDerivedKey(decodeAddress('2dbR6vvVQ21JXKUhTRzeJwHfwUvtRtRkYC8', params.base58), derived, c, secp), true);
    // the functional-test latest.txt hash
    assert.equal(toDisplayHex(params.contract.latestHash), '858ab0fbcee7654401eb2db40f3318ddcdf679003b00a01f8d8d920a6ce9e3e6');
  });

  test(`zero contract hash: no tweak; uncompressed keys stay uncompressed; multisig (${secp.name})`, () => {
    const zero = new Uint8Array(32);
    const pub = secp.publicKeyCreate(ONE, true);
    assert.equal(toHex(tweakPublicKey(pub, zero, secp)), G);
    assert.equal(toHex(tweakPrivateKey(ONE, zero, secp)), toHex(ONE));
    assert.equal(validateDerivedKey(decodeAddress('2dk71wfwKDTkfLAxLyNPDnKNs2ezE7bDLRp', CUSTOM_BASE58), pub, zero, secp), true);
    const c = fromHex('f700d4d0f65e88c6273fb7a6976cbc53f124fe0ad338ae1c9ddc8f5ff8a7f155');
    const unc = secp.publicKeyCreate(ONE, false);
    const t = tweakPublicKey(unc, c, secp);
    assert.equal(t.length, 65);
    assert.equal(toHex(secp.publicKeyConvert(t, true)), '02e044adc1631e98bef0fa75cc51c29c4d4866378afe47ac7dff2e8d615c188aa6');
    // invalid untweaked key → false, not an exception
    assert.equal(validateDerivedKey({ type: 'keyhash', hash: new Uint8Array(20) }, fromHex('02' + '00'.repeat(32)), c, secp), false);
    assert.equal(validateDerivedKey({ type: 'scripthash', hash: hash160(pub) }, pub, zero, secp), false);
    const keys = [pub, secp.publicKeyCreate(fromHex('00'.repeat(31) + '02'), true)];
    const script = tweakedMultisigScript(1, keys, c, secp);
    assert.equal(script.length, 1 + 2 * 34 + 2);
    assert.equal(toHex(script.subarray(2, 35)), '02e044adc1631e98bef0fa75cc51c29c4d4866378afe47ac7dff2e8d615c188aa6');
    assert.equal(validateDerivedMultisig({ type: 'scripthash', hash: hash160(script) }, 1, keys, c, secp), true);
    assert.equal(validateDerivedMultisig({ type: 'scripthash', hash: hash160(script) }, 1, keys, zero, secp), false);
  });
}
