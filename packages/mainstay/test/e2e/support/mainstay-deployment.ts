// A complete Profile A Mainstay deployment as real processes on loopback ephemeral ports:
// bcoin regtest (Bitcoin), one `bin/oceand -regtest` (the client chain), a SQLite store in a temp
// dir, `bin/clientsignuptool` (two slots), `bin/mainstay-api`, three `bin/txsigningtool` (2-of-3),
// `bin/commitmenttool -ocean` (slot 0, signed) and `bin/mainstay`. A background loop grows the
// Ocean chain; a `StaychainWatch` polls bcoin's mempool and mines attestations.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BITCOIN_REGTEST, compareBytes, encodeBitcoinWif, loadNativeSecp256k1, toHex } from '@ocean-ts/core';
import { BcoinQuirks, type BitcoinClient } from '@ocean-ts/rpc-client';
import { BcoinRegtest, freePort, OceanNetwork, waitFor, type HarnessNode } from '@ocean-ts/test-harness';
import { buildMultisigScript } from '../../../src/crypto/redeem-script.js';
import { MultisigStaychain } from '../../../src/crypto/staychain-outputs.js';
import { SqliteMainstayStore } from '../../../src/store/sqlite-store.js';
import { runTool } from '../../clients/support/run-tool.js';
import { BinProcess, killAllBinProcesses } from './bin-process.js';
import { StaychainWatch } from './staychain-watch.js';

export const secp = loadNativeSecp256k1();
const ZERO = new Uint8Array(32);
const BASE_FUNDING_SATS = 5_000_000;

/**
 * The service's timing (ADR 0047's `timing.*Ms` test knobs). `fixedMs` is also the gap between
 * PreSendStore and SendAttestation, the window the test kills the daemon in.
 */
export const TIMING = {
  fixedMs: 800,
  sigsMs: 1000,
  skipMs: 400,
  confirmationMs: 300,
  newAttestationMs: 0,
  handleUnconfirmedMs: 6000,
  firstStepMs: 0,
} as const;
export const FEES = { minFee: 10, maxFee: 90, feeIncrement: 10 } as const;

export interface SignerKey {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly chaincode: Uint8Array;
  readonly wif: string;
}

export interface Client {
  readonly position: number;
  readonly token: string;
}

/** `t.after` of node:test, or a collector of cleanups. */
export interface Cleanup {
  after(fn: () => unknown): void;
}

/** Three signer keys in pubkey order (the order of the initScript and of `signer.signers`). */
function signerKeys(): SignerKey[] {
  const keys = Array.from({ length: 3 }, () => {
    let privateKey: Uint8Array;
    do privateKey = new Uint8Array(randomBytes(32));
    while (!secp.privateKeyVerify(privateKey));
    return { privateKey, publicKey: secp.publicKeyCreate(privateKey, true), chaincode: new Uint8Array(randomBytes(32)), wif: encodeBitcoinWif(privateKey, true, BITCOIN_REGTEST) };
  });
  return keys.sort((a, b) => compareBytes(a.publicKey, b.publicKey));
}

async function distinctPorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

export class MainstayDeployment {
  readonly keys = signerKeys();
  readonly script = buildMultisigScript(2, this.keys.map((k) => k.publicKey));
  readonly staychain = new MultisigStaychain(secp, this.script, this.keys.map((k) => k.chaincode), BITCOIN_REGTEST);
  readonly chaincodes = this.keys.map((k) => toHex(k.chaincode)).join(',');
  /** Slot 0's commitment key (the slot is signed). */
  readonly clientKey = (() => {
    let k: Uint8Array;
    do k = new Uint8Array(randomBytes(32));
    while (!secp.privateKeyVerify(k));
    return k;
  })();

  bcoin!: BcoinRegtest;
  bitcoin!: BitcoinClient;
  ocean!: HarnessNode;
  dir!: string;
  dbPath!: string;
  confPath!: string;
  /** The test's own (read-only use) handle on the daemon's SQLite file. */
  store!: SqliteMainstayStore;
  txid0!: string;
  baseVout!: number;
  publisherPort!: number;
  signerPorts!: number[];
  apiUrl!: string;
  clients!: Client[];
  api!: BinProcess;
  signers!: BinProcess[];
  committer!: BinProcess;
  mainstay!: BinProcess;
  watch!: StaychainWatch;
  #oceanLoop: Promise<void> | undefined;
  #oceanRunning = false;

  private constructor() {}

