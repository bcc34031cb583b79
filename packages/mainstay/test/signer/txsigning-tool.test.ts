import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BITCOIN_REGTEST, BitcoinTransaction, fromHex, p2shScriptForRedeemScript, toHex } from '@ocean-ts/core';
import { RecordingLogger } from '@ocean-ts/service-kit';
import type { Subscriber } from 'zeromq';
import { commitmentFromDisplayHex } from '../../src/crypto/commitment-path.js';
import { tweakPublicKey } from '../../src/crypto/key-tweak.js';
import { assembleMultisigTransaction, attestationRedeemScripts, legacyPreimages, preimageDigest } from '../../src/crypto/legacy-signing.js';
import { buildMultisigScript } from '../../src/crypto/redeem-script.js';
import { MultisigStaychain } from '../../src/crypto/staychain-outputs.js';
import { FileKeySource } from '../../src/signer/file-key-source.js';
import { parsePreimages, signPreimages, SignerInputError } from '../../src/signer/preimage-signing.js';
import { groupSignaturesByInput } from '../../src/signer/signature-collector.js';
import { chaincodeFromScript } from '../../src/signer/signer-chaincode.js';
import { TxSigningTool } from '../../src/signer/txsigning-tool.js';
import { serialiseFrames, unserialiseFrames } from '../../src/signer/zmq-framing.js';
import { BinProcess, bcoinVerifyInput, compactOf, drain, FakeDaemon, isLowS, multisigVector, readVector, receiveOrUndefined, secp, testKey, wifKey } from './support.js';

interface ZmqVector {
  framing: { unsigned_tx1_hex: string; unsigned_tx2_hex: string };
}
interface MainnetVector {
  merkle_root: string;
  chaincode_hex: string;
  tx: { hex: string; vin: { previous_redeem_script_hex: string }[] };
  derived_signing_check: { legacy_preimage_hex: string; sighash_digest_hex: string };
}

const ZMQ = readVector<ZmqVector>('signer_zmq_serialisation.json');
const MAINNET = readVector<MainnetVector>('staychain_tx_mainnet.json');
const MULTI = multisigVector('test_go_ScriptMulti_2of3');
const BASE_WIFS = MULTI.signer_privkeys_wif_in_pubkey_order!;
const CHAINCODES = MULTI.chaincodes_hex_in_pubkey_order!;
const INIT_SCRIPT = fromHex(MULTI.redeem_script_hex);
const CHAIN = new MultisigStaychain(secp, INIT_SCRIPT, CHAINCODES.map(fromHex), BITCOIN_REGTEST);
/** Topup keys of the three signers and their 2-of-3 topup script (same m as initScript). */
const TOPUP_KEYS = [testKey(1), testKey(2), testKey(3)];
const TOPUP_SCRIPT = buildMultisigScript(2, TOPUP_KEYS.map((k) => secp.publicKeyCreate(k, true)));
/** The last confirmed root the daemon announces on C (display hex → internal). */
const ROOT = commitmentFromDisplayHex('abcadae1214d9a1e6cdc3418b54aa57747106bc75e9e84426661f27f98ada3b7');
const ZERO = new Uint8Array(32);

function signerKeys(j: number, withTopup = true): FileKeySource {
  return new FileKeySource({
    secp,
    baseKey: wifKey(BASE_WIFS[j]!),
    chaincode: chaincodeFromScript(secp, MULTI.redeem_script_hex, CHAINCODES),
    ...(withTopup ? { topupKey: TOPUP_KEYS[j]! } : {}),
  });
}

/** Pre-images of a vector tx spending the staychain output of `root` (and a topup for input 1). */
function preimagesOf(txHex: string, root: Uint8Array): Uint8Array[] {
  const tx = BitcoinTransaction.fromHex(txHex);
  return legacyPreimages(tx, CHAIN.redeemScriptFor(root), TOPUP_SCRIPT).map((p) => p.toBytes());
}

interface RunningSigner {
  tool: TxSigningTool;
  sub: Subscriber;
  logger: RecordingLogger;
}

