import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, sha256d, toHex } from '@ocean-ts/core';
import { commitmentFromDisplayHex } from '../../src/crypto/commitment-path.js';
import { signDigest } from '../../src/crypto/legacy-signing.js';
import { FileKeySource } from '../../src/signer/file-key-source.js';
import { finishSignature } from '../../src/signer/key-source-support.js';
import { baseKeyFor, KeySourceError, TOPUP_KEY, UNTWEAKED_BASE } from '../../src/signer/key-source.js';
import { parsePrivateKeyFile, parsePrivateKeyText } from '../../src/signer/private-key-text.js';
import { chaincodeFromScript } from '../../src/signer/signer-chaincode.js';
import { resolveKeySourceConfig, SignerConfigError } from '../../src/signer/signer-key-config.js';
import { ConfReader } from '../../src/config/conf-reader.js';
import { compactOf, isLowS, multisigVector, secp, testKey, tweakVectors, wifKey } from './support.js';

const DIGEST = sha256d(new TextEncoder().encode('mainstay signer test'));
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe('FileKeySource', () => {
  test('tweaked keys and signatures match the tweak vectors (zero = untweaked)', async () => {
    for (const v of tweakVectors()) {
      const keys = new FileKeySource({ secp, baseKey: wifKey(v.base_privkey_wif), chaincode: fromHex(v.chaincode_hex), topupKey: testKey(1) });
      const c = commitmentFromDisplayHex(v.commitment_display_hex);
      assert.equal(toHex(await keys.publicKey(baseKeyFor(c))), v.derived_tweaked_pubkey_hex);
      assert.equal(toHex(await keys.publicKey(UNTWEAKED_BASE)), v.base_pubkey_hex_derived);
      const sig = await keys.sign(DIGEST, baseKeyFor(c));
      assert.equal(toHex(sig.publicKey), v.derived_tweaked_pubkey_hex);
      // RFC6979 with the derived tweaked private key: byte-identical to signing with it directly
      const expected = signDigest(secp, fromHex(v.derived_tweaked_privkey_hex), DIGEST);
      assert.equal(toHex(sig.der), toHex(expected.subarray(0, expected.length - 1)));
      assert.equal(secp.verify(DIGEST, compactOf(secp, sig.der), fromHex(v.derived_tweaked_pubkey_hex)), true);
      // untweaked and topup
      const untweaked = await keys.sign(DIGEST, UNTWEAKED_BASE);
      assert.equal(secp.verify(DIGEST, compactOf(secp, untweaked.der), fromHex(v.base_pubkey_hex_derived)), true);
      const topup = await keys.sign(DIGEST, TOPUP_KEY);
      assert.equal(toHex(topup.publicKey), toHex(secp.publicKeyCreate(testKey(1), true)));
      assert.equal(secp.verify(DIGEST, compactOf(secp, topup.der), topup.publicKey), true);
      await keys.close();
    }
  });

  test('errors: no topup key, bad digest, bad commitment, closed', async () => {
    const keys = new FileKeySource({ secp, baseKey: testKey(2), chaincode: new Uint8Array(32).fill(7) });
    assert.equal(keys.hasTopupKey, false);
    await assert.rejects(keys.sign(DIGEST, TOPUP_KEY), (e: unknown) => e instanceof KeySourceError && /no topup key/.test(e.message));
    await assert.rejects(keys.publicKey(TOPUP_KEY), KeySourceError);
    await assert.rejects(keys.sign(DIGEST.subarray(1), UNTWEAKED_BASE), KeySourceError);
    await assert.rejects(keys.sign(DIGEST, { kind: 'base', commitment: new Uint8Array(31) }), KeySourceError);
    assert.throws(() => baseKeyFor(new Uint8Array(33)), KeySourceError);
    await keys.close();
    await keys.close();
    await assert.rejects(keys.sign(DIGEST, UNTWEAKED_BASE), /closed/);
    assert.throws(() => new FileKeySource({ secp, baseKey: new Uint8Array(32), chaincode: new Uint8Array(32) }), KeySourceError);
    assert.throws(() => new FileKeySource({ secp, baseKey: testKey(2), chaincode: new Uint8Array(31) }), KeySourceError);
  });

  test('the chaincode can be chosen from the base key (its position in initScript)', async () => {
    const v = multisigVector('test_go_ScriptMulti_2of3');
    const select = chaincodeFromScript(secp, v.redeem_script_hex, v.chaincodes_hex_in_pubkey_order!.join(','));
    const r = commitmentFromDisplayHex(tweakVectors()[0]!.commitment_display_hex);
    for (let j = 0; j < 3; j++) {
      const keys = new FileKeySource({ secp, baseKey: wifKey(v.signer_privkeys_wif_in_pubkey_order![j]!), chaincode: select });
      assert.equal(toHex(await keys.publicKey(UNTWEAKED_BASE)), v.pubkeys_hex[j]);
      const other = new FileKeySource({ secp, baseKey: wifKey(v.signer_privkeys_wif_in_pubkey_order![j]!), chaincode: fromHex(v.chaincodes_hex_in_pubkey_order![j]!) });
      assert.equal(toHex(await keys.publicKey(baseKeyFor(r))), toHex(await other.publicKey(baseKeyFor(r))));
    }
    assert.throws(() => new FileKeySource({ secp, baseKey: testKey(3), chaincode: select }), /not one of the initScript public keys/);
    assert.throws(() => chaincodeFromScript(secp, v.redeem_script_hex, v.chaincodes_hex_in_pubkey_order!.slice(0, 2)), /number of chaincodes/);
  });
});

