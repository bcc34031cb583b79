// confirmationtool end to end: staychains built in a real bcoin regtest (Profile A 2-of-3 P2SH and
// Profile B P2WPKH), attestations stored behind a real API server (memory store), commitments =
// real oceand block hashes. Verified through the library and as a real process; tampered API data
// fails with the reason.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BITCOIN_REGTEST, loadNativeSecp256k1, toHex } from '@ocean-ts/core';
import { BcoinQuirks, type BitcoinClient } from '@ocean-ts/rpc-client';
import { BcoinRegtest, OceanNetwork, type HarnessNode } from '@ocean-ts/test-harness';
import { AttestationVerificationError, type AttestationOutcome, type VerifiedStep } from '../../src/clients/attestation-verifier.js';
import { RpcClientChain, type ClientChain } from '../../src/clients/client-chain.js';
import { verifyStaychain, type ConfirmationRun } from '../../src/clients/confirmationtool.js';
import { MainstayApiClient } from '../../src/clients/mainstay-api-client.js';
import type { AttestationRecord } from '../../src/store/documents.js';
import { MemoryMainstayStore } from '../../src/store/memory-store.js';
import { readVector, startApi } from '../api/support/api-fixture.js';
import { StaychainBuilder, type BuiltAttestation } from './support/staychain-builder.js';
import { ToolProcess, runTool } from './support/run-tool.js';

const secp = loadNativeSecp256k1();
const rand = (): string => toHex(randomBytes(32));

interface MultisigVectors {
  p2sh_multisig: { name: string; redeem_script_hex: string; signer_privkeys_wif_in_pubkey_order?: string[]; chaincodes_hex_in_pubkey_order?: string[] }[];
}
interface TweakVectors {
  vectors: { base_privkey_wif: string; chaincode_hex: string; base_pubkey_hex_derived: string }[];
}

const multi = readVector<MultisigVectors>('multisig_and_addresses.json').p2sh_multisig.find((v) => v.name === 'test_go_ScriptMulti_2of3')!;
const single = readVector<TweakVectors>('tweak_extended_key.json').vectors[0]!;
const POS_A = 1;
const POS_B = 2;