describe('txsigningtool over real ZeroMQ (loopback)', () => {
  const daemon = new FakeDaemon();
  const signers: RunningSigner[] = [];
  let hostMain = '';

  before(async () => {
    hostMain = await daemon.start();
    for (const j of [0, 1]) {
      const logger = new RecordingLogger();
      const tool = new TxSigningTool({ keySource: signerKeys(j), logger, daemonHost: hostMain, publishHost: '127.0.0.1:*' });
      const endpoint = await tool.start();
      assert.match(endpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/);
      signers.push({ tool, sub: daemon.connectSigner(endpoint), logger });
    }
    // announce the last confirmed root until both signers have it
    await daemon.publishUntil(
      () => daemon.send('C', ROOT),
      () => signers.every((s) => s.tool.stats.confirmedHashes > 0),
    );
  });

  after(async () => {
    for (const s of signers) await s.tool.stop();
    daemon.close();
  });

  test('C then T with the two unsigned txs of the vectors: signatures verify against the tweaked keys, bcoin accepts the assembled txs', async () => {
    for (const s of signers) assert.equal(toHex(s.tool.attestedHash), toHex(ROOT));
    for (const txHex of [ZMQ.framing.unsigned_tx1_hex, ZMQ.framing.unsigned_tx2_hex]) {
      const preimages = preimagesOf(txHex, ROOT);
      const payload = serialiseFrames(preimages);
      const messages = await daemon.requestSignatures(signers.map((s) => s.sub), payload);
      signers.forEach((s, j) => {
        const sigs = unserialiseFrames(messages[j]!);
        assert.equal(sigs.length, preimages.length);
        sigs.forEach((sig, k) => {
          assert.equal(sig[sig.length - 1], 0x01, 'SIGHASH_ALL byte');
          const compact = compactOf(secp, sig.subarray(0, sig.length - 1));
          assert.equal(isLowS(compact), true);
          const expectedKey = k === 0 ? tweakPublicKey(secp, fromHex(MULTI.pubkeys_hex[j]!), fromHex(CHAINCODES[j]!), ROOT) : secp.publicKeyCreate(TOPUP_KEYS[j]!, true);
          assert.equal(secp.verify(preimageDigest(preimages[k]!), compact, expectedKey), true, `signer ${j} input ${k}`);
          // not valid for the untweaked key
          if (k === 0) assert.equal(secp.verify(preimageDigest(preimages[k]!), compact, fromHex(MULTI.pubkeys_hex[j]!)), false);
        });
      });
      // the daemon's assembly: group per input in signer order, 2-of-3 multisig scriptSigs; bcoin verifies
      const tx = BitcoinTransaction.fromHex(txHex);
      const grouped = groupSignaturesByInput(messages);
      const redeems = attestationRedeemScripts(tx.inputs.length, CHAIN.redeemScriptFor(ROOT), TOPUP_SCRIPT);
      const signed = assembleMultisigTransaction(tx, grouped, CHAIN.m, redeems);
      assert.equal(bcoinVerifyInput(signed, 0, CHAIN.scriptPubKeyFor(ROOT), 1_000_000n), true);
      if (tx.inputs.length > 1) assert.equal(bcoinVerifyInput(signed, 1, p2shScriptForRedeemScript(TOPUP_SCRIPT), 1_000_000n), true);
      // the same signatures do not spend the untweaked base output
      assert.equal(bcoinVerifyInput(signed, 0, CHAIN.scriptPubKeyFor(ZERO), 1_000_000n), false);
    }
  });

  test('garbage is logged and ignored; the next valid T is answered first', async () => {
    const [s] = signers;
    for (const x of signers) await drain(x.sub);
    const before = s!.tool.stats.rejected;
    const good = serialiseFrames(preimagesOf(ZMQ.framing.unsigned_tx1_hex, ROOT));
    const tx2 = preimagesOf(ZMQ.framing.unsigned_tx2_hex, ROOT);
    const garbage: (string | Uint8Array)[][] = [
      ['T'], // one frame
      ['T', good, Buffer.of(1)], // three frames
      ['Tx', good], // prefix-matches the subscription, but is not topic T
      ['C', ROOT.subarray(1)], // 31 bytes
      ['T', Buffer.alloc(0)],
      ['T', Buffer.concat([good, Buffer.of(5, 1)])], // framing overruns
      ['T', serialiseFrames([Buffer.from('not a transaction')])],
      ['T', serialiseFrames([tx2[0]!])], // a 2-input pre-image alone
      ['T', serialiseFrames([...tx2, tx2[1]!])], // 3 pre-images of 2-input txs
      ['T', Buffer.from(good).fill(0xff)],
    ];
    for (const frames of garbage) await daemon.sendFrames(frames);
    await daemon.publishUntil(async () => {}, () => s!.tool.stats.rejected >= before + garbage.length, 5_000);
    assert.equal(s!.tool.stats.rejected, before + garbage.length);
    assert.equal(await receiveOrUndefined(s!.sub), undefined, 'nothing was published for garbage');
    assert.equal(toHex(s!.tool.attestedHash), toHex(ROOT), 'a bad C does not change the attested hash');
    const [reply] = await daemon.requestSignatures(s!.sub, good);
    assert.equal(unserialiseFrames(reply!).length, 1);
    const warnings = s!.logger.messages('warn').join('\n');
    for (const why of ['expected 2 frames', 'unknown topic', 'C message must be 32 bytes', 'T message is empty', 'framing is broken', 'is not a transaction', 'input(s) but the message holds']) {
      assert.ok(warnings.includes(why), `logged: ${why}`);
    }
  });

  test('a signer without a topup key refuses topup inputs but signs single-input pre-images', async () => {
    const keys = signerKeys(2, false);
    await assert.rejects(signPreimages(keys, ROOT, preimagesOf(ZMQ.framing.unsigned_tx2_hex, ROOT)), SignerInputError);
    const [sig] = await signPreimages(keys, ROOT, preimagesOf(ZMQ.framing.unsigned_tx1_hex, ROOT));
    const expected = tweakPublicKey(secp, fromHex(MULTI.pubkeys_hex[2]!), fromHex(CHAINCODES[2]!), ROOT);
    assert.equal(secp.verify(preimageDigest(preimagesOf(ZMQ.framing.unsigned_tx1_hex, ROOT)[0]!), compactOf(secp, sig!.subarray(0, sig!.length - 1)), expected), true);
    assert.throws(() => parsePreimages(Buffer.of(0)), SignerInputError);
  });
});

