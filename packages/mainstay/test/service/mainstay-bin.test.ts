// `bin/mainstay` as a process (the built dist): configuration errors exit non-zero with a clear
// message; a real run against bcoin regtest (profile A 1-of-1, an in-test zmq signer, the SQLite
// store of conf.json, our millisecond timing keys) attests and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { BITCOIN_REGTEST, toHex } from '@ocean-ts/core';
import { BcoinQuirks } from '@ocean-ts/rpc-client';
import { BcoinRegtest, freePort } from '@ocean-ts/test-harness';
import { Publisher, Subscriber } from 'zeromq';
import { tweakPrivateKey } from '../../src/crypto/key-tweak.js';
import { preimageDigest, signDigest } from '../../src/crypto/legacy-signing.js';
import { buildMultisigScript } from '../../src/crypto/redeem-script.js';
import { MultisigStaychain } from '../../src/crypto/staychain-outputs.js';
import { serialiseFrames, unserialiseFrames } from '../../src/signer/zmq-framing.js';
import { SqliteMainstayStore } from '../../src/store/sqlite-store.js';
import { ROOT, runTool } from '../clients/support/run-tool.js';
import { commitment, secp, signerKey, ZERO } from '../support/attestation-fixture.js';

function tempDir(t: { after(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mainstay-bin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const KEY = signerKey(0);
const SCRIPT = toHex(buildMultisigScript(1, [secp.publicKeyCreate(KEY.key, true)]));
const TXID = 'ab'.repeat(32);

function conf(extra: Record<string, Record<string, string>> = {}): Record<string, Record<string, string>> {
  return {
    main: { rpcurl: '127.0.0.1:1', rpcuser: 'u', rpcpass: 'p', chain: 'regtest' },
    staychain: { initTx: TXID, initScript: SCRIPT, initChaincodes: toHex(KEY.chaincode) },
    signer: { signers: '127.0.0.1:1', publisher: '127.0.0.1:0' },
    ...extra,
  };
}

describe('bin/mainstay: start-up errors', () => {
  it('an unreadable conf.json, a bad flag, a missing signer section, a bad script: non-zero exit with a clear message', async (t) => {
    const dir = tempDir(t);
    const help = await runTool('mainstay', ['-h']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage of mainstay:\n  -conf string/);
    const missing = await runTool('mainstay', ['-conf', join(dir, 'nope.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^mainstay: conf\.json: .*nope\.json cannot be read/);

    const good = join(dir, 'conf.json');
    writeFileSync(good, JSON.stringify(conf({ db: { path: join(dir, 'db.sqlite') } })));
    const badFlag = await runTool('mainstay', ['-conf', good, '-bogus']);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /flag provided but not defined: -bogus/);
    assert.match(badFlag.stderr, /Usage of mainstay/);

    const noSigner = join(dir, 'nosigner.json');
    const c = conf();
    delete (c as Record<string, unknown>)['signer'];
    writeFileSync(noSigner, JSON.stringify(c));
    const r1 = await runTool('mainstay', [`-conf=${noSigner}`]);
    assert.equal(r1.code, 1);
    assert.match(r1.stderr, /conf\.json: section "signer" is missing/);

    const badScript = join(dir, 'badscript.json');
    writeFileSync(badScript, JSON.stringify(conf({ staychain: { initTx: TXID, initScript: '51ae', initChaincodes: toHex(KEY.chaincode) } })));
    const r2 = await runTool('mainstay', ['-conf', badScript]);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /staychain.*invalid multisig redeem script/);

    const noTx = join(dir, 'notx.json');
    writeFileSync(noTx, JSON.stringify(conf({ staychain: { initScript: SCRIPT, initChaincodes: toHex(KEY.chaincode) } })));
    const r3 = await runTool('mainstay', ['-conf', noTx]);
    assert.equal(r3.code, 1);
    assert.match(r3.stderr, /staychain\.initTx is missing/);
  });
});

describe('bin/mainstay against bcoin regtest', () => {
  it('attests with a zmq signer, then stops cleanly on SIGTERM', { timeout: 120_000 }, async (t) => {
    const dir = tempDir(t);
    const bcoin = await BcoinRegtest.start(t);
    const bitcoin = BcoinQuirks.connect(bcoin.endpoints);
    const staychain = new MultisigStaychain(secp, Buffer.from(SCRIPT, 'hex'), [KEY.chaincode], BITCOIN_REGTEST);
    const txid0 = await bcoin.fundScript(toHex(staychain.scriptPubKeyFor(ZERO)), 2_000_000);
    await bcoin.mine(1);

    // the signer: PUB for S, SUB to the daemon's publisher
    const publisherPort = await freePort();
    const pub = new Publisher();
    await pub.bind('tcp://127.0.0.1:*');
    const sub = new Subscriber();
    sub.connect(`tcp://127.0.0.1:${publisherPort}`);
    sub.subscribe('C', 'T');
    t.after(() => {
      sub.close();
      pub.close();
    });
    let attested = new Uint8Array(32);
    void (async () => {
      for (;;) {
        let frames: Buffer[];
        try {
          frames = await sub.receive();
        } catch {
          return;
        }
        if (frames[0]!.toString() === 'C') attested = Uint8Array.from(frames[1]!);
        if (frames[0]!.toString() === 'T') {
          const sigs = unserialiseFrames(frames[1]!).map((p) => signDigest(secp, tweakPrivateKey(secp, KEY.key, KEY.chaincode, attested), preimageDigest(p)));
          await pub.send(['S', serialiseFrames(sigs)]);
        }
      }
    })();

    const dbPath = join(dir, 'mainstay.db');
    const store = SqliteMainstayStore.open(dbPath);
    t.after(() => store.close());
    await store.upsertClientCommitment({ clientPosition: 0, commitment: commitment('bin') });
    const confPath = join(dir, 'conf.json');
    writeFileSync(
      confPath,
      JSON.stringify({
        main: { rpcurl: `127.0.0.1:${bcoin.nodePort}`, rpcuser: 'x', rpcpass: 'BCOIN_KEY', chain: 'regtest', type: 'bcoin', walletport: String(bcoin.walletPort) },
        db: { path: 'mainstay.db' },
        staychain: { initTx: txid0, initScript: SCRIPT, initChaincodes: toHex(KEY.chaincode), regtest: '1' },
        signer: { signers: pub.lastEndpoint!.replace('tcp://', ''), publisher: `127.0.0.1:${publisherPort}`, settleMs: '300' },
        timing: { regtestDelayMs: '300', firstStepMs: '0' },
      }),
    );
    // rpcpass names an environment variable (conf.json substitution), set for the child only
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'mainstay'), '-conf', confPath], {
      env: { ...process.env, BCOIN_KEY: bcoin.apiKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    t.after(() => child.kill('SIGKILL'));

    const deadline = Date.now() + 60_000;
    let confirmed: string | undefined;
    while (confirmed === undefined) {
      assert.ok(Date.now() < deadline, `no confirmed attestation: ${stdout.slice(-3000)} ${stderr}`);
      assert.equal(child.exitCode, null, `mainstay exited: ${stdout.slice(-3000)} ${stderr}`);
      if ((await bitcoin.getRawMempool()).length > 0) await bcoin.mine(1);
      confirmed = (await store.latestAttestation(true))?.txid;
      await sleep(200);
    }
    const raw = await bitcoin.getRawTransaction(confirmed);
    assert.equal(raw.vin[0]!.txid, txid0);
    assert.match(stdout, /attestation confirmed/);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, /attestation service stopped/);
  });
});
