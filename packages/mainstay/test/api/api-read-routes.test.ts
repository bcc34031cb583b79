import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { formatApiDate } from '../../src/api/api-date.js';
import { ApiMessages as M } from '../../src/api/api-messages.js';
import type { AttestationRecord } from '../../src/store/documents.js';
import { MemoryMainstayStore } from '../../src/store/memory-store.js';
import {
  dbSamples,
  errorMessage,
  FIXED_NOW,
  get,
  loadFixtureStore,
  okPayload,
  Slots,
  startApi,
  type DbSample,
  type RunningApi,
} from './support/api-fixture.js';

const samples: DbSample[] = dbSamples();
const latest = samples.reduce((a, b) => (b.attestation.inserted_at_ms > a.attestation.inserted_at_ms ? b : a));
const hex = (c: string, n = 64): string => c.repeat(n);

function attestationJson(s: DbSample): Record<string, unknown> {
  return {
    merkle_root: s.merkle_root,
    txid: s.attestation.txid,
    confirmed: s.attestation.confirmed,
    inserted_at: formatApiDate(s.attestation.inserted_at_ms),
  };
}

describe('REST API /api/v1 read routes over the merkle_db_samples fixture', () => {
  let api: RunningApi;
  before(async () => {
    api = await startApi(await loadFixtureStore());
  });
  after(() => api.close());

  it('GET / (with and without trailing slash) and the envelope fields', async () => {
    for (const path of ['', '/']) {
      const r = await get(api, path);
      assert.equal(okPayload(r), 'Mainstay-API-v1');
      const body = r.json();
      assert.equal(body['timestamp'], FIXED_NOW);
      const cost = (body['allowance'] as { cost: unknown }).cost;
      assert.ok(Number.isInteger(cost) && (cost as number) >= 0, `cost ${String(cost)}`);
      assert.match(String(r.headers['content-type']), /^application\/json/);
    }
  });

  it('GET /latestattestation', async () => {
    assert.deepEqual(okPayload(await get(api, '/latestattestation')), { merkle_root: latest.merkle_root, txid: latest.attestation.txid });
    assert.equal(JSON.stringify(okPayload(await get(api, '/latestattestation'))).indexOf('"merkle_root"'), 1);
  });

  it('GET /latestcommitment: every tree position, then the errors in order', async () => {
    for (const [pos, c] of latest.commitments_by_position.entries()) {
      const p = okPayload(await get(api, `/latestcommitment?position=${pos}`));
      assert.equal(JSON.stringify(p), JSON.stringify({ commitment: c, merkle_root: latest.merkle_root, txid: latest.attestation.txid }));
    }
    assert.equal(errorMessage(await get(api, '/latestcommitment')), M.missingPosition);
    for (const bad of ['abc', '12abc', '-1', '1.5', '', '99999999999']) {
      assert.equal(errorMessage(await get(api, `/latestcommitment?position=${encodeURIComponent(bad)}`)), M.positionNotInt, bad);
    }
    assert.equal(errorMessage(await get(api, '/latestcommitment?position=1&position=2')), M.positionNotInt);
    assert.equal(errorMessage(await get(api, `/latestcommitment?position=${Slots.detailsOnly}`)), M.positionUnknown);
    assert.equal(errorMessage(await get(api, '/latestcommitment?position=999')), M.positionUnknown);
    assert.equal(errorMessage(await get(api, `/latestcommitment?position=${Slots.awaiting}`)), M.slotAwaiting);
  });

  it('GET /commitment for every (root, position) of the 10 trees', async () => {
    for (const s of samples) {
      for (const [pos, c] of s.commitments_by_position.entries()) {
        const p = okPayload(await get(api, `/commitment?position=${pos}&merkle_root=${s.merkle_root}`));
        assert.equal(JSON.stringify(p), JSON.stringify({ commitment: c, merkle_root: s.merkle_root }));
      }
    }
    const root = samples[0]!.merkle_root;
    // upper-case hex is accepted and normalised (ADR 0046)
    assert.deepEqual(okPayload(await get(api, `/commitment?position=0&merkle_root=${root.toUpperCase()}`)), {
      commitment: samples[0]!.commitments_by_position[0],
      merkle_root: root,
    });
    assert.equal(errorMessage(await get(api, `/commitment?merkle_root=${root}`)), M.missingPosition);
    assert.equal(errorMessage(await get(api, '/commitment?position=x')), M.positionNotInt);
    assert.equal(errorMessage(await get(api, '/commitment?position=0')), M.missingMerkleRoot);
    assert.equal(errorMessage(await get(api, `/commitment?position=0&merkle_root=${root.slice(1)}`)), M.commitmentLength);
    assert.equal(errorMessage(await get(api, `/commitment?position=0&merkle_root=${root}0`)), M.commitmentLength);
    assert.equal(errorMessage(await get(api, `/commitment?position=0&merkle_root=${hex('g')}`)), M.commitmentLength);
    assert.equal(errorMessage(await get(api, `/commitment?position=0&merkle_root=${hex('a')}`)), M.commitmentOrPositionUnknown);
    assert.equal(errorMessage(await get(api, `/commitment?position=16&merkle_root=${samples[0]!.merkle_root}`)), M.commitmentOrPositionUnknown);
  });

  it('GET /commitment/latestproof', async () => {
    for (const [pos, proof] of Object.entries(latest.proofs_by_position)) {
      const p = okPayload(await get(api, `/commitment/latestproof?position=${pos}`));
      assert.equal(
        JSON.stringify(p),
        JSON.stringify({ txid: latest.attestation.txid, commitment: proof.commitment, merkle_root: latest.merkle_root, ops: proof.ops }),
      );
    }
    assert.equal(errorMessage(await get(api, '/commitment/latestproof')), M.missingPosition);
    assert.equal(errorMessage(await get(api, `/commitment/latestproof?position=${Slots.detailsOnly}`)), M.positionUnknown);
    assert.equal(errorMessage(await get(api, `/commitment/latestproof?position=${Slots.awaiting}`)), M.slotAwaiting);
  });

  it('GET /commitment/verify takes the last tree holding the (position, commitment)', async () => {
    let checked = 0;
    for (const [pos, c] of latest.commitments_by_position.entries()) {
      const holding = samples.filter((s) => s.commitments_by_position[pos] === c);
      const last = holding[holding.length - 1]!;
      const p = okPayload(await get(api, `/commitment/verify?position=${pos}&commitment=${c}`));
      assert.equal(JSON.stringify(p), JSON.stringify({ confirmed: true, date: formatApiDate(last.attestation.inserted_at_ms) }));
      checked++;
    }
    assert.equal(checked, 16);
    const c0 = samples[0]!.commitments_by_position[0]!;
    assert.equal(errorMessage(await get(api, `/commitment/verify?commitment=${c0}`)), M.missingPosition);
    assert.equal(errorMessage(await get(api, '/commitment/verify?position=0')), M.missingCommitment);
    assert.equal(errorMessage(await get(api, '/commitment/verify?position=0&commitment=abc')), M.commitmentLength);
    assert.equal(errorMessage(await get(api, `/commitment/verify?position=1&commitment=${c0}`)), M.commitmentOrPositionUnknown);
  });

  it('GET /commitment/proof: all 134 stored proofs', async () => {
    let n = 0;
    for (const s of samples) {
      for (const [pos, proof] of Object.entries(s.proofs_by_position)) {
        const p = okPayload(await get(api, `/commitment/proof?position=${pos}&merkle_root=${s.merkle_root}`));
        assert.equal(JSON.stringify(p), JSON.stringify({ merkle_root: s.merkle_root, commitment: proof.commitment, ops: proof.ops }));
        n++;
      }
    }
    assert.equal(n, 134);
    const root = samples[0]!.merkle_root;
    assert.equal(errorMessage(await get(api, '/commitment/proof?position=0')), M.missingMerkleRoot);
    assert.equal(errorMessage(await get(api, `/commitment/proof?position=${Slots.detailsOnly}&merkle_root=${root}`)), M.positionUnknown);
    assert.equal(errorMessage(await get(api, `/commitment/proof?position=${Slots.awaiting}&merkle_root=${root}`)), M.slotAwaiting);
    assert.equal(errorMessage(await get(api, `/commitment/proof?position=15&merkle_root=${root}`)), M.slotAwaiting);
  });

  it('GET /attestation/proof', async () => {
    for (const s of samples) {
      const proof = s.proofs_by_position['3']!;
      const p = okPayload(await get(api, `/attestation/proof?position=3&txid=${s.attestation.txid}`));
      assert.equal(
        JSON.stringify(p),
        JSON.stringify({ txid: s.attestation.txid, merkle_root: s.merkle_root, commitment: proof.commitment, ops: proof.ops }),
      );
    }
    const txid = samples[0]!.attestation.txid;
    assert.equal(errorMessage(await get(api, `/attestation/proof?txid=${txid}`)), M.missingPosition);
    assert.equal(errorMessage(await get(api, '/attestation/proof?position=3')), M.missingTxid);
    assert.equal(errorMessage(await get(api, '/attestation/proof?position=3&txid=00')), M.txidLength);
    assert.equal(errorMessage(await get(api, `/attestation/proof?position=3&txid=${hex('b')}`)), M.attestationNotFoundForTxid);
    assert.equal(errorMessage(await get(api, `/attestation/proof?position=${Slots.detailsOnly}&txid=${txid}`)), M.positionUnknown);
    assert.equal(errorMessage(await get(api, `/attestation/proof?position=${Slots.awaiting}&txid=${txid}`)), M.slotAwaiting);
  });

  it('GET /commitment/commitment returns the earliest proof', async () => {
    for (const s of [samples[0]!, latest]) {
      for (const [pos, c] of s.commitments_by_position.entries()) {
        const first = samples.find((x) => Object.values(x.proofs_by_position).some((p) => p.commitment === c))!;
        const [firstPos, firstProof] = Object.entries(first.proofs_by_position).find(([, p]) => p.commitment === c)!;
        const p = okPayload(await get(api, `/commitment/commitment?commitment=${c}`));
        assert.equal(
          JSON.stringify(p),
          JSON.stringify({
            attestation: attestationJson(first),
            merkleproof: { position: Number(firstPos), merkle_root: first.merkle_root, commitment: c, ops: firstProof.ops },
          }),
          `position ${pos}`,
        );
      }
    }
    assert.equal(errorMessage(await get(api, '/commitment/commitment')), M.missingCommitment);
    assert.equal(errorMessage(await get(api, `/commitment/commitment?commitment=${hex('a', 65)}`)), M.commitmentLength);
    assert.equal(errorMessage(await get(api, `/commitment/commitment?commitment=${hex('a')}`)), M.notFound);
  });

  it('GET /merkleroot', async () => {
    for (const s of samples) {
      const p = okPayload(await get(api, `/merkleroot?merkle_root=${s.merkle_root}`));
      assert.equal(
        JSON.stringify(p),
        JSON.stringify({
          attestation: attestationJson(s),
          merkle_commitment: s.commitments_by_position.map((commitment, position) => ({ position, commitment })),
        }),
      );
    }
    assert.equal(errorMessage(await get(api, '/merkleroot')), M.missingMerkleRoot);
    assert.equal(errorMessage(await get(api, '/merkleroot?merkle_root=12')), M.commitmentLength);
    assert.equal(errorMessage(await get(api, `/merkleroot?merkle_root=${hex('c')}`)), M.commitmentsNotFoundForRoot);
  });

  it('GET /position: unwrapped, newest first, with every item shape', async () => {
    for (const pos of [0, 10, 15]) {
      const r = await get(api, `/position?position=${pos}`);
      assert.equal(r.status, 200);
      const holding = samples.filter((s) => s.proofs_by_position[String(pos)] !== undefined).reverse();
      const body = r.json();
      assert.equal(
        JSON.stringify(body),
        JSON.stringify({
          position: pos,
          data: holding.slice(0, 10).map((s) => ({
            commitment: s.proofs_by_position[String(pos)]!.commitment,
            merkle_root: s.merkle_root,
            txid: s.attestation.txid,
            confirmed: true,
            ops: s.proofs_by_position[String(pos)]!.ops,
            date: formatApiDate(s.attestation.inserted_at_ms),
          })),
          total: holding.length,
          pages: holding.length / 10,
          limit: 10,
          client_name: `client ${pos}`,
        }),
      );
    }
    assert.equal(errorMessage(await get(api, '/position')), M.missingPosition);
    assert.equal(errorMessage(await get(api, '/position?position=1x')), M.positionNotInt);
    assert.equal(errorMessage(await get(api, '/position?position=0&page=0')), M.pageNotInt);
    assert.equal(errorMessage(await get(api, '/position?position=0&page=a')), M.pageNotInt);
    assert.equal(errorMessage(await get(api, `/position?position=${Slots.detailsOnly}`)), M.noDataForPosition);
    assert.equal(errorMessage(await get(api, `/position?position=${Slots.awaiting}`)), M.slotAwaiting);
  });

  it('GET /attestation', async () => {
    for (const s of samples) {
      const p = okPayload(await get(api, `/attestation?txid=${s.attestation.txid}`));
      const i = s.attestation_info;
      assert.equal(
        JSON.stringify(p),
        JSON.stringify({ attestation: attestationJson(s), attestationInfo: { txid: i.txid, amount: i.amount / 1e8, blockhash: i.blockhash, time: i.time } }),
      );
    }
    const first = okPayload(await get(api, `/attestation?txid=${samples[0]!.attestation.txid}`)) as { attestationInfo: { amount: number } };
    assert.equal(JSON.stringify(first.attestationInfo.amount), '0.00998838');
    assert.equal(errorMessage(await get(api, '/attestation')), M.missingTxid);
    assert.equal(errorMessage(await get(api, `/attestation?txid=${hex('z')}`)), M.txidLength);
    assert.equal(errorMessage(await get(api, `/attestation?txid=${hex('d')}`)), M.noAttestation);
  });

  it('GET /blockhash', async () => {
    for (const s of samples) {
      const i = s.attestation_info;
      const p = okPayload(await get(api, `/blockhash?hash=${i.blockhash}`));
      assert.equal(
        JSON.stringify(p),
        JSON.stringify({ blockhash: { txid: i.txid, amount: i.amount / 1e8, blockhash: i.blockhash, time: formatApiDate(i.time * 1000) } }),
      );
    }
    assert.equal(errorMessage(await get(api, '/blockhash')), M.missingHash);
    assert.equal(errorMessage(await get(api, '/blockhash?hash=abc')), M.txidLength);
    assert.equal(errorMessage(await get(api, `/blockhash?hash=${hex('e')}`)), M.noAttestationsForBlockhash);
  });

  it('GET /clients: a bare array with the latest root commitments', async () => {
    const r = await get(api, '/clients');
    assert.equal(r.status, 200);
    const body = JSON.parse(r.text) as unknown[];
    assert.ok(Array.isArray(body));
    const expected: unknown[] = latest.commitments_by_position.map((commitment, position) => ({ position, client_name: `client ${position}`, commitment }));
    for (const pos of [16, 17, 18, 19, 20, 21, 22]) expected.push({ position: pos, client_name: `client ${pos}` });
    assert.equal(JSON.stringify(body), JSON.stringify(expected));
  });
});

