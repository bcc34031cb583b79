// The attestation service end to end against a REAL Bitcoin node (bcoin regtest, in memory) with a
// SQLite store and in-process software signers: profile A 1-of-1 and 2-of-3 over real ZeroMQ
// sockets on loopback, profile B over HTTP. Each run: the base is funded, the first attestation
// spends it, a commitment change gives a second attestation spending the first, which is left
// unconfirmed (no mining) until the service bumps its fee by RBF; the service is then stopped in
// the middle and a new one (same store, same node) recovers the unconfirmed attestation and sees it
// confirmed once a block is mined.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { BITCOIN_REGTEST, fromHex, toHex } from '@ocean-ts/core';
import { BcoinQuirks } from '@ocean-ts/rpc-client';
import { RecordingLogger } from '@ocean-ts/service-kit';
import { BcoinRegtest } from '@ocean-ts/test-harness';
import { Publisher, Subscriber } from 'zeromq';
import { tweakPrivateKey } from '../../src/crypto/key-tweak.js';
import { preimageDigest, signDigest } from '../../src/crypto/legacy-signing.js';
import { buildMultisigScript } from '../../src/crypto/redeem-script.js';
import { MultisigStaychain, SegwitStaychain } from '../../src/crypto/staychain-outputs.js';
import { AttestationRunner } from '../../src/service/attestation-runner.js';
import { AttestationService } from '../../src/service/attestation-service.js';
import { ClassicStaychainProfile } from '../../src/service/classic-profile.js';
import { FeePolicy } from '../../src/service/fee-policy.js';
import { SegwitStaychainProfile } from '../../src/service/segwit-profile.js';
import { DEFAULT_TIMING, type ServiceTiming } from '../../src/service/service-timing.js';
import type { SignerTransport } from '../../src/service/signer-transport.js';
import type { StaychainProfile } from '../../src/service/staychain-profile.js';
import { HttpSignerTransport } from '../../src/signer/http-signer-transport.js';
import { serialiseFrames, unserialiseFrames } from '../../src/signer/zmq-framing.js';
import { ZmqSignerTransport } from '../../src/signer/zmq-signer-transport.js';
import { SqliteMainstayStore } from '../../src/store/sqlite-store.js';
import { commitment, secp, signerKey, ZERO } from '../support/attestation-fixture.js';
import type { SignerKey } from '../support/fake-signers.js';

const TIMING: ServiceTiming = {
  ...DEFAULT_TIMING,
  fixedMs: 50,
  sigsMs: 700,
  skipMs: 200,
  confirmationMs: 300,
  newAttestationMs: 0,
  handleUnconfirmedMs: 2_500,
  firstStepMs: 0,
};
const FEES = { minFee: 10, maxFee: 50, feeIncrement: 10 };

/** A minimal txsigningtool: `C` sets the attested hash, each `T` is signed and answered on `S`. */
class TestZmqSigner {
  readonly pub = new Publisher();
  readonly sub = new Subscriber();
  attested = new Uint8Array(32);
  host = '';

  constructor(readonly key: SignerKey) {}

  async bind(): Promise<string> {
    await this.pub.bind('tcp://127.0.0.1:*');
    this.host = this.pub.lastEndpoint!.replace('tcp://', '');
    return this.host;
  }

  #listening = false;