describe('signature finishing', () => {
  test('a high-S r||s (as SoftHSM returns half the time) becomes low-S DER that verifies', () => {
    const key = testKey(4);
    const pub = secp.publicKeyCreate(key, true);
    const low = secp.sign(DIGEST, key).signature;
    let s = 0n;
    for (const b of low.subarray(32)) s = (s << 8n) | BigInt(b);
    const high = low.slice();
    high.set(fromHex((N - s).toString(16).padStart(64, '0')), 32);
    assert.equal(isLowS(high), false);
    const done = finishSignature(secp, DIGEST, high, pub);
    assert.equal(isLowS(compactOf(secp, done.der)), true);
    assert.equal(toHex(compactOf(secp, done.der)), toHex(low));
    assert.throws(() => finishSignature(secp, DIGEST, high, secp.publicKeyCreate(testKey(5), true)), /does not verify/);
    assert.throws(() => finishSignature(secp, DIGEST, high.subarray(1), pub), /64-byte/);
  });
});

describe('private key text', () => {
  test('WIF of any network, compressed or not, or 64 hex; errors never echo the key', () => {
    const v = tweakVectors()[0]!;
    const key = wifKey(v.base_privkey_wif);
    assert.equal(toHex(parsePrivateKeyText(secp, ` ${v.base_privkey_wif}\n`, 'k')), toHex(key));
    assert.equal(toHex(parsePrivateKeyText(secp, toHex(key).toUpperCase(), 'k')), toHex(key));
    // mainnet WIF (5H…/K…/L…) of the same key
    const mainnetUncompressed = '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ';
    assert.equal(parsePrivateKeyText(secp, mainnetUncompressed, 'k').length, 32);
    for (const bad of ['', 'xyz', `${v.base_privkey_wif}x`, '00'.repeat(32), 'ff'.repeat(32)]) {
      assert.throws(
        () => parsePrivateKeyText(secp, bad, 'the test key'),
        (e: unknown) => e instanceof KeySourceError && e.message.startsWith('the test key') && (bad.length < 8 || !e.message.includes(bad)),
      );
    }
    assert.equal(toHex(parsePrivateKeyFile(secp, `# signer 0\n\n${v.base_privkey_wif}\n`, 'f')), toHex(key));
    assert.throws(() => parsePrivateKeyFile(secp, '# nothing\n', 'f'), /holds no key/);
  });
});

describe('key settings', () => {
  const conf = (json: unknown, env: Record<string, string> = {}) => new ConfReader(json, env);
  test('flags win over conf.json; pkcs11 when a module is named; the PIN may come from the environment', () => {
    const c = conf({ staychain: { initPK: 'WIF_BASE', topupPK: 'cTopup' }, pkcs11: { pin: 'HSM_PIN' } }, { WIF_BASE: 'cBase' });
    assert.deepEqual(resolveKeySourceConfig(new Map(), c, {}), {
      kind: 'file',
      base: { text: 'cBase', what: 'conf.json staychain.initPK' },
      topup: { text: 'cTopup', what: 'conf.json staychain.topupPK' },
    });
    assert.deepEqual(resolveKeySourceConfig(new Map([['pk', 'x'], ['pkTopupFile', '/k']]), c, {}), { kind: 'file', base: { text: 'x', what: '-pk' }, topup: { file: '/k' } });
    assert.throws(() => resolveKeySourceConfig(new Map(), undefined, {}), SignerConfigError);
    const p = resolveKeySourceConfig(new Map([['pkcs11-module', '/lib.so'], ['pkcs11-key', 'base'], ['pkcs11-slot', '1']]), conf({}), { MAINSTAY_PKCS11_PIN: '1234' });
    assert.deepEqual(p, { kind: 'pkcs11', modulePath: '/lib.so', pin: '1234', baseKeyLabel: 'base', slotIndex: 1 });
    const q = resolveKeySourceConfig(new Map(), conf({ pkcs11: { module: '/m.so', pin: 'HSM_PIN', key: 'b', topupKey: 't', token: 'tok' } }, { HSM_PIN: '9999' }), {});
    assert.deepEqual(q, { kind: 'pkcs11', modulePath: '/m.so', pin: '9999', baseKeyLabel: 'b', tokenLabel: 'tok', topupKeyLabel: 't' });
    assert.throws(() => resolveKeySourceConfig(new Map([['pkcs11-module', '/lib.so'], ['pkcs11-key', 'b']]), undefined, {}), /PIN is missing/);
    assert.throws(() => resolveKeySourceConfig(new Map([['pkcs11-module', '/lib.so'], ['pkcs11-pin', '1']]), undefined, {}), /label of the base key/);
    assert.throws(() => resolveKeySourceConfig(new Map([['pkcs11-module', '/l'], ['pkcs11-pin', '1'], ['pkcs11-key', 'b'], ['pkcs11-slot', '-1']]), undefined, {}), /slot index/);
  });
});
