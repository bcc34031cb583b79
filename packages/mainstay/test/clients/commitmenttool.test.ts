// commitmenttool as a real process against a real API server (memory store), and its -ocean mode
// against a real bin/oceand.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromHex, loadNativeSecp256k1, toHex } from '@ocean-ts/core';
import { OceanNetwork, freePort, waitFor, type HarnessNode } from '@ocean-ts/test-harness';
import type { ClientCommitmentDoc } from '../../src/store/documents.js';
import { MemoryMainstayStore } from '../../src/store/memory-store.js';
import { signatureVectors, startApi, type RunningApi } from '../api/support/api-fixture.js';
import { ToolProcess, runTool } from './support/run-tool.js';

const secp = loadNativeSecp256k1();
const [vecA, vecB] = signatureVectors() as [ReturnType<typeof signatureVectors>[0], ReturnType<typeof signatureVectors>[0]];
const TOKEN = (p: number) => `5d0e2f6c-8f5a-4f0e-9d8e-00000000000${p}`;
const SIGNED = 0;
const UNSIGNED = 1;
const OCEAN_SLOT = 2;
const C1 = 'aa'.repeat(32);
const C2 = '1f'.repeat(31) + 'e2';

const field = (out: string, name: string): string => {
  const m = new RegExp(`^${name}: (.*)$`, 'm').exec(out);
  assert.ok(m, `no "${name}" in:\n${out}`);
  return m[1]!;
};

/** A memory store whose client-commitment writes are recorded in order. */
function recordingStore(): { store: MemoryMainstayStore; sent: ClientCommitmentDoc[] } {
  const store = new MemoryMainstayStore();
  const sent: ClientCommitmentDoc[] = [];
  const upsert = store.upsertClientCommitment.bind(store);
  store.upsertClientCommitment = async (doc) => {
    sent.push(doc);
    return upsert(doc);
  };
  return { store, sent };
}

async function addSlot(store: MemoryMainstayStore, position: number, pubkey: string): Promise<void> {
  await store.upsertClientDetails({ clientPosition: position, authToken: TOKEN(position), pubkey, clientName: `slot ${position}` });
}