describe('txsigningtool: mainnet transaction, zero hash, re-subscription', () => {
  test('the mainnet attestation re-signed: the digest is the vector digest and the signature is valid', async () => {
    const daemon = new FakeDaemon();
    const hostMain = await daemon.start();
    // a 1-of-1 signer with the mainnet chaincode; its key replaces the (unknown) mainnet key
    const key = testKey(7);
    const keys = new FileKeySource({ secp, baseKey: key, chaincode: fromHex(MAINNET.chaincode_hex) });
    const tool = new TxSigningTool({ keySource: keys, logger: new RecordingLogger(), daemonHost: hostMain, publishHost: '127.0.0.1:*' });
    const sub = daemon.connectSigner(await tool.start());
    try {
      // 1. before any C the attested hash is zero: the vector pre-image is signed with the untweaked key
      const vectorPreimage = fromHex(MAINNET.derived_signing_check.legacy_preimage_hex);
      const [reply0] = await daemon.requestSignatures(sub, serialiseFrames([vectorPreimage]));
      const [sig0] = unserialiseFrames(reply0!);
      const digest = fromHex(MAINNET.derived_signing_check.sighash_digest_hex);
      assert.equal(secp.verify(digest, compactOf(secp, sig0!.subarray(0, sig0!.length - 1)), secp.publicKeyCreate(key, true)), true);

      // 2. C = the mainnet root: the tx is re-signed for the output of our key tweaked by that root
      const root = commitmentFromDisplayHex(MAINNET.merkle_root);
      await daemon.publishUntil(() => daemon.send('C', root), () => tool.stats.confirmedHashes > 0);
      const tweaked = tweakPublicKey(secp, secp.publicKeyCreate(key, true), fromHex(MAINNET.chaincode_hex), root);
      const redeem = buildMultisigScript(1, [tweaked]);
      const tx = BitcoinTransaction.fromHex(MAINNET.tx.hex);
      const [pre] = legacyPreimages(tx, redeem);
      const [reply1] = await daemon.requestSignatures(sub, serialiseFrames([pre!.toBytes()]));
      const signed = assembleMultisigTransaction(tx, groupSignaturesByInput([reply1!]), 1, [redeem]);
      assert.equal(bcoinVerifyInput(signed, 0, p2shScriptForRedeemScript(redeem), 1_050_000n), true);
      // the original input script no longer verifies (different key), the re-signed one does
      assert.equal(bcoinVerifyInput(tx, 0, p2shScriptForRedeemScript(redeem), 1_050_000n), false);

      // 3. C = zero again: back to the untweaked key
      await daemon.publishUntil(() => daemon.send('C', new Uint8Array(32)), () => tool.attestedHash.every((b) => b === 0));
    } finally {
      await tool.stop();
      await keys.close();
      daemon.close();
    }
  });

  test('the SUB socket is re-created periodically and keeps working', async () => {
    const daemon = new FakeDaemon();
    const hostMain = await daemon.start();
    const keys = signerKeys(0);
    const tool = new TxSigningTool({ keySource: keys, logger: new RecordingLogger(), daemonHost: hostMain, publishHost: '127.0.0.1:*', resubscribeIntervalMs: 150 });
    const sub = daemon.connectSigner(await tool.start());
    try {
      await daemon.publishUntil(async () => {}, () => tool.stats.resubscriptions >= 3, 5_000);
      await daemon.publishUntil(() => daemon.send('C', ROOT), () => tool.stats.confirmedHashes > 0);
      const [reply] = await daemon.requestSignatures(sub, serialiseFrames(preimagesOf(ZMQ.framing.unsigned_tx1_hex, ROOT)));
      assert.equal(unserialiseFrames(reply!).length, 1);
    } finally {
      await tool.stop();
      await keys.close();
      daemon.close();
    }
  });
});