  /** Everything up to (not including) `bin/mainstay`; `t.after` tears it all down. */
  static async start(t: Cleanup): Promise<MainstayDeployment> {
    const d = new MainstayDeployment();
    d.dir = mkdtempSync(join(tmpdir(), 'mainstay-e2e-'));
    t.after(() => d.teardown());
    const [bcoin, net] = await Promise.all([BcoinRegtest.start(t), OceanNetwork.start(t, { nodes: 1, topology: 'none', prefix: 'mainstay-e2e-ocean-' })]);
    d.bcoin = bcoin;
    d.bitcoin = BcoinQuirks.connect(bcoin.endpoints);
    d.ocean = net.nodes[0]!;
    await d.ocean.call('generate', [1]);

    // the staychain base: pay the untweaked 2-of-3 P2SH address and mine it
    const baseAddress = d.staychain.addressFor(ZERO);
    d.txid0 = await bcoin.fund(baseAddress, BASE_FUNDING_SATS);
    await bcoin.mine(1);
    const baseScript = toHex(d.staychain.scriptPubKeyFor(ZERO));
    const base = await d.bitcoin.getRawTransaction(d.txid0);
    d.baseVout = base.vout.find((o) => o.scriptPubKey.hex === baseScript)!.n;

    const ports = await distinctPorts(4);
    d.publisherPort = ports[0]!;
    d.signerPorts = ports.slice(1);
    d.dbPath = join(d.dir, 'mainstay.db');
    d.confPath = join(d.dir, 'conf.json');
    writeFileSync(d.confPath, JSON.stringify(d.conf(), null, 2));
    d.store = SqliteMainstayStore.open(d.dbPath);

    // two clients: slot 0 with a pubkey (signed commitments), slot 1 without
    d.clients = [];
    for (const [name, pubkey] of [
      ['ocean client', toHex(secp.publicKeyCreate(d.clientKey, true))],
      ['plain client', undefined],
    ] as const) {
      const r = await runTool('clientsignuptool', ['-db', `sqlite:${d.dbPath}`, '-name', name, ...(pubkey === undefined ? [] : ['-pubkey', pubkey])]);
      if (r.code !== 0) throw new Error(`clientsignuptool failed: ${r.stderr}`);
      const position = Number(/^client_position: (\d+)$/m.exec(r.stdout)?.[1]);
      const token = /^auth_token: (\S+)$/m.exec(r.stdout)?.[1];
      if (token === undefined || !Number.isInteger(position)) throw new Error(`clientsignuptool printed ${r.stdout}`);
      d.clients.push({ position, token });
    }

    d.api = new BinProcess({ name: 'mainstay-api', args: ['-db', `sqlite:${d.dbPath}`, '-host', '127.0.0.1', '-port', '0'] });
    const listening = await d.api.waitForLog(/listening on (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/, { timeoutMs: 30_000 });
    d.apiUrl = listening.match[1]!;

    d.signers = d.keys.map((_, i) => d.signerProcess(i));
    await Promise.all(d.signers.map((s) => s.waitForLog(/txsigningtool publishing signatures on tcp:/, { timeoutMs: 30_000 })));

    d.committer = new BinProcess({
      name: 'commitmenttool',
      args: [
        '-ocean',
        '-position', String(d.clients[0]!.position),
        '-authtoken', d.clients[0]!.token,
        '-privkey', toHex(d.clientKey),
        '-delaySeconds', '1',
        '-apiHost', d.apiUrl,
        '-conf', d.confPath,
      ],
    });
    await d.commitPlain();
    d.startOceanBlocks();
    // both slots hold a commitment before the daemon starts: every attestation has slot 0's block
    await waitFor(
      async () => {
        const docs = await d.store.clientCommitments();
        return d.clients.every((c) => docs.some((x) => x.clientPosition === c.position && x.commitment !== '0'.repeat(64)));
      },
      { timeoutMs: 30_000, what: 'both slots committed' },
    );
    d.watch = new StaychainWatch(bcoin, d.bitcoin, d.txid0, d.baseVout);
    d.watch.start();
    return d;
  }

  /** conf.json: Profile A, bcoin, SQLite, 2-of-3, our fast timing, the Ocean node as client chain. */
  conf(): unknown {
    const s = (n: number): string => String(n);
    return {
      main: { rpcurl: `127.0.0.1:${this.bcoin.nodePort}`, rpcuser: 'bitcoinrpc', rpcpass: this.bcoin.apiKey, chain: 'regtest', type: 'bcoin', walletport: s(this.bcoin.walletPort) },
      db: { type: 'sqlite', path: this.dbPath },
      fees: { minFee: s(FEES.minFee), maxFee: s(FEES.maxFee), feeIncrement: s(FEES.feeIncrement) },
      timing: Object.fromEntries(Object.entries(TIMING).map(([k, v]) => [k, s(v)])),
      signer: { signers: this.signerPorts.map((p) => `127.0.0.1:${p}`).join(','), publisher: `127.0.0.1:${this.publisherPort}`, settleMs: '300' },
      staychain: { initTx: this.txid0, initScript: toHex(this.script), initChaincodes: this.chaincodes },
      clientchain: { rpcurl: `127.0.0.1:${this.ocean.rpcPort}`, rpcuser: 'harness', rpcpass: 'harness', chain: 'regtest' },
    };
  }

  signerProcess(i: number): BinProcess {
    return new BinProcess({
      name: 'txsigningtool',
      args: ['-pk', this.keys[i]!.wif, '-script', toHex(this.script), '-chaincodes', this.chaincodes, '-host', `127.0.0.1:${this.signerPorts[i]!}`, '-hostMain', `127.0.0.1:${this.publisherPort}`],
    });
  }

  /** Start `bin/mainstay -conf conf.json`. */
  startMainstay(): BinProcess {
    this.mainstay = new BinProcess({ name: 'mainstay', args: ['-conf', this.confPath] });
    return this.mainstay;
  }

  /** A plain (unsigned, format b) commitment of a random hash for slot 1. */
  async commitPlain(): Promise<string> {
    const commitment = toHex(randomBytes(32));
    const c = this.clients[1]!;
    const r = await runTool('commitmenttool', ['-mode', 'send', '-commitment', commitment, '-signature', '', '-position', String(c.position), '-authtoken', c.token, '-apiHost', this.apiUrl]);
    if (r.code !== 0 || !/response: Commitment added/.test(r.stdout)) throw new Error(`commitmenttool send failed (${r.code}): ${r.stdout} ${r.stderr}`);
    return commitment;
  }

  /** The API's `/latestattestation` (confirmed), or undefined before the first one. */
  async latestAttestation(): Promise<{ txid: string; merkle_root: string } | undefined> {
    const body = (await (await fetch(`${this.apiUrl}/api/v1/latestattestation`)).json()) as { response?: { txid?: string; merkle_root?: string } };
    const r = body.response;
    return r?.txid === undefined ? undefined : { txid: r.txid, merkle_root: r.merkle_root! };
  }

  /** The API's `/attestation?txid=`: the record's `confirmed` flag and root. */
  async apiAttestation(txid: string): Promise<{ confirmed: boolean; merkle_root: string } | undefined> {
    const body = (await (await fetch(`${this.apiUrl}/api/v1/attestation?txid=${txid}`)).json()) as {
      response?: { attestation?: { confirmed: boolean; merkle_root: string } };
    };
    return body.response?.attestation;
  }

  /** Wait until the API's latest confirmed attestation satisfies `ok`. */
  async waitForLatest(ok: (a: { txid: string; merkle_root: string }) => boolean, what: string, timeoutMs = 60_000): Promise<{ txid: string; merkle_root: string }> {
    return waitFor(
      async () => {
        if (this.mainstay !== undefined && !this.mainstay.running) throw new Error(`bin/mainstay is not running:\n${this.mainstay.tail()}`);
        const a = await this.latestAttestation();
        return a !== undefined && ok(a) ? a : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `${what}; mainstay log tail:\n${this.mainstay?.tail(3000) ?? ''}` },
    );
  }

  /** The merkle root a staychain output script commits to, looked up through the store. */
  async rootOfTx(txid: string): Promise<string | undefined> {
    return (await this.store.attestationsByTxid(txid))[0]?.merkleRoot;
  }

  startOceanBlocks(intervalMs = 700): void {
    this.#oceanRunning = true;
    this.#oceanLoop = (async () => {
      while (this.#oceanRunning) {
        try {
          await this.ocean.call('generate', [1]);
        } catch {
          // the node is being stopped
        }
        await sleep(intervalMs);
      }
    })();
  }

  async stopOceanBlocks(): Promise<void> {
    this.#oceanRunning = false;
    await this.#oceanLoop;
  }

  async teardown(): Promise<void> {
    await this.stopOceanBlocks();
    await this.watch?.stop();
    await killAllBinProcesses();
    // MAINSTAY_E2E_LOGS=<dir>: keep every process's log there (debugging a failed run)
    const keep = process.env['MAINSTAY_E2E_LOGS'];
    if (keep !== undefined && keep !== '') {
      mkdirSync(keep, { recursive: true });
      const procs: [string, BinProcess | undefined][] = [
        ['mainstay', this.mainstay],
        ['mainstay-api', this.api],
        ['commitmenttool', this.committer],
        ...(this.signers ?? []).map((s, i): [string, BinProcess] => [`txsigningtool-${i}`, s]),
      ];
      for (const [name, p] of procs) if (p !== undefined) writeFileSync(join(keep, `${name}.log`), p.log);
      if (this.watch !== undefined) writeFileSync(join(keep, 'staychain-watch.json'), JSON.stringify(this.watch.seen, null, 1));
    }
    await this.store?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