/** Stores built for the cases the real fixture cannot show. */
describe('REST API /api/v1 edge cases', () => {
  const root = (n: number): string => n.toString(16).padStart(64, '0');
  const txid = (n: number): string => (n + 0x1000).toString(16).padStart(64, 'f');

  it('an empty database: {} for latestattestation/latestcommitment, internal error for latestproof', async () => {
    const store = new MemoryMainstayStore();
    await store.upsertClientDetails({ clientPosition: 0, authToken: 't', pubkey: '', clientName: 'a' });
    await store.upsertClientCommitment({ clientPosition: 0, commitment: '0'.repeat(64) });
    const api = await startApi(store);
    try {
      assert.deepEqual(okPayload(await get(api, '/latestattestation')), {});
      assert.deepEqual(okPayload(await get(api, '/latestcommitment?position=0')), {});
      assert.equal(errorMessage(await get(api, '/commitment/latestproof?position=0')), M.internalError);
      assert.equal(api.logger.messages('error').length, 1);
      assert.equal(JSON.stringify(JSON.parse((await get(api, '/clients')).text)), '[{"position":0,"client_name":"a"}]');
    } finally {
      await api.close();
    }
  });

  it('roots without an attestation, RBF replacements, missing info, pagination', async () => {
    const store = new MemoryMainstayStore();
    const proof = (r: string, pos: number, c: string): AttestationRecord['proofs'][number] => ({
      merkleRoot: r,
      clientPosition: pos,
      commitment: c,
      ops: [{ append: true, commitment: root(999) }],
    });
    // 23 attested roots holding position 0 (the first unconfirmed twice: two RBF txids, the second confirmed)
    for (let i = 1; i <= 23; i++) {
      const c = root(0x5000 + i);
      await store.saveAttestation({
        attestation: { txid: txid(i), merkleRoot: root(i), confirmed: i !== 1, insertedAt: 1_000_000 * i },
        commitments: [{ merkleRoot: root(i), clientPosition: 0, commitment: c }],
        proofs: [proof(root(i), 0, c)],
      });
    }
    // RBF: root 1 has two unconfirmed docs; root 2 a confirmed doc and a later unconfirmed one
    await store.saveAttestation({
      attestation: { txid: txid(100), merkleRoot: root(1), confirmed: false, insertedAt: 1_500_000 },
      commitments: [],
      proofs: [],
    });
    await store.saveAttestation({
      attestation: { txid: txid(101), merkleRoot: root(2), confirmed: false, insertedAt: 2_500_000 },
      commitments: [],
      proofs: [],
    });
    // a root whose docs exist but whose attestation names another root (no attestation for it)
    const orphan = root(0xabc);
    const orphanC = root(0x7777);
    await store.saveAttestation({
      attestation: { txid: txid(200), merkleRoot: root(0xdef), confirmed: false, insertedAt: 5 },
      commitments: [{ merkleRoot: orphan, clientPosition: 1, commitment: orphanC }],
      proofs: [proof(orphan, 1, orphanC)],
    });
    await store.upsertClientDetails({ clientPosition: 0, authToken: 't', pubkey: '', clientName: 'zero' });
    await store.upsertClientCommitment({ clientPosition: 0, commitment: root(0x5000 + 23) });
    const api = await startApi(store);
    try {
      // pagination: 23 proofs → pages 2.3 (a float, as the original); newest first
      const page = async (n: number): Promise<{ data: { merkle_root: string }[]; total: number; pages: number }> =>
        JSON.parse((await get(api, `/position?position=0&page=${n}`)).text) as { data: { merkle_root: string }[]; total: number; pages: number };
      const p1 = await page(1);
      assert.equal(p1.total, 23);
      assert.equal(p1.pages, 2.3);
      assert.deepEqual(p1.data.map((d) => d.merkle_root), [23, 22, 21, 20, 19, 18, 17, 16, 15, 14].map(root));
      assert.deepEqual((await page(2)).data.map((d) => d.merkle_root), [13, 12, 11, 10, 9, 8, 7, 6, 5, 4].map(root));
      assert.deepEqual((await page(3)).data.map((d) => d.merkle_root), [3, 2, 1].map(root));
      assert.deepEqual((await page(4)).data, []);
      // the attestation shown for a root: the first confirmed doc, else the last doc
      type WithAttestation = { attestation: { txid: string; confirmed: boolean } };
      const r1 = okPayload(await get(api, `/merkleroot?merkle_root=${root(1)}`)) as WithAttestation;
      assert.deepEqual([r1.attestation.txid, r1.attestation.confirmed], [txid(100), false]);
      const r2 = okPayload(await get(api, `/merkleroot?merkle_root=${root(2)}`)) as WithAttestation;
      assert.deepEqual([r2.attestation.txid, r2.attestation.confirmed], [txid(2), true]);
      const c2 = okPayload(await get(api, `/commitment/commitment?commitment=${root(0x5002)}`)) as WithAttestation;
      assert.equal(c2.attestation.txid, txid(2));
      // no AttestationInfo → '' fields
      assert.deepEqual((okPayload(await get(api, `/attestation?txid=${txid(5)}`)) as Record<string, unknown>)['attestationInfo'], {
        txid: '',
        amount: '',
        blockhash: '',
        time: '',
      });
      // the orphan root: verify → merkle root unknown; commitment/commitment → Pending; merkleroot → no attestation
      assert.equal(errorMessage(await get(api, `/commitment/verify?position=1&commitment=${orphanC}`)), M.merkleRootUnknown);
      assert.equal(errorMessage(await get(api, `/commitment/commitment?commitment=${orphanC}`)), M.pending);
      assert.equal(errorMessage(await get(api, `/merkleroot?merkle_root=${orphan}`)), M.noAttestationForRoot);
      // position 1 has proofs but no client details; the item of an unattested root is {commitment, date: ''}
      assert.equal(errorMessage(await get(api, '/position?position=1')), M.noClientDetailsForPosition);
      await store.upsertClientDetails({ clientPosition: 1, authToken: 't', pubkey: '', clientName: 'one' });
      const pos1 = JSON.parse((await get(api, '/position?position=1')).text) as Record<string, unknown>;
      assert.equal(JSON.stringify(pos1), JSON.stringify({ position: 1, data: [{ commitment: orphanC, date: '' }], total: 1, pages: 0.1, limit: 10, client_name: 'one' }));
    } finally {
      await api.close();
    }
  });

  it('/clients answers a failure as {error, timestamp} without allowance, and logs it', async () => {
    const store = new MemoryMainstayStore();
    store.allClientDetails = () => Promise.reject(new Error('database down'));
    const api = await startApi(store);
    try {
      const r = await get(api, '/clients');
      assert.equal(r.status, 200);
      assert.equal(r.text, JSON.stringify({ error: M.internalError, timestamp: FIXED_NOW }));
      assert.match(JSON.stringify(api.logger.records), /database down/);
    } finally {
      await api.close();
    }
  });
});
