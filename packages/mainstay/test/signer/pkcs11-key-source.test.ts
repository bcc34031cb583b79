/**
 * PKCS#11 key source against a REAL SoftHSM2 token created in a temporary directory. Fails (does
 * not skip) when SoftHSM2 is not installed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BitcoinTransaction, fromHex, sha256d, toHex } from '@ocean-ts/core';
import { RecordingLogger } from '@ocean-ts/service-kit';
import { commitmentFromDisplayHex } from '../../src/crypto/commitment-path.js';
import { tweakPublicKey } from '../../src/crypto/key-tweak.js';
import { legacyPreimages, preimageDigest } from '../../src/crypto/legacy-signing.js';
import { buildMultisigScript } from '../../src/crypto/redeem-script.js';
import { FileKeySource } from '../../src/signer/file-key-source.js';
import { baseKeyFor, KeySourceError, TOPUP_KEY, UNTWEAKED_BASE } from '../../src/signer/key-source.js';
import { Pkcs11KeySource } from '../../src/signer/pkcs11-key-source.js';
import { chaincodeFromScript } from '../../src/signer/signer-chaincode.js';
import { TxSigningTool } from '../../src/signer/txsigning-tool.js';
import { serialiseFrames, unserialiseFrames } from '../../src/signer/zmq-framing.js';
import { SoftHsmToken, USER_PIN } from './softhsm.js';
import { BinProcess, compactOf, FakeDaemon, isLowS, multisigVector, readVector, receiveOrUndefined, secp, testKey, wifKey } from './support.js';

const LABEL = 'mainstay-test';
const MULTI = multisigVector('test_go_ScriptMulti_2of3');
const CHAINCODES = MULTI.chaincodes_hex_in_pubkey_order!;
const BASE0 = wifKey(MULTI.signer_privkeys_wif_in_pubkey_order![0]!);
const TOPUP0 = testKey(1);
const ROOT = commitmentFromDisplayHex('abcadae1214d9a1e6cdc3418b54aa57747106bc75e9e84426661f27f98ada3b7');
const ZMQ = readVector<{ framing: { unsigned_tx2_hex: string } }>('signer_zmq_serialisation.json');

function digest(i: number): Uint8Array {
  return sha256d(Uint8Array.of(i, 0x4d, 0x53));
}

describe('Pkcs11KeySource on a SoftHSM2 token', () => {
  let token: SoftHsmToken;

  before(() => {
    token = new SoftHsmToken(LABEL); // throws (test failure) with an install hint when SoftHSM2 is missing
    token.importKey(secp, 'base-readable', BASE0, { readable: true });
    token.importKey(secp, 'topup', TOPUP0, { readable: false });
    token.importKey(secp, 'base-private-only', testKey(5), { readable: true, withPublic: false });
    token.generateKey('generated', { readable: false });
  });
  after(() => token?.remove());

  const open = (baseKeyLabel: string, extra: Partial<Parameters<typeof Pkcs11KeySource.open>[0]> = {}) =>
    Pkcs11KeySource.open({ secp, modulePath: token.modulePath, tokenLabel: LABEL, pin: USER_PIN, baseKeyLabel, topupKeyLabel: 'topup', chaincode: fromHex(CHAINCODES[0]!), ...extra });

  test('a key generated inside the token (sensitive): untweaked signatures are made in the token, low-S, and verify; tweaked ones are refused', async () => {
    const keys = await open('generated');
    try {
      assert.equal(keys.baseKeyReadable, false);
      assert.match(keys.description, /pkcs11 token "mainstay-test"/);
      const pub = await keys.publicKey(UNTWEAKED_BASE);
      assert.equal(pub.length, 33);
      // SoftHSM picks S at random: many signatures, all normalised to low-S, all valid
      for (let i = 0; i < 24; i++) {
        const sig = await keys.sign(digest(i), UNTWEAKED_BASE);
        const compact = compactOf(secp, sig.der);
        assert.equal(isLowS(compact), true);
        assert.equal(secp.verify(digest(i), compact, pub), true);
        assert.equal(toHex(sig.publicKey), toHex(pub));
      }
      // the tweaked PUBLIC key is still available (public derivation)…
      assert.equal(toHex(await keys.publicKey(baseKeyFor(ROOT))), toHex(tweakPublicKey(secp, pub, fromHex(CHAINCODES[0]!), ROOT)));
      // …but a tweaked signature needs the private key out of the token
      await assert.rejects(keys.sign(digest(1), baseKeyFor(ROOT)), (e: unknown) => e instanceof KeySourceError && /not readable/.test(e.message) && /CKA_SENSITIVE=false/.test(e.message));
    } finally {
      await keys.close();
    }
  });

  test('an imported readable base key: tweaked signatures equal the file key source (RFC6979); topup is signed in the token', async () => {
    const keys = await open('base-readable');
    const file = new FileKeySource({ secp, baseKey: BASE0, chaincode: fromHex(CHAINCODES[0]!), topupKey: TOPUP0 });
    try {
      assert.equal(keys.baseKeyReadable, true);
      assert.equal(toHex(await keys.publicKey(UNTWEAKED_BASE)), MULTI.pubkeys_hex[0]);
      const tweaked = await keys.sign(digest(2), baseKeyFor(ROOT));
      assert.equal(toHex(tweaked.der), toHex((await file.sign(digest(2), baseKeyFor(ROOT))).der));
      assert.equal(toHex(tweaked.publicKey), toHex(await file.publicKey(baseKeyFor(ROOT))));
      const untweaked = await keys.sign(digest(3), UNTWEAKED_BASE);
      assert.equal(secp.verify(digest(3), compactOf(secp, untweaked.der), fromHex(MULTI.pubkeys_hex[0]!)), true);
      for (let i = 0; i < 8; i++) {
        const t = await keys.sign(digest(10 + i), TOPUP_KEY);
        assert.equal(isLowS(compactOf(secp, t.der)), true);
        assert.equal(secp.verify(digest(10 + i), compactOf(secp, t.der), secp.publicKeyCreate(TOPUP0, true)), true);
      }
      // a private key without a public object: the public key is computed from the readable value
      const priv = await open('base-private-only', { topupKeyLabel: undefined as unknown as string });
      assert.equal(toHex(await priv.publicKey(UNTWEAKED_BASE)), toHex(secp.publicKeyCreate(testKey(5), true)));
      assert.equal(priv.hasTopupKey, false);
      await priv.close();
    } finally {
      await keys.close();
      await file.close();
    }
  });

  test('clear errors: wrong PIN, unknown token, unknown key label, no token selection, bad module', async () => {
    await assert.rejects(open('generated', { pin: '0000' }), (e: unknown) => e instanceof KeySourceError && /login to token "mainstay-test" failed/.test(e.message) && !e.message.includes('0000'));
    await assert.rejects(open('generated', { tokenLabel: 'no-such-token' }), /no PKCS#11 token labelled "no-such-token"/);
    await assert.rejects(open('missing'), /no private key labelled "missing"/);
    await assert.rejects(open('generated', { topupKeyLabel: 'nope' }), /no private key labelled "nope"/);
    await assert.rejects(open('generated', { tokenLabel: undefined as unknown as string, slotIndex: 9 }), /no initialised PKCS#11 token at slot index 9/);
    await assert.rejects(open('generated', { modulePath: '/nonexistent/libpkcs11.so' }), /cannot load the PKCS#11 module/);
    // selection by slot index (the only initialised token is index 0)
    const bySlot = await open('generated', { tokenLabel: undefined as unknown as string, slotIndex: 0 });
    await bySlot.close();
    await assert.rejects(bySlot.sign(digest(0), UNTWEAKED_BASE), /closed/);
  });

  test('txsigningtool running with the HSM key source over ZeroMQ', async () => {
    const keys = await Pkcs11KeySource.open({
      secp,
      modulePath: token.modulePath,
      tokenLabel: LABEL,
      pin: USER_PIN,
      baseKeyLabel: 'base-readable',
      topupKeyLabel: 'topup',
      chaincode: chaincodeFromScript(secp, MULTI.redeem_script_hex, CHAINCODES),
    });
    const daemon = new FakeDaemon();
    const hostMain = await daemon.start();
    const tool = new TxSigningTool({ keySource: keys, logger: new RecordingLogger(), daemonHost: hostMain, publishHost: '127.0.0.1:*' });
    const sub = daemon.connectSigner(await tool.start());
    try {
      const topupScript = buildMultisigScript(2, [testKey(1), testKey(2), testKey(3)].map((k) => secp.publicKeyCreate(k, true)));
      const tx = BitcoinTransaction.fromHex(ZMQ.framing.unsigned_tx2_hex);
      for (const root of [new Uint8Array(32), ROOT]) {
        await daemon.publishUntil(() => daemon.send('C', root), () => toHex(tool.attestedHash) === toHex(root) && tool.stats.confirmedHashes > 0);
        const redeem = root.every((b) => b === 0) ? fromHex(MULTI.redeem_script_hex) : buildMultisigScript(2, MULTI.pubkeys_hex.map((p, j) => tweakPublicKey(secp, fromHex(p), fromHex(CHAINCODES[j]!), root)));
        const preimages = legacyPreimages(tx, redeem, topupScript).map((p) => p.toBytes());
        const [reply] = await daemon.requestSignatures(sub, serialiseFrames(preimages));
        const sigs = unserialiseFrames(reply!);
        assert.equal(sigs.length, 2);
        const expected = [tweakPublicKey(secp, fromHex(MULTI.pubkeys_hex[0]!), fromHex(CHAINCODES[0]!), root), secp.publicKeyCreate(TOPUP0, true)];
        sigs.forEach((sig, k) => {
          const compact = compactOf(secp, sig.subarray(0, sig.length - 1));
          assert.equal(isLowS(compact), true);
          assert.equal(secp.verify(preimageDigest(preimages[k]!), compact, expected[k]!), true, `input ${k}`);
        });
      }
    } finally {
      await tool.stop();
      await keys.close();
      daemon.close();
    }
  });

  test('bin/txsigningtool with -pkcs11-* flags (PIN from the environment)', async () => {
    const daemon = new FakeDaemon();
    const hostMain = await daemon.start();
    const bin = BinProcess.start(
      'txsigningtool',
      ['-pkcs11-module', token.modulePath, '-pkcs11-token', LABEL, '-pkcs11-key', 'generated', '-pkcs11-topup-key', 'topup', '-chaincode', CHAINCODES[0]!, '-hostMain', hostMain, '-host', '127.0.0.1:*'],
      { SOFTHSM2_CONF: token.conf, MAINSTAY_PKCS11_PIN: USER_PIN },
    );
    try {
      const [, endpoint] = await bin.waitFor(/publishing signatures on (tcp:\/\/\S+)/);
      assert.match(bin.stdout, /not readable/); // the start-up warning for a sensitive base key
      const sub = daemon.connectSigner(endpoint!);
      // the attested hash is zero (no C): the generated key signs input 0 inside the token, the topup key input 1
      const preimages = legacyPreimages(BitcoinTransaction.fromHex(ZMQ.framing.unsigned_tx2_hex), fromHex(MULTI.redeem_script_hex), fromHex('51')).map((p) => p.toBytes());
      const payload = serialiseFrames(preimages);
      const [reply] = await daemon.requestSignatures(sub, payload, 15_000);
      const sigs = unserialiseFrames(reply!);
      assert.equal(sigs.length, 2);
      const generatedPub = await (async () => {
        const k = await Pkcs11KeySource.open({ secp, modulePath: token.modulePath, tokenLabel: LABEL, pin: USER_PIN, baseKeyLabel: 'generated', chaincode: new Uint8Array(32) });
        try {
          return await k.publicKey(UNTWEAKED_BASE);
        } finally {
          await k.close();
        }
      })();
      assert.equal(secp.verify(preimageDigest(preimages[0]!), compactOf(secp, sigs[0]!.subarray(0, sigs[0]!.length - 1)), generatedPub), true);
      assert.equal(secp.verify(preimageDigest(preimages[1]!), compactOf(secp, sigs[1]!.subarray(0, sigs[1]!.length - 1)), secp.publicKeyCreate(TOPUP0, true)), true);
      // a C with a real root: the tool cannot sign tweaked with a sensitive key and answers nothing
      await daemon.send('C', ROOT);
      await daemon.send('T', payload);
      await daemon.send('T', payload);
      assert.equal(await receiveOrUndefined(sub), undefined);
      assert.equal(await bin.stop(), 0);
      assert.match(bin.stdout, /not readable/);
    } finally {
      await bin.stop();
      daemon.close();
    }
  });
});
