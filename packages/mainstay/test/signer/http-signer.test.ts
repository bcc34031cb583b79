import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BITCOIN_REGTEST, concatBytes, fromHex, p2wpkhScriptForPubkey, toDisplayHex, toHex } from '@ocean-ts/core';
import { RecordingLogger } from '@ocean-ts/service-kit';
import { buildUnsignedAttestation, SEGWIT_TX_VERSION } from '../../src/crypto/attestation-transaction.js';
import { commitmentFromDisplayHex } from '../../src/crypto/commitment-path.js';
import { SegwitFeeModel } from '../../src/crypto/fee-estimate.js';
import { attachP2wpkhWitnesses, segwitSighashes } from '../../src/crypto/segwit-signing.js';
import { SegwitStaychain } from '../../src/crypto/staychain-outputs.js';
import { FileKeySource } from '../../src/signer/file-key-source.js';
import { HttpSignerServer } from '../../src/signer/http-signer-server.js';
import { MAX_SIGHASHES } from '../../src/signer/http-signer-request.js';
import { BinProcess, bcoinVerifyInput, compactOf, isLowS, readVector, secp, tweakVectors, wifKey } from './support.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(port: number, options: { method?: string; path?: string; body?: string | Buffer; contentType?: string | null }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = options.body ?? '';
    const headers: Record<string, string | number> = { 'Content-Length': Buffer.byteLength(body) };
    if (options.contentType !== null) headers['Content-Type'] = options.contentType ?? 'application/json';
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const T = tweakVectors()[0]!;
const BASE = wifKey(T.base_privkey_wif);
const CHAINCODE = fromHex(T.chaincode_hex);
const TOPUP_WIF = readVector<{ p2wpkh: { name: string; privkey_wif: string }[] }>('multisig_and_addresses.json').p2wpkh.find((p) => p.name === 'test_go_TopupPrivMain')!.privkey_wif;
const TOPUP = wifKey(TOPUP_WIF);
const ZERO = new Uint8Array(32);
const R1 = commitmentFromDisplayHex(T.commitment_display_hex);