  /** Connect to a daemon's publisher (a restarted daemon binds a new one: connect to it as well). */
  connect(daemon: string): void {
    this.sub.connect(daemon);
    if (this.#listening) return;
    this.#listening = true;
    this.sub.subscribe('C', 'T');
    void (async () => {
      for (;;) {
        let frames: Buffer[];
        try {
          frames = await this.sub.receive();
        } catch {
          return;
        }
        const [topic, payload] = [frames[0]!.toString(), frames[1]!];
        if (topic === 'C') this.attested = Uint8Array.from(payload);
        if (topic === 'T') {
          const sigs = unserialiseFrames(payload).map((p, k) =>
            signDigest(secp, k === 0 ? tweakPrivateKey(secp, this.key.key, this.key.chaincode, this.attested) : this.key.topupKey!, preimageDigest(p)),
          );
          await this.pub.send(['S', serialiseFrames(sigs)]);
        }
      }
    })();
  }

  close(): void {
    this.sub.close();
    this.pub.close();
  }
}

/** A minimal HTTP signer (profile B, spec §6.2). */
async function startHttpSigner(key: SignerKey): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { sighash_string: string[]; merkle_root: string };
      const root = fromHex(body.merkle_root).reverse();
      const witness = body.sighash_string.map((h, i) => {
        const k = i === 0 ? tweakPrivateKey(secp, key.key, key.chaincode, root) : key.topupKey!;
        const sig = signDigest(secp, k, fromHex(h));
        return `${toHex(sig.subarray(0, sig.length - 1))} ${toHex(secp.publicKeyCreate(k, true))}`;
      });
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ witness }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sign`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface Setup {
  readonly profile: StaychainProfile;
  /** A new signer transport connected to the signers (a daemon start). */
  transport(logger: RecordingLogger): Promise<SignerTransport>;
  close(): Promise<void>;
}

async function classicSetup(m: number, n: number): Promise<Setup> {
  const keys = Array.from({ length: n }, (_, j) => signerKey(j));
  const script = buildMultisigScript(m, keys.map((k) => secp.publicKeyCreate(k.key, true)));
  const profile = new ClassicStaychainProfile(secp, new MultisigStaychain(secp, script, keys.map((k) => k.chaincode), BITCOIN_REGTEST));
  const signers = keys.map((k) => new TestZmqSigner(k));
  const hosts = await Promise.all(signers.map((s) => s.bind()));
  const transports: ZmqSignerTransport[] = [];
  return {
    profile,
    transport: async (logger) => {
      const t = new ZmqSignerTransport({ publisher: '127.0.0.1:*', signers: hosts, logger, subscribeSettleMs: 200 });
      transports.push(t);
      const daemon = await t.start();
      for (const s of signers) s.connect(daemon);
      await sleep(200);
      return t;
    },
    close: async () => {
      for (const t of transports) await t.close();
      for (const s of signers) s.close();
    },
  };
}

async function segwitSetup(): Promise<Setup> {
  const key = signerKey(0);
  const profile = new SegwitStaychainProfile(secp, new SegwitStaychain(secp, secp.publicKeyCreate(key.key, true), key.chaincode, BITCOIN_REGTEST));
  const signer = await startHttpSigner(key);
  return {
    profile,
    transport: async (logger) => new HttpSignerTransport({ url: signer.url, logger, timeoutMs: 5_000 }),
    close: () => signer.close(),
  };
}

async function runEndToEnd(bcoin: BcoinRegtest, setup: Setup, dir: string): Promise<void> {
  const bitcoin = BcoinQuirks.connect(bcoin.endpoints);
  const { profile } = setup;
  const txid0 = await bcoin.fundScript(toHex(profile.outputScript(ZERO)), 5_000_000);
  await bcoin.mine(1);
  await bitcoin.importAddress(profile.address(ZERO), '', true);
  const store = SqliteMainstayStore.open(join(dir, 'mainstay.db'));
  const logger = new RecordingLogger();
  if (process.env['E2E_DEBUG'] === '1') { const push = logger.records.push.bind(logger.records); logger.records.push = (...r) => { for (const x of r) console.log(new Date().toISOString(), x.level, x.message, JSON.stringify(x.fields).slice(0, 200)); return push(...r); }; }
  const runners: AttestationRunner[] = [];
  const start = async () => {
    const service = new AttestationService({
      bitcoin,
      store,
      signer: await setup.transport(logger),
      fees: new FeePolicy(FEES, { useMinimum: true }),
      profile,
      txid0,
      timing: TIMING,
      clock: { now: () => Date.now() },
      logger,
    });
    const runner = new AttestationRunner({ service, timing: TIMING, logger });
    runner.start();
    runners.push(runner);
    return { service, runner };
  };
  const confirmedTxid = async (root: string) => (await store.attestationsByRoot(root)).find((a) => a.confirmed)?.txid;
  const errors = () => logger.records.slice(-8).map((r) => `${r.level}: ${r.message} ${JSON.stringify(r.fields).slice(0, 300)}`).join('\n');
  try {
    // first attestation, spending the base
    await store.upsertClientCommitment({ clientPosition: 0, commitment: commitment('e2e-1') });
    const first = await start();
    const tx1 = await until(`first attestation in the mempool (${errors()})`, async () => (await bitcoin.getRawMempool())[0]);
    await bcoin.mine(1);
    const root1 = first.service.attestation.root;
    assert.equal(await until('first confirmation', () => confirmedTxid(root1)), tx1);
    const raw1 = await bitcoin.getRawTransaction(tx1);
    assert.equal(raw1.vin[0]!.txid, txid0);
    assert.equal(raw1.vout[0]!.scriptPubKey.hex, toHex(profile.outputScript(fromHex(root1).reverse())));

    // second attestation: new commitments; withheld from blocks until its fee was bumped
    await store.upsertClientCommitment({ clientPosition: 1, commitment: commitment('e2e-2') });
    const tx2 = await until(`second attestation in the mempool (${errors()})`, async () => (await bitcoin.getRawMempool())[0]);
    const root2 = first.service.attestation.root;
    assert.notEqual(root2, root1);
    const raw2a = await bitcoin.getRawTransaction(tx2);
    assert.equal(raw2a.vin[0]!.txid, tx1);
    const tx2b = await until(`the RBF replacement (${errors()})`, async () => {
      const pool = await bitcoin.getRawMempool();
      return pool.length === 1 && pool[0] !== tx2 ? pool[0] : undefined;
    });
    const [e1, e2] = [raw2a.vout[0]!, (await bitcoin.getRawTransaction(tx2b)).vout[0]!];
    assert.equal(e2.scriptPubKey.hex, e1.scriptPubKey.hex);
    assert.ok(e2.value < e1.value, 'the replacement pays a higher fee');
    assert.ok((await store.attestationsByRoot(root2)).length >= 2);

    // restart in the middle: the new service finds the unconfirmed attestation in the mempool
    await first.runner.stop();
    const second = await start();
    await until('recovery of the unconfirmed attestation', async () => (second.service.attestation.root === root2 ? true : undefined));
    const pool = await bitcoin.getRawMempool();
    assert.equal(pool.length, 1);
    await bcoin.mine(1);
    const confirmed2 = await until(`second confirmation (${errors()})`, () => confirmedTxid(root2));
    assert.equal(confirmed2, pool[0]);
    const raw2 = await bitcoin.getRawTransaction(confirmed2);
    assert.equal(raw2.vin[0]!.txid, tx1);
    assert.ok(raw2.blockhash !== undefined);
    const info = await store.attestationInfo(confirmed2);
    assert.equal(info!.blockhash, raw2.blockhash);
    await second.runner.stop();
  } finally {
    for (const r of runners) await r.stop();
    await store.close();
  }
}

describe('attestation service against bcoin regtest', { timeout: 240_000 }, () => {
  // bcoin's regtest activates segwit by BIP9 signalling: profile B needs 432 blocks first.
  for (const [name, make, blocks] of [
    ['profile A 1-of-1 over zmq', () => classicSetup(1, 1), 101],
    ['profile A 2-of-3 over zmq', () => classicSetup(2, 3), 101],
    ['profile B over http', () => segwitSetup(), 433],
  ] as const) {
    it(name, { timeout: 120_000 }, async (t) => {
      const bcoin = await BcoinRegtest.start(t, { initialBlocks: blocks });
      const dir = mkdtempSync(join(tmpdir(), 'mainstay-e2e-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      const setup = await make();
      t.after(() => setup.close());
      await runEndToEnd(bcoin, setup, dir);
    });
  }
});