describe('confirmationtool on real staychains', () => {
  const cleanups: (() => unknown)[] = [];
  const hook = { after: (fn: () => unknown) => void cleanups.push(fn) };
  let bcoin: BcoinRegtest;
  let bitcoin: BitcoinClient;
  let ocean: HarnessNode;
  let clientChain: ClientChain;
  let chainA: StaychainBuilder;
  let chainB: StaychainBuilder;
  let store: MemoryMainstayStore;
  let apiHost: string;
  let dir: string;
  let conf: string;
  const heights = new Map<string, number>();

  /** A memory store with the client slots and these attestation records, behind a new API server. */
  async function apiOver(records: readonly AttestationRecord[]): Promise<{ store: MemoryMainstayStore; host: string }> {
    const s = new MemoryMainstayStore();
    for (let p = 0; p < 5; p++) {
      await s.upsertClientDetails({ clientPosition: p, authToken: `token-${p}`, pubkey: '', clientName: `client ${p}` });
      await s.upsertClientCommitment({ clientPosition: p, commitment: '0'.repeat(64) });
    }
    for (const r of records) await s.saveAttestation(r);
    const api = await startApi(s);
    cleanups.push(() => api.close());
    return { store: s, host: `http://${api.host}:${api.port}` };
  }

  async function oceanBlock(): Promise<string> {
    const [hash] = await ocean.call<string[]>('generate', [1]);
    heights.set(hash!, await ocean.call<number>('getblockcount'));
    return hash!;
  }

  const records = (): AttestationRecord[] => [...chainA.attestations, ...chainB.attestations].map((a) => a.record);

  function run(host: string, builder: StaychainBuilder, position: number, extra: Partial<ConfirmationRun> = {}): ConfirmationRun {
    return {
      bitcoin,
      clientChain,
      api: new MainstayApiClient(host),
      outputs: builder.outputs,
      network: BITCOIN_REGTEST,
      startTxid: builder.baseTxid,
      position,
      once: true,
      ...extra,
    };
  }

  async function collect(r: ConfirmationRun): Promise<VerifiedStep[]> {
    const out: VerifiedStep[] = [];
    await verifyStaychain(r, (s) => out.push(s));
    return out;
  }

  const toolArgsA = (host: string): string[] => ['-conf', conf, '-tx', chainA.baseTxid, '-script', multi.redeem_script_hex, '-chaincodes', multi.chaincodes_hex_in_pubkey_order!.join(','), '-position', String(POS_A), '-apiHost', host];
  const toolArgsB = (host: string): string[] => ['-conf', conf, '-tx', chainB.baseTxid, '-pubkey', single.base_pubkey_hex_derived, '-chaincode', single.chaincode_hex, '-position', String(POS_B), '-apiHost', host];

  before(async () => {
    // 433 blocks: segwit (BIP9 on bcoin's regtest) is active, for the Profile B chain.
    bcoin = await BcoinRegtest.start(hook, { initialBlocks: 433 });
    bitcoin = BcoinQuirks.connect(bcoin.endpoints);
    const net = await OceanNetwork.start(hook, { nodes: 1, topology: 'none', prefix: 'mainstay-confirm-' });
    ocean = net.nodes[0]!;
    clientChain = RpcClientChain.connect({ url: `127.0.0.1:${ocean.rpcPort}`, user: 'harness', pass: 'harness' });

    chainA = await StaychainBuilder.create(
      secp,
      { profile: 'A', redeemScriptHex: multi.redeem_script_hex, wifs: multi.signer_privkeys_wif_in_pubkey_order!, chaincodes: multi.chaincodes_hex_in_pubkey_order! },
      bcoin,
      bitcoin,
      50_000_000,
    );
    await chainA.attest([rand(), await oceanBlock()]);
    await chainA.attest([rand()]); // slot 1 not in this tree
    await oceanBlock();
    await chainA.attest([rand(), await oceanBlock(), rand(), '', rand()]);

    chainB = await StaychainBuilder.create(secp, { profile: 'B', wif: single.base_privkey_wif, chaincode: single.chaincode_hex }, bcoin, bitcoin, 20_000_000);
    await chainB.attest([rand(), rand(), await oceanBlock()]);
    await chainB.attest(['', rand(), await oceanBlock(), rand()]);

    ({ store, host: apiHost } = await apiOver(records()));
    dir = mkdtempSync(join(tmpdir(), 'confirmationtool-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    conf = join(dir, 'conf.json');
    writeFileSync(
      conf,
      JSON.stringify({
        main: { rpcurl: `127.0.0.1:${bcoin.nodePort}`, rpcuser: 'bitcoinrpc', rpcpass: bcoin.apiKey, chain: 'regtest', type: 'bcoin' },
        clientchain: { rpcurl: `127.0.0.1:${ocean.rpcPort}`, rpcuser: 'harness', rpcpass: 'harness', chain: 'regtest' },
      }),
    );
  });

  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });

  it('Profile A (2-of-3 P2SH): the base and every attestation verify, with the client blocks and heights', async () => {
    const steps = await collect(run(apiHost, chainA, POS_A));
    assert.deepEqual(steps.map((s) => s.kind), ['base', 'attestation', 'attestation', 'attestation']);
    assert.equal(steps[0]!.txid, chainA.baseTxid);
    const atts = steps.slice(1) as AttestationOutcome[];
    const built = chainA.attestations;
    atts.forEach((a, i) => {
      assert.equal(a.txid, built[i]!.txid);
      assert.equal(a.merkleRoot, built[i]!.root);
      assert.equal(a.blockhash, built[i]!.blockhash);
      assert.match(a.address, /^2/);
    });
    assert.equal(atts[0]!.commitment, built[0]!.commitments[POS_A]);
    assert.equal(atts[0]!.clientBlockHeight, heights.get(built[0]!.commitments[POS_A]!));
    assert.equal(atts[1]!.commitment, undefined);
    assert.equal(atts[1]!.noCommitmentReason, 'your commitment or position is unknown to us');
    assert.equal(atts[2]!.clientBlockHeight, heights.get(built[2]!.commitments[POS_A]!));
    assert.ok(atts[2]!.clientBlockHeight! > atts[0]!.clientBlockHeight!);

    // from an attestation instead of the base
    const fromFirst = await collect({ ...run(apiHost, chainA, POS_A), startTxid: built[0]!.txid });
    assert.deepEqual(fromFirst.map((s) => s.txid), built.map((b) => b.txid));
  });

  it('as a process: prints each attestation with its Bitcoin block and client block, exit 0', async () => {
    const r = await runTool('confirmationtool', [...toolArgsA(apiHost), '-once', '-detailed']);
    assert.equal(r.code, 0, r.stderr);
    const [a1, a2, a3] = chainA.attestations as [BuiltAttestation, BuiltAttestation, BuiltAttestation];
    assert.match(r.stdout, new RegExp(`staychain base ${chainA.baseTxid}:\\d+`));
    for (const a of [a1, a2, a3]) {
      assert.match(r.stdout, new RegExp(`attestation ${a.txid} verified\\n  bitcoin block: ${a.blockhash} \\(height \\d+\\)\\n  merkle root: ${a.root}`));
    }
    assert.ok(r.stdout.includes(`client block: ${a1.commitments[POS_A]!} (height ${heights.get(a1.commitments[POS_A]!)!})`));
    assert.ok(r.stdout.includes(`client block: ${a3.commitments[POS_A]!} (height ${heights.get(a3.commitments[POS_A]!)!})`));
    assert.match(r.stdout, /position 1: no commitment in this attestation/);
    assert.match(r.stdout, /3 attestations verified\n$/);
  });

  it('a tampered proof fails with the reason (process: exit 1)', async () => {
    const [, , a3] = chainA.attestations as BuiltAttestation[];
    const tampered = records().map((r) =>
      r.attestation.txid !== a3!.txid
        ? r
        : { ...r, proofs: r.proofs.map((p) => (p.clientPosition !== POS_A ? p : { ...p, ops: p.ops.map((op, i) => (i === 1 ? { ...op, commitment: rand() } : op)) })) },
    );
    const { host } = await apiOver(tampered);
    await assert.rejects(
      collect(run(host, chainA, POS_A)),
      (e: unknown) => e instanceof AttestationVerificationError && e.txid === a3!.txid && /the proof of position 1 does not lead from commitment \w{64} to merkle root/.test(e.reason),
    );
    const r = await runTool('confirmationtool', [...toolArgsA(host), '-once']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`verification failed: attestation ${a3!.txid}: the proof of position 1 does not lead`));
    // the two attestations before it were printed as verified
    assert.equal(r.stdout.match(/ verified\n/g)?.length, 2);
  });

  it('a wrong root from the API fails: the output does not pay to the keys tweaked with it', async () => {
    const [a1, a2] = chainA.attestations as BuiltAttestation[];
    const tampered = records().map((r) => (r.attestation.txid !== a2!.txid ? r : { ...r, attestation: { ...r.attestation, merkleRoot: a1!.root } }));
    const { host } = await apiOver(tampered);
    await assert.rejects(
      collect(run(host, chainA, POS_A)),
      (e: unknown) => e instanceof AttestationVerificationError && e.txid === a2!.txid && new RegExp(`the output pays to 2\\w+, but merkle root ${a1!.root} gives 2\\w+`).test(e.reason),
    );
  });

  it("another slot's valid proof served for our position fails the position binding", async () => {
    const [a1] = chainA.attestations as BuiltAttestation[];
    const tampered = records().map((r) => {
      if (r.attestation.txid !== a1!.txid) return r;
      const other = r.proofs.find((p) => p.clientPosition === 0)!;
      return {
        ...r,
        commitments: r.commitments.map((c) => (c.clientPosition === POS_A ? { ...c, commitment: other.commitment } : c)),
        proofs: r.proofs.map((p) => (p.clientPosition === POS_A ? { ...other, clientPosition: POS_A } : p)),
      };
    });
    const { host } = await apiOver(tampered);
    await assert.rejects(
      collect(run(host, chainA, POS_A)),
      (e: unknown) => e instanceof AttestationVerificationError && e.txid === a1!.txid && e.reason === 'the proof is not a proof of position 1: its ops are those of position 0 (1 levels)',
    );
  });

  it('client heights must not go down along the chain; a commitment must be a client block', async () => {
    const [a1, , a3] = chainA.attestations as BuiltAttestation[];
    const lower: ClientChain = {
      bestBlockHash: () => clientChain.bestBlockHash(),
      blockHeight: async (h) => (h === a3!.commitments[POS_A] ? 0 : clientChain.blockHeight(h)),
    };
    await assert.rejects(
      collect({ ...run(apiHost, chainA, POS_A), clientChain: lower }),
      (e: unknown) => e instanceof AttestationVerificationError && e.txid === a3!.txid && /client chain height went down: block \w+ at height 0 is attested after height \d+/.test(e.reason),
    );
    const unknown: ClientChain = { bestBlockHash: () => clientChain.bestBlockHash(), blockHeight: async () => undefined };
    await assert.rejects(
      collect({ ...run(apiHost, chainA, POS_A), clientChain: unknown }),
      (e: unknown) => e instanceof AttestationVerificationError && e.txid === a1!.txid && e.reason === `commitment ${a1!.commitments[POS_A]!} is not a block of the client chain`,
    );
    // the real client chain does not know a random hash
    assert.equal(await clientChain.blockHeight(rand()), undefined);
  });

  it('Profile B (P2WPKH): the chain verifies; the Profile A keys do not match it', async () => {
    const steps = await collect(run(apiHost, chainB, POS_B));
    assert.deepEqual(steps.map((s) => s.kind), ['base', 'attestation', 'attestation']);
    const atts = steps.slice(1) as AttestationOutcome[];
    atts.forEach((a, i) => {
      assert.equal(a.txid, chainB.attestations[i]!.txid);
      assert.match(a.address, /^bcrt1q/);
      assert.equal(a.clientBlockHeight, heights.get(chainB.attestations[i]!.commitments[POS_B]!));
    });
    const wrongProfile = await runTool('confirmationtool', [...toolArgsA(apiHost).map((a) => (a === chainA.baseTxid ? chainB.attestations[0]!.txid : a)), '-once']);
    assert.equal(wrongProfile.code, 1);
    assert.match(wrongProfile.stderr, /verification failed: attestation \w+: the output pays to bcrt1q\w+, but merkle root \w+ gives 2\w+/);
  });

  it('Profile B as a process, polling: a new attestation is verified when it is mined; SIGTERM stops it', { timeout: 120_000 }, async () => {
    const tool = new ToolProcess('confirmationtool', [...toolArgsB(apiHost), '-pollSeconds', '1']);
    try {
      const last = chainB.attestations[chainB.attestations.length - 1]!;
      await tool.waitForOutput(new RegExp(`attestation ${last.txid} verified`));
      const next = await chainB.attest([rand(), rand(), await oceanBlock()]);
      await store.saveAttestation(next.record);
      await tool.waitForOutput(new RegExp(`attestation ${next.txid} verified\\n  bitcoin block: ${next.blockhash}[^\\n]*\\n  merkle root: ${next.root}\\n  client block: ${next.commitments[POS_B]!} \\(height ${heights.get(next.commitments[POS_B]!)!}\\)`));
      assert.equal(await tool.stop('SIGTERM'), 0);
      assert.match(tool.stdout, /3 attestations verified\n$/);
    } finally {
      await tool.stop('SIGKILL');
    }
  });
});