describe('HTTP signer (Profile B) over a real socket', () => {
  const logger = new RecordingLogger();
  const keys = new FileKeySource({ secp, baseKey: BASE, chaincode: CHAINCODE, topupKey: TOPUP });
  const server = new HttpSignerServer({ keySource: keys, logger, maxBodyBytes: 16 * 1024 });
  let port = 0;

  before(async () => {
    port = (await server.listen(0, '127.0.0.1')).port;
  });
  after(async () => {
    await server.close();
    await keys.close();
  });

  test('signs BIP143 sighashes of a staychain attestation: input 0 with the key tweaked by merkle_root, input 1 with the topup key; bcoin verifies', async () => {
    const chain = new SegwitStaychain(secp, secp.publicKeyCreate(BASE, true), CHAINCODE, BITCOIN_REGTEST);
    const topupSpk = p2wpkhScriptForPubkey(secp.publicKeyCreate(TOPUP, true));
    for (const last of [ZERO, R1]) {
      const tip = { txid: '33'.repeat(32), vout: 0, value: 5_000_000n };
      const topup = { txid: '44'.repeat(32), vout: 2, value: 80_000n };
      const next = commitmentFromDisplayHex('1a39e34e881d9a1e6cdc3418b54aa57747106bc75e9e84426661f27f98ada3b7');
      const a = buildUnsignedAttestation({ tip, topup, outputScript: chain.scriptPubKeyFor(next), version: SEGWIT_TX_VERSION, feeModel: new SegwitFeeModel(), feePerByte: 10, maxFeePerByte: 100 });
      const hashes = segwitSighashes(a.tx, [
        { scriptPubKey: chain.scriptPubKeyFor(last), value: tip.value },
        { scriptPubKey: topupSpk, value: topup.value },
      ]);
      // the daemon sends the root in DISPLAY hex; the signer reverses it
      const reply = await call(port, { path: '/sign', body: JSON.stringify({ sighash_string: hashes.map(toHex), merkle_root: toDisplayHex(last) }) });
      assert.equal(reply.status, 200, reply.body);
      assert.match(String(reply.headers['content-type']), /^application\/json/);
      const { witness } = JSON.parse(reply.body) as { witness: string[] };
      assert.equal(witness.length, 2);
      const parts = witness.map((w) => w.split(' '));
      parts.forEach((p) => assert.equal(p.length, 2));
      assert.equal(parts[0]![1], toHex(chain.publicKeyFor(last)));
      if (last === R1) assert.equal(parts[0]![1], T.derived_tweaked_pubkey_hex);
      else assert.equal(parts[0]![1], T.base_pubkey_hex_derived);
      assert.equal(parts[1]![1], toHex(secp.publicKeyCreate(TOPUP, true)));
      for (const [der] of parts) assert.equal(isLowS(compactOf(secp, fromHex(der!))), true);
      // the daemon appends the sighash byte and builds the witnesses
      const signed = attachP2wpkhWitnesses(
        a.tx,
        parts.map(([der, pub]) => ({ signature: concatBytes(fromHex(der!), Uint8Array.of(1)), pubkey: fromHex(pub!) })),
        secp,
      );
      assert.equal(bcoinVerifyInput(signed, 0, chain.scriptPubKeyFor(last), tip.value), true);
      assert.equal(bcoinVerifyInput(signed, 1, topupSpk, topup.value), true);
      assert.equal(bcoinVerifyInput(signed, 0, chain.scriptPubKeyFor(last === ZERO ? R1 : ZERO), tip.value), false);
    }
  });

  test('uppercase hex is accepted; extra keys are ignored', async () => {
    const h = 'AB'.repeat(32);
    const reply = await call(port, { body: JSON.stringify({ sighash_string: [h], merkle_root: T.commitment_display_hex.toUpperCase(), extra: 1 }), contentType: 'application/json; charset=utf-8' });
    assert.equal(reply.status, 200, reply.body);
    const [der, pub] = (JSON.parse(reply.body) as { witness: string[] }).witness[0]!.split(' ');
    assert.equal(pub, T.derived_tweaked_pubkey_hex);
    assert.equal(secp.verify(fromHex(h), compactOf(secp, fromHex(der!)), fromHex(pub!)), true);
  });

  test('malformed requests get a clear 4xx JSON error, never a 500, and the server keeps serving', async () => {
    const hash = '11'.repeat(32);
    const cases: { name: string; req: Parameters<typeof call>[1]; status: number; error: RegExp }[] = [
      { name: 'GET', req: { method: 'GET' }, status: 405, error: /only POST/ },
      { name: 'no content type', req: { body: '{}', contentType: null }, status: 415, error: /Content-Type must be application\/json/ },
      { name: 'text/plain', req: { body: '{}', contentType: 'text/plain' }, status: 415, error: /Content-Type/ },
      { name: 'not JSON', req: { body: '{"sighash_string": [' }, status: 400, error: /not valid JSON/ },
      { name: 'invalid UTF-8', req: { body: Buffer.from([0x7b, 0xff, 0x7d]) }, status: 400, error: /not valid JSON/ },
      { name: 'array body', req: { body: '[]' }, status: 400, error: /JSON object/ },
      { name: 'null body', req: { body: 'null' }, status: 400, error: /JSON object/ },
      { name: 'missing sighash_string', req: { body: JSON.stringify({ merkle_root: hash }) }, status: 400, error: /missing sighash_string/ },
      { name: 'sighash_string not array', req: { body: JSON.stringify({ sighash_string: hash, merkle_root: hash }) }, status: 400, error: /must be an array/ },
      { name: 'empty list', req: { body: JSON.stringify({ sighash_string: [], merkle_root: hash }) }, status: 400, error: /is empty/ },
      { name: 'short hash', req: { body: JSON.stringify({ sighash_string: ['11'], merkle_root: hash }) }, status: 400, error: /sighash_string\[0\] must be a 64-character hex string/ },
      { name: 'non-hex hash', req: { body: JSON.stringify({ sighash_string: [hash, 'zz'.repeat(32)], merkle_root: hash }) }, status: 400, error: /sighash_string\[1\]/ },
      { name: 'number hash', req: { body: JSON.stringify({ sighash_string: [5], merkle_root: hash }) }, status: 400, error: /sighash_string\[0\]/ },
      { name: 'too many', req: { body: JSON.stringify({ sighash_string: Array(MAX_SIGHASHES + 1).fill(hash), merkle_root: hash }) }, status: 400, error: /at most/ },
      { name: 'missing merkle_root', req: { body: JSON.stringify({ sighash_string: [hash] }) }, status: 400, error: /missing merkle_root/ },
      { name: 'bad merkle_root', req: { body: JSON.stringify({ sighash_string: [hash], merkle_root: `${hash}00` }) }, status: 400, error: /merkle_root must be/ },
      { name: 'body too large', req: { body: JSON.stringify({ sighash_string: [hash], merkle_root: hash, pad: 'x'.repeat(20_000) }) }, status: 413, error: /larger than/ },
    ];
    for (const c of cases) {
      const reply = await call(port, c.req);
      assert.equal(reply.status, c.status, `${c.name}: ${reply.body}`);
      assert.match((JSON.parse(reply.body) as { error: string }).error, c.error, c.name);
    }
    const ok = await call(port, { body: JSON.stringify({ sighash_string: [hash], merkle_root: '00'.repeat(32) }) });
    assert.equal(ok.status, 200);
  });

  test('topup inputs without a topup key: 422', async () => {
    const noTopup = new FileKeySource({ secp, baseKey: BASE, chaincode: CHAINCODE });
    const s = new HttpSignerServer({ keySource: noTopup, logger: new RecordingLogger() });
    const { port: p } = await s.listen(0, '127.0.0.1');
    try {
      const reply = await call(p, { body: JSON.stringify({ sighash_string: ['11'.repeat(32), '22'.repeat(32)], merkle_root: '00'.repeat(32) }) });
      assert.equal(reply.status, 422);
      assert.match(reply.body, /no topup key/);
      const one = await call(p, { body: JSON.stringify({ sighash_string: ['11'.repeat(32)], merkle_root: '00'.repeat(32) }) });
      assert.equal(one.status, 200);
    } finally {
      await s.close();
      await noTopup.close();
    }
  });
});