describe('commitmenttool (standard mode and -init)', () => {
  let api: RunningApi;
  let store: MemoryMainstayStore;
  let apiHost: string;
  before(async () => {
    ({ store } = recordingStore());
    await addSlot(store, SIGNED, vecA.pubkey_hex);
    await addSlot(store, UNSIGNED, '');
    api = await startApi(store);
    apiHost = `http://${api.host}:${api.port}`;
  });
  after(() => api.close());

  it('-init prints a fresh private key and its compressed public key', async () => {
    const a = await runTool('commitmenttool', ['-init']);
    const b = await runTool('commitmenttool', ['-init']);
    assert.equal(a.code, 0, a.stderr);
    const priv = field(a.stdout, 'privkey');
    assert.match(priv, /^[0-9a-f]{64}$/);
    assert.equal(field(a.stdout, 'pubkey'), toHex(secp.publicKeyCreate(fromHex(priv), true)));
    assert.notEqual(field(b.stdout, 'privkey'), priv);
  });

  it('sign reproduces the published commitment signatures', async () => {
    for (const v of [vecA, vecB]) {
      const r = await runTool('commitmenttool', ['-mode', 'sign', '-commitment', v.commitment_hex, '-privkey', v.privkey_hex]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(field(r.stdout, 'signature'), v.expected_signature_base64);
    }
  });

  it('both (flags): a signed commitment to a slot with a pubkey is accepted and stored', async () => {
    const r = await runTool('commitmenttool', ['-apiHost', apiHost, '-commitment', vecA.commitment_hex, '-privkey', vecA.privkey_hex, '-position', String(SIGNED), '-authtoken', TOKEN(SIGNED), 'both']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(field(r.stdout, 'signature'), vecA.expected_signature_base64);
    assert.equal(field(r.stdout, 'response'), 'Commitment added');
    assert.equal((await store.clientCommitment(SIGNED))?.commitment, vecA.commitment_hex);
  });

  it('send with a signature by another key is rejected with the API message, and nothing is stored', async () => {
    const r = await runTool('commitmenttool', ['-apiHost', apiHost, '-mode', 'send', '-commitment', C1, '-signature', vecB.expected_signature_base64, '-position', String(SIGNED), '-authtoken', TOKEN(SIGNED)]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the API rejected the commitment: your signature is incorrect/);
    assert.equal((await store.clientCommitment(SIGNED))?.commitment, vecA.commitment_hex);

    const unsigned = await runTool('commitmenttool', ['-apiHost', apiHost, '-mode', 'send', '-commitment', C1, '-signature', '', '-position', String(SIGNED), '-authtoken', TOKEN(SIGNED)]);
    assert.equal(unsigned.code, 1);
    assert.match(unsigned.stderr, /missing X-MAINSTAY-SIGNATURE/);
    const wrongToken = await runTool('commitmenttool', ['-apiHost', apiHost, '-mode', 'send', '-commitment', C1, '-signature', '', '-position', String(UNSIGNED), '-authtoken', TOKEN(9)]);
    assert.equal(wrongToken.code, 1);
    assert.match(wrongToken.stderr, /your token is wrong/);
  });

  it('asks like the Go tool for whatever the flags do not give (both, then send unsigned)', async () => {
    const r = await runTool('commitmenttool', ['-apiHost', apiHost], `${C2}\nboth\n${vecB.privkey_hex}\n${UNSIGNED}\n${TOKEN(UNSIGNED)}\n`);
    assert.equal(r.code, 0, r.stderr);
    for (const prompt of ['Insert commitment: ', 'sign, send or both? ', 'Insert private key: ', 'Insert position: ', 'Insert auth token: ']) {
      assert.ok(r.stdout.includes(prompt), `prompt "${prompt}" missing in ${r.stdout}`);
    }
    assert.match(r.stdout, /response: Commitment added/);
    assert.equal((await store.clientCommitment(UNSIGNED))?.commitment, C2);

    const send = await runTool('commitmenttool', ['-apiHost', apiHost, '-position', String(UNSIGNED)], `${C1}\nsend\n\n${TOKEN(UNSIGNED)}\n`);
    assert.equal(send.code, 0, send.stderr);
    assert.ok(send.stdout.includes('Insert signature (empty for none): '));
    assert.ok(!send.stdout.includes('Insert position: '), 'the -position flag was asked for again');
    assert.equal((await store.clientCommitment(UNSIGNED))?.commitment, C1);
  });

  it('fails clearly: unreachable API, bad commitment, bad mode, end of input', async () => {
    const closed = await freePort();
    const r = await runTool('commitmenttool', ['-apiHost', `http://127.0.0.1:${closed}`, '-mode', 'send', '-commitment', C1, '-signature', '', '-position', '1', '-authtoken', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /commitmenttool: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/commitment\/send: .*ECONNREFUSED/);
    const bad = await runTool('commitmenttool', ['-mode', 'sign', '-commitment', 'abc', '-privkey', vecA.privkey_hex]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /invalid commitment "abc"/);
    const mode = await runTool('commitmenttool', ['-mode', 'sing', '-commitment', C1]);
    assert.equal(mode.code, 1);
    assert.match(mode.stderr, /invalid mode "sing"/);
    const eof = await runTool('commitmenttool', ['-mode', 'sign', '-commitment', C1], '');
    assert.equal(eof.code, 1);
    assert.match(eof.stderr, /no privkey given/);
    const flag = await runTool('commitmenttool', ['-ocean', '-position', '1']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /-ocean needs -authtoken/);
  });
});

describe('commitmenttool -ocean against a real oceand', () => {
  it('commits the best block hash every round, signed, survives API errors, stops on SIGTERM', { timeout: 120_000 }, async (t) => {
    const net = await OceanNetwork.start(t, { nodes: 1, topology: 'none', prefix: 'mainstay-ocean-' });
    const node = net.nodes[0] as HarnessNode;
    await node.call('generate', [1]);
    const { store, sent } = recordingStore();
    const api = await startApi(store);
    t.after(() => api.close());
    const dir = mkdtempSync(join(tmpdir(), 'commitmenttool-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const conf = join(dir, 'conf.json');
    writeFileSync(conf, JSON.stringify({ clientchain: { rpcurl: `127.0.0.1:${node.rpcPort}`, rpcuser: 'harness', rpcpass: 'harness', chain: 'regtest' } }));

    const tool = new ToolProcess('commitmenttool', [
      '-ocean',
      '-conf',
      conf,
      '-apiHost',
      `http://${api.host}:${api.port}`,
      '-position',
      String(OCEAN_SLOT),
      '-authtoken',
      TOKEN(OCEAN_SLOT),
      '-privkey',
      vecB.privkey_hex,
      '-delaySeconds',
      '1',
    ]);
    t.after(() => tool.stop('SIGKILL'));
    // The slot does not exist yet: the API refuses, the tool logs it and carries on.
    await tool.waitForOutput(/commitment round failed.*your position is unknown to us/);
    assert.equal(sent.length, 0);
    // Now the slot exists, with the key the tool signs with: the signed commitments are accepted.
    await addSlot(store, OCEAN_SLOT, vecB.pubkey_hex);
    const h1 = await node.call<string>('getbestblockhash');
    await waitFor(() => sent.some((d) => d.commitment === h1), { timeoutMs: 20_000, what: 'the first commitment' });
    const [h2] = await node.call<string[]>('generate', [1]);
    assert.equal(await node.call<string>('getbestblockhash'), h2);
    await waitFor(() => sent.some((d) => d.commitment === h2), { timeoutMs: 20_000, what: 'the second commitment' });
    assert.equal(await tool.stop('SIGTERM'), 0);
    assert.match(tool.stdout, /recurrent commitments stopped/);

    const distinct = sent.map((d) => d.commitment).filter((c, i, all) => i === 0 || all[i - 1] !== c);
    assert.deepEqual(distinct, [h1, h2]);
    assert.ok(sent.every((d) => d.clientPosition === OCEAN_SLOT));
    assert.equal((await store.clientCommitment(OCEAN_SLOT))?.commitment, h2);
  });
});