describe('bin/txsigningtool', () => {
  test('runs with a key file and the original flags, signs, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'txsigningtool-'));
    const daemon = new FakeDaemon();
    const hostMain = await daemon.start();
    const keyFile = join(dir, 'base.key');
    writeFileSync(keyFile, `# signer 1 of test.go ScriptMulti\n${BASE_WIFS[1]}\n`, { mode: 0o600 });
    const bin = BinProcess.start('txsigningtool', [
      '-pkFile', keyFile,
      '-pkTopup', toHex(TOPUP_KEYS[1]!),
      '-script', MULTI.redeem_script_hex,
      '-chaincodes', CHAINCODES.join(','),
      '-hostMain', hostMain,
      '-host=127.0.0.1:*',
    ]);
    try {
      const [, endpoint] = await bin.waitFor(/publishing signatures on (tcp:\/\/\S+)/);
      const sub = daemon.connectSigner(endpoint!);
      // no way to observe C from outside: announce it alongside each T (C first, order is kept)
      const preimages = preimagesOf(ZMQ.framing.unsigned_tx2_hex, ROOT);
      let reply: Buffer | undefined;
      const end = Date.now() + 15_000;
      while (reply === undefined) {
        assert.ok(Date.now() < end, `no answer: ${bin.stdout}${bin.stderr}`);
        await daemon.send('C', ROOT);
        await daemon.send('T', serialiseFrames(preimages));
        reply = await receiveOrUndefined(sub);
        if (reply !== undefined) {
          const sig = unserialiseFrames(reply)[0]!;
          const expected = tweakPublicKey(secp, fromHex(MULTI.pubkeys_hex[1]!), fromHex(CHAINCODES[1]!), ROOT);
          // the very first answer may predate the C message (signed untweaked): wait for a tweaked one
          if (!secp.verify(preimageDigest(preimages[0]!), compactOf(secp, sig.subarray(0, sig.length - 1)), expected)) reply = undefined;
        }
      }
      const sigs = unserialiseFrames(reply);
      assert.equal(sigs.length, 2);
      const topupSig = sigs[1]!;
      assert.equal(secp.verify(preimageDigest(preimages[1]!), compactOf(secp, topupSig.subarray(0, topupSig.length - 1)), secp.publicKeyCreate(TOPUP_KEYS[1]!, true)), true);
      assert.equal(await bin.stop(), 0);
      assert.ok(!bin.stdout.includes(BASE_WIFS[1]!) && !bin.stderr.includes(BASE_WIFS[1]!), 'the key is never printed');
    } finally {
      await bin.stop();
      daemon.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad flags and missing keys exit 2 with the usage; a key not in the script exits 2', async () => {
    const unknown = BinProcess.start('txsigningtool', ['-nope']);
    assert.equal(await unknown.exited, 2);
    assert.match(unknown.stderr, /flag provided but not defined: -nope/);
    assert.match(unknown.stderr, /Usage of txsigningtool/);
    const noKey = BinProcess.start('txsigningtool', ['-script', MULTI.redeem_script_hex, '-chaincodes', CHAINCODES.join(',')]);
    assert.equal(await noKey.exited, 2);
    assert.match(noKey.stderr, /base key is missing/);
    const stranger = BinProcess.start('txsigningtool', ['-pk', toHex(testKey(9)), '-script', MULTI.redeem_script_hex, '-chaincodes', CHAINCODES.join(','), '-host', '127.0.0.1:*']);
    assert.equal(await stranger.exited, 1);
    assert.match(stranger.stderr, /is not one of the initScript public keys/);
  });
});