describe('bin/mainstay-httpsigner', () => {
  test('serves with keys and chaincode from conf.json (env substitution) and checks initPublicKey', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'httpsigner-'));
    try {
      const conf = join(dir, 'conf.json');
      writeFileSync(
        conf,
        JSON.stringify({
          profile: 'B',
          signer: { url: 'http://127.0.0.1:1/unused' },
          staychain: { initPK: 'TEST_SIGNER_WIF', topupPK: TOPUP_WIF, initChaincode: T.chaincode_hex, initPublicKey: T.base_pubkey_hex_derived },
        }),
      );
      const bin = BinProcess.start('mainstay-httpsigner', ['-conf', conf, '-port', '0', '-host', '127.0.0.1'], { TEST_SIGNER_WIF: T.base_privkey_wif });
      try {
        const [, p] = await bin.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)\//);
        const h = '5a'.repeat(32);
        const reply = await call(Number(p), { body: JSON.stringify({ sighash_string: [h, h], merkle_root: T.commitment_display_hex }) });
        assert.equal(reply.status, 200, reply.body);
        const [w0, w1] = (JSON.parse(reply.body) as { witness: string[] }).witness;
        assert.equal(w0!.split(' ')[1], T.derived_tweaked_pubkey_hex);
        assert.equal(w1!.split(' ')[1], toHex(secp.publicKeyCreate(TOPUP, true)));
        const bad = await call(Number(p), { body: 'nope' });
        assert.equal(bad.status, 400);
        assert.equal(await bin.stop(), 0);
      } finally {
        await bin.stop();
      }

      // a key that is not initPublicKey is refused at start-up
      const wrong = join(dir, 'wrong.json');
      writeFileSync(wrong, JSON.stringify({ staychain: { initPK: TOPUP_WIF, initChaincode: T.chaincode_hex, initPublicKey: T.base_pubkey_hex_derived } }));
      const refused = BinProcess.start('mainstay-httpsigner', ['-conf', wrong, '-port', '0']);
      assert.equal(await refused.exited, 2);
      assert.match(refused.stderr, /does not match conf\.json staychain\.initPublicKey/);
      const noChaincode = BinProcess.start('mainstay-httpsigner', ['-pk', T.base_privkey_wif, '-port', '0']);
      assert.equal(await noChaincode.exited, 2);
      assert.match(noChaincode.stderr, /chaincode is missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
