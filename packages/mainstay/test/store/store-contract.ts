import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { AttestationRecord, ClientDetailsDoc, MerkleProofDoc } from '../../src/store/documents.js';
import type { MainstayStore } from '../../src/store/mainstay-store.js';
import { dbSampleRecords, hx, record } from './sample-data.js';

/** One test's backing data: a fresh, empty database (or memory) that stores can be opened on. */
export interface StoreFixture {
  /** Open a store on this fixture's data. */
  open(): Promise<MainstayStore>;
  /**
   * True when a store opened after `close()` sees the same data, and two stores open at once share
   * it (SQLite file, PostgreSQL database). The memory store is not persistent.
   */
  readonly persistent: boolean;
  dispose(): Promise<void>;
}

const ZERO = '0'.repeat(64);

/**
 * The behaviour every `MainstayStore` must have (the port's doc comment and spec §5.1).
 * Each test gets a fresh fixture from `makeFixture` and disposes of it, also on failure.
 */
export function runStoreContract(name: string, makeFixture: () => Promise<StoreFixture>): void {
  async function setup(t: TestContext): Promise<{ store: MainstayStore; fx: StoreFixture; opened: MainstayStore[] }> {
    const fx = await makeFixture();
    const opened: MainstayStore[] = [];
    t.after(async () => {
      for (const s of opened) await s.close().catch(() => undefined);
      await fx.dispose();
    });
    const store = await fx.open();
    opened.push(store);
    return { store, fx, opened };
  }

  async function reopen(fx: StoreFixture, opened: MainstayStore[]): Promise<MainstayStore> {
    const s = await fx.open();
    opened.push(s);
    return s;
  }

  describe(`${name}: MainstayStore contract`, () => {
    test('an empty store returns nothing', async (t) => {
      const { store } = await setup(t);
      assert.deepEqual(await store.clientCommitments(), []);
      assert.equal(await store.latestAttestation(true), undefined);
      assert.equal(await store.latestAttestation(false), undefined);
      assert.deepEqual(await store.unconfirmedAttestations(), []);
      assert.deepEqual(await store.merkleCommitments(hx('r')), []);
      assert.deepEqual(await store.attestationsByTxid(hx('t')), []);
      assert.deepEqual(await store.attestationsByRoot(hx('r')), []);
      assert.equal(await store.attestationInfo(hx('t')), undefined);
      assert.deepEqual(await store.attestationInfoByBlockhash(hx('b')), []);
      assert.equal(await store.merkleCommitment(hx('r'), 0), undefined);
      assert.deepEqual(await store.merkleCommitmentsFor(0, hx('c')), []);
      assert.equal(await store.merkleProof(hx('r'), 0), undefined);
      assert.equal(await store.earliestProofWithCommitment(hx('c')), undefined);
      assert.deepEqual(await store.proofsForPosition(0, 0, 10), { items: [], total: 0 });
      assert.equal(await store.clientDetails(0), undefined);
      assert.deepEqual(await store.allClientDetails(), []);
      assert.equal(await store.clientCommitment(0), undefined);
    });

    test('saveAttestation stores the attestation, its commitments, proofs and info', async (t) => {
      const { store } = await setup(t);
      const root = hx('root1');
      const txid = hx('tx1');
      const rec = record(txid, root, { confirmed: true, insertedAt: 1_544_646_641_309, n: 5, info: true });
      // Write commitments and proofs out of position order: reads sort by position.
      await store.saveAttestation({ ...rec, commitments: [...rec.commitments].reverse(), proofs: [...rec.proofs].reverse() });

      assert.deepEqual(await store.attestationsByTxid(txid), [rec.attestation]);
      assert.deepEqual(await store.attestationsByRoot(root), [rec.attestation]);
      assert.deepEqual(await store.latestAttestation(true), rec.attestation);
      assert.equal(await store.latestAttestation(false), undefined);
      assert.deepEqual(await store.merkleCommitments(root), rec.commitments);
      for (const c of rec.commitments) {
        assert.deepEqual(await store.merkleCommitment(root, c.clientPosition), c);
        assert.deepEqual(await store.merkleCommitmentsFor(c.clientPosition, c.commitment), [c]);
      }
      for (const p of rec.proofs) assert.deepEqual(await store.merkleProof(root, p.clientPosition), p);
      assert.deepEqual(await store.attestationInfo(txid), rec.info);
      assert.deepEqual(await store.attestationInfoByBlockhash(rec.info!.blockhash), [rec.info]);
      assert.equal(await store.merkleCommitment(root, 5), undefined);
      assert.equal(await store.merkleCommitment(hx('other'), 0), undefined);
      // Exact, case-sensitive matching (spec §5.2).
      assert.deepEqual(await store.attestationsByTxid(txid.toUpperCase()), []);
    });

    test('repeated (root, position) keys inside one record: the last values win, the first place stays', async (t) => {
      const { store } = await setup(t);
      const root = hx('dup-root');
      const rec = record(hx('dup-tx'), root, { n: 3 });
      const c1 = { ...rec.commitments[1]!, commitment: hx('c1-second') };
      const p1 = proofFor(root, 1, hx('c1-second'));
      // Position 1 appears twice (second copy last); position 0 is repeated at the very end.
      const c0 = { ...rec.commitments[0]!, commitment: hx('c0-second') };
      const p0 = proofFor(root, 0, hx('c0-second'));
      await store.saveAttestation({
        ...rec,
        commitments: [...rec.commitments, c1, c0],
        proofs: [...rec.proofs, p1, p0],
      });
      assert.deepEqual(await store.merkleCommitments(root), [c0, c1, rec.commitments[2]]);
      assert.deepEqual(await store.merkleProof(root, 1), p1);
      assert.deepEqual(await store.merkleProof(root, 0), p0);
      // Insertion order = first occurrence: position 0's proof stays the earliest with its commitment key.
      assert.deepEqual(await store.merkleCommitmentsFor(0, hx('c0-second')), [c0]);
      assert.deepEqual(await store.merkleCommitmentsFor(1, rec.commitments[1]!.commitment), []);
      const page = await store.proofsForPosition(0, 0, 10);
      assert.deepEqual(page, { items: [p0], total: 1 });
    });

    test('the 10 stored trees of merkle_db_samples.json round-trip exactly', async (t) => {
      const { store } = await setup(t);
      const samples = dbSampleRecords();
      assert.equal(samples.length, 10);
      for (const r of samples) await store.saveAttestation(r);
      for (const r of samples) {
        const root = r.attestation.merkleRoot;
        assert.deepEqual(await store.merkleCommitments(root), r.commitments);
        for (const p of r.proofs) assert.deepEqual(await store.merkleProof(root, p.clientPosition), p);
        assert.deepEqual(await store.attestationInfo(r.attestation.txid), r.info);
        assert.deepEqual(await store.attestationsByRoot(root), [r.attestation]);
      }
      const newest = samples.reduce((a, b) => (b.attestation.insertedAt > a.attestation.insertedAt ? b : a));
      assert.deepEqual(await store.latestAttestation(true), newest.attestation);
      // Amounts are integers (the last sample holds 1,988,219 sats).
      assert.equal((await store.attestationInfo(samples[9]!.attestation.txid))!.amount, 1_988_219);
      const page = await store.proofsForPosition(0, 0, 3);
      assert.equal(page.total, 10);
      assert.deepEqual(page.items.map((p) => p.merkleRoot), samples.slice(7).reverse().map((s) => s.attestation.merkleRoot));
    });

    test('upserts update in place and keep the original insertion position', async (t) => {
      const { store } = await setup(t);
      const [r1, r2, r3] = [hx('r1'), hx('r2'), hx('r3')];
      await store.saveAttestation(record(hx('t1'), r1, { insertedAt: 10 }));
      await store.saveAttestation(record(hx('t2'), r2, { insertedAt: 20 }));
      await store.saveAttestation(record(hx('t3'), r3, { insertedAt: 30 }));
      assert.deepEqual((await store.unconfirmedAttestations()).map((a) => a.txid), [hx('t1'), hx('t2'), hx('t3')]);

      // Re-save t1 unchanged but with a later time: still one doc, still first in insertion order.
      await store.saveAttestation(record(hx('t1'), r1, { insertedAt: 40 }));
      const unconf = await store.unconfirmedAttestations();
      assert.deepEqual(unconf.map((a) => a.txid), [hx('t1'), hx('t2'), hx('t3')]);
      assert.equal(unconf[0]!.insertedAt, 40);
      assert.equal((await store.attestationsByTxid(hx('t1'))).length, 1);
      assert.deepEqual(await store.latestAttestation(false), { txid: hx('t1'), merkleRoot: r1, confirmed: false, insertedAt: 40 });

      // Confirm t2: the same doc flips to confirmed; the info is upserted by txid.
      await store.saveAttestation(record(hx('t2'), r2, { confirmed: true, insertedAt: 25, info: true }));
      assert.deepEqual((await store.unconfirmedAttestations()).map((a) => a.txid), [hx('t1'), hx('t3')]);
      assert.deepEqual(await store.attestationsByRoot(r2), [{ txid: hx('t2'), merkleRoot: r2, confirmed: true, insertedAt: 25 }]);
      const info = { txid: hx('t2'), blockhash: hx('b-new'), amount: 5, time: 7 };
      await store.saveAttestation({ ...record(hx('t2'), r2, { confirmed: true, insertedAt: 25 }), info });
      assert.deepEqual(await store.attestationInfo(hx('t2')), info);
      assert.deepEqual(await store.attestationInfoByBlockhash(hx(`${hx('t2')}/block`)), []);

      // A commitment/proof upsert replaces the value and keeps its place in insertion order.
      const shared = hx('shared-commitment');
      await store.saveAttestation({ ...record(hx('t4'), hx('r4'), { n: 0 }), commitments: [{ merkleRoot: hx('r4'), clientPosition: 7, commitment: shared }], proofs: [proofFor(hx('r4'), 7, shared)] });
      await store.saveAttestation({ ...record(hx('t5'), hx('r5'), { n: 0 }), commitments: [{ merkleRoot: hx('r5'), clientPosition: 7, commitment: shared }], proofs: [proofFor(hx('r5'), 7, shared)] });
      await store.saveAttestation({ ...record(hx('t4'), hx('r4'), { n: 0 }), commitments: [{ merkleRoot: hx('r4'), clientPosition: 7, commitment: shared }], proofs: [proofFor(hx('r4'), 7, shared, hx('new-op'))] });
      assert.deepEqual((await store.merkleCommitmentsFor(7, shared)).map((c) => c.merkleRoot), [hx('r4'), hx('r5')]);
      assert.equal((await store.earliestProofWithCommitment(shared))!.merkleRoot, hx('r4'));
      assert.deepEqual((await store.merkleProof(hx('r4'), 7))!.ops, [{ append: false, commitment: hx('new-op') }]);
      assert.deepEqual((await store.proofsForPosition(7, 0, 10)).items.map((p) => p.merkleRoot), [hx('r5'), hx('r4')]);
    });

    test('several attestation docs per root (RBF): the confirmed one is found, order is insertion order', async (t) => {
      const { store } = await setup(t);
      const root = hx('rbf-root');
      const [a, b, c] = [hx('rbf-a'), hx('rbf-b'), hx('rbf-c')];
      await store.saveAttestation(record(a, root, { insertedAt: 100 }));
      await store.saveAttestation(record(b, root, { insertedAt: 200 }));
      await store.saveAttestation(record(c, root, { insertedAt: 300 }));
      assert.deepEqual((await store.attestationsByRoot(root)).map((d) => d.txid), [a, b, c]);
      assert.equal((await store.latestAttestation(false))!.txid, c);
      // b confirms (wallet time 150 < c's save time).
      await store.saveAttestation(record(b, root, { confirmed: true, insertedAt: 150, info: true }));
      const byRoot = await store.attestationsByRoot(root);
      assert.deepEqual(byRoot.map((d) => [d.txid, d.confirmed]), [[a, false], [b, true], [c, false]]);
      assert.deepEqual(await store.latestAttestation(true), { txid: b, merkleRoot: root, confirmed: true, insertedAt: 150 });
      assert.deepEqual((await store.unconfirmedAttestations()).map((d) => d.txid), [a, c]);
      // Commitments and proofs are per root, not per txid: still one set.
      assert.equal((await store.merkleCommitments(root)).length, 3);
      assert.equal((await store.proofsForPosition(0, 0, 10)).total, 1);
      assert.equal(await store.attestationInfo(a), undefined);
      assert.equal((await store.attestationInfo(b))!.txid, b);
    });

    test('"latest" = greatest insertedAt, ties go to the later write', async (t) => {
      const { store } = await setup(t);
      await store.saveAttestation(record(hx('L3'), hx('R3'), { confirmed: true, insertedAt: 3_000 }));
      await store.saveAttestation(record(hx('L1'), hx('R1'), { confirmed: true, insertedAt: 5_000 }));
      await store.saveAttestation(record(hx('L2'), hx('R2'), { confirmed: true, insertedAt: 4_000 }));
      assert.equal((await store.latestAttestation(true))!.txid, hx('L1'));
      // A tie on insertedAt: the later write wins.
      await store.saveAttestation(record(hx('L4'), hx('R4'), { confirmed: true, insertedAt: 5_000 }));
      assert.equal((await store.latestAttestation(true))!.txid, hx('L4'));
      // Re-writing L1 (same insertedAt) makes it the later write again, without moving its insertion position.
      await store.saveAttestation(record(hx('L1'), hx('R1'), { confirmed: true, insertedAt: 5_000 }));
      assert.equal((await store.latestAttestation(true))!.txid, hx('L1'));
      // Unconfirmed docs do not count for latest(true), and the other way round.
      await store.saveAttestation(record(hx('U1'), hx('RU'), { confirmed: false, insertedAt: 9_000 }));
      await store.saveAttestation(record(hx('U2'), hx('RU'), { confirmed: false, insertedAt: 8_000 }));
      assert.equal((await store.latestAttestation(true))!.txid, hx('L1'));
      assert.equal((await store.latestAttestation(false))!.txid, hx('U1'));
      // A later write with an earlier time does not win.
      await store.saveAttestation(record(hx('L5'), hx('R5'), { confirmed: true, insertedAt: 4_999 }));
      assert.equal((await store.latestAttestation(true))!.txid, hx('L1'));
    });

    test('proofsForPosition pages newest first with the total count', async (t) => {
      const { store } = await setup(t);
      const roots = Array.from({ length: 25 }, (_, i) => hx(`page-root-${i}`));
      for (const [i, root] of roots.entries()) {
        await store.saveAttestation(record(hx(`page-tx-${i}`), root, { n: i % 2 === 0 ? 4 : 2, insertedAt: 1_000 + i }));
      }
      const newestFirst = [...roots].reverse();
      const p1 = await store.proofsForPosition(1, 0, 10);
      assert.equal(p1.total, 25);
      assert.deepEqual(p1.items.map((p) => p.merkleRoot), newestFirst.slice(0, 10));
      assert.deepEqual((await store.proofsForPosition(1, 10, 10)).items.map((p) => p.merkleRoot), newestFirst.slice(10, 20));
      const p3 = await store.proofsForPosition(1, 20, 10);
      assert.deepEqual(p3.items.map((p) => p.merkleRoot), newestFirst.slice(20));
      assert.equal(p3.total, 25);
      assert.deepEqual(await store.proofsForPosition(1, 30, 10), { items: [], total: 25 });
      assert.deepEqual(await store.proofsForPosition(1, 0, 0), { items: [], total: 25 });
      // Position 3 exists only in the even-numbered (4-leaf) trees: 13 of them.
      const p = await store.proofsForPosition(3, 0, 100);
      assert.equal(p.total, 13);
      assert.deepEqual(p.items.map((x) => x.merkleRoot), roots.filter((_, i) => i % 2 === 0).reverse());
      assert.deepEqual(p.items[0], record(hx('page-tx-24'), roots[24]!, { n: 4 }).proofs[3]);
      assert.deepEqual(await store.proofsForPosition(99, 0, 10), { items: [], total: 0 });
      await assert.rejects(store.proofsForPosition(1, -1, 10));
      await assert.rejects(store.proofsForPosition(1, 0, 1.5));
    });

    test('earliestProofWithCommitment and merkleCommitmentsFor follow insertion order', async (t) => {
      const { store } = await setup(t);
      const c = hx('repeated');
      // The same commitment at position 2 in three roots, and at position 5 in one.
      for (const [i, pos] of [[0, 2], [1, 5], [2, 2], [3, 2]] as const) {
        const root = hx(`eroot-${i}`);
        await store.saveAttestation({
          attestation: { txid: hx(`etx-${i}`), merkleRoot: root, confirmed: true, insertedAt: 100 - i },
          commitments: [{ merkleRoot: root, clientPosition: pos, commitment: c }],
          proofs: [proofFor(root, pos, c)],
        });
      }
      assert.deepEqual(await store.earliestProofWithCommitment(c), proofFor(hx('eroot-0'), 2, c));
      assert.deepEqual((await store.merkleCommitmentsFor(2, c)).map((d) => d.merkleRoot), [hx('eroot-0'), hx('eroot-2'), hx('eroot-3')]);
      assert.deepEqual((await store.merkleCommitmentsFor(5, c)).map((d) => d.merkleRoot), [hx('eroot-1')]);
      assert.deepEqual(await store.merkleCommitmentsFor(3, c), []);
    });

    test('client details: upsert, read, insertion order, optional fields', async (t) => {
      const { store } = await setup(t);
      const d3: ClientDetailsDoc = { clientPosition: 3, authToken: 'tok-3', pubkey: '', clientName: 'three' };
      const d1: ClientDetailsDoc = {
        clientPosition: 1,
        authToken: '6a1b9a5e-3c47-4b5e-9e4c-0a3c4b1d2e3f',
        pubkey: '03e52cf15e0a5cf6612314f077bb65cf9a6596b76c0fcb34b682f673a8314c7b33',
        clientName: 'one',
        serviceLevel: 'free',
        expiryDate: 1_735_689_600_000,
      };
      await store.upsertClientDetails(d3);
      await store.upsertClientDetails(d1);
      assert.deepEqual(await store.clientDetails(3), d3);
      assert.deepEqual(await store.clientDetails(1), d1);
      assert.equal(await store.clientDetails(2), undefined);
      assert.deepEqual(await store.allClientDetails(), [d3, d1]);
      // Upsert replaces the document and keeps its place.
      const d3b: ClientDetailsDoc = { clientPosition: 3, authToken: 'tok-3b', pubkey: '', clientName: 'three-b', serviceLevel: 'enterprise' };
      await store.upsertClientDetails(d3b);
      assert.deepEqual(await store.allClientDetails(), [d3b, d1]);
      const d1b: ClientDetailsDoc = { clientPosition: 1, authToken: 'tok-1b', pubkey: '', clientName: 'one-b' };
      await store.upsertClientDetails(d1b);
      assert.deepEqual(await store.clientDetails(1), d1b);
      assert.ok(!('serviceLevel' in (await store.clientDetails(1))!));
    });

    test('client commitments: upsert, read, sorted by position, date', async (t) => {
      const { store } = await setup(t);
      await store.upsertClientCommitment({ clientPosition: 4, commitment: hx('cc4') });
      await store.upsertClientCommitment({ clientPosition: 0, commitment: hx('cc0'), date: '11/27/2019' });
      await store.upsertClientCommitment({ clientPosition: 2, commitment: hx('cc2') });
      assert.deepEqual(await store.clientCommitments(), [
        { clientPosition: 0, commitment: hx('cc0'), date: '11/27/2019' },
        { clientPosition: 2, commitment: hx('cc2') },
        { clientPosition: 4, commitment: hx('cc4') },
      ]);
      await store.upsertClientCommitment({ clientPosition: 2, commitment: hx('cc2b'), date: '1/2/2020' });
      assert.deepEqual(await store.clientCommitment(2), { clientPosition: 2, commitment: hx('cc2b'), date: '1/2/2020' });
      await store.upsertClientCommitment({ clientPosition: 0, commitment: hx('cc0b') });
      assert.deepEqual(await store.clientCommitment(0), { clientPosition: 0, commitment: hx('cc0b') });
      assert.equal(await store.clientCommitment(1), undefined);
      assert.equal((await store.clientCommitments()).length, 3);
    });

    test('allocateClient takes the lowest free slot and optionally creates the zero commitment', async (t) => {
      const { store } = await setup(t);
      const a = await store.allocateClient({ authToken: 'ta', pubkey: '', clientName: 'a' }, false);
      assert.deepEqual(a, { clientPosition: 0, authToken: 'ta', pubkey: '', clientName: 'a' });
      assert.equal(await store.clientCommitment(0), undefined);
      await store.upsertClientDetails({ clientPosition: 2, authToken: 'tc', pubkey: '', clientName: 'c' });
      const b = await store.allocateClient({ authToken: 'tb', pubkey: '', clientName: 'b', serviceLevel: 'free' }, true);
      assert.deepEqual(b, { clientPosition: 1, authToken: 'tb', pubkey: '', clientName: 'b', serviceLevel: 'free' });
      assert.deepEqual(await store.clientCommitment(1), { clientPosition: 1, commitment: ZERO });
      const d = await store.allocateClient({ authToken: 'td', pubkey: '', clientName: 'd', expiryDate: 1_800_000_000_000 }, true);
      assert.equal(d.clientPosition, 3);
      assert.deepEqual(await store.clientDetails(3), d);
      assert.deepEqual((await store.allClientDetails()).map((x) => x.clientPosition), [0, 2, 1, 3]);
      assert.deepEqual((await store.clientCommitments()).map((x) => x.clientPosition), [1, 3]);
    });

    test('20 concurrent allocateClient calls get the 20 lowest slots, each once', async (t) => {
      const { store } = await setup(t);
      await store.upsertClientDetails({ clientPosition: 5, authToken: 'pre', pubkey: '', clientName: 'pre' });
      const got = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.allocateClient({ authToken: `tok-${i}`, pubkey: '', clientName: `c${i}` }, i % 2 === 0)),
      );
      const positions = got.map((d) => d.clientPosition).sort((x, y) => x - y);
      assert.deepEqual(positions, [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      for (const d of got) assert.deepEqual(await store.clientDetails(d.clientPosition), d);
      assert.equal((await store.allClientDetails()).length, 21);
      assert.equal((await store.clientCommitments()).length, 10);
    });

    test('saveAttestation is atomic: a bad document in the middle leaves nothing', async (t) => {
      const { store } = await setup(t);
      const root = hx('atomic-root');
      const good = record(hx('atomic-tx'), root, { n: 3, insertedAt: 50 });
      await store.saveAttestation(good);
      const before = await snapshot(store, [root, hx('atomic-root-2')], [hx('atomic-tx'), hx('atomic-tx-2')]);

      // New root + an update of the existing attestation; the 2nd proof is bad.
      const next = record(hx('atomic-tx-2'), hx('atomic-root-2'), { n: 3, insertedAt: 60, confirmed: true, info: true });
      const badProof = { ...next.proofs[1]!, commitment: 'zz'.repeat(32) };
      await assert.rejects(store.saveAttestation({ ...next, proofs: [next.proofs[0]!, badProof, next.proofs[2]!] }));
      assert.deepEqual(await snapshot(store, [root, hx('atomic-root-2')], [hx('atomic-tx'), hx('atomic-tx-2')]), before);

      // A bad last document (the info) after an upsert of existing rows.
      const confirmOld = { ...record(hx('atomic-tx'), root, { n: 3, insertedAt: 70, confirmed: true }), info: { txid: hx('atomic-tx'), blockhash: hx('bh'), amount: -1, time: 1 } };
      await assert.rejects(store.saveAttestation(confirmOld));
      assert.deepEqual(await snapshot(store, [root, hx('atomic-root-2')], [hx('atomic-tx'), hx('atomic-tx-2')]), before);

      // A bad position, an uppercase hash, a non-integer amount, a bad op.
      const cases: AttestationRecord[] = [
        { ...next, commitments: [next.commitments[0]!, { ...next.commitments[1]!, clientPosition: -1 }] },
        { ...next, commitments: [{ ...next.commitments[0]!, commitment: next.commitments[0]!.commitment.toUpperCase() }] },
        { ...next, info: { ...next.info!, amount: 1.5 } },
        { ...next, proofs: [{ ...next.proofs[0]!, ops: [{ append: true, commitment: 'abc' }] }] },
        { ...next, attestation: { ...next.attestation, insertedAt: Number.NaN } },
      ];
      for (const bad of cases) {
        await assert.rejects(store.saveAttestation(bad));
        assert.deepEqual(await snapshot(store, [root, hx('atomic-root-2')], [hx('atomic-tx'), hx('atomic-tx-2')]), before);
      }
      // The store still works afterwards.
      await store.saveAttestation(next);
      assert.equal((await store.merkleCommitments(hx('atomic-root-2'))).length, 3);
    });

    test('invalid client documents are rejected and change nothing', async (t) => {
      const { store } = await setup(t);
      await assert.rejects(store.upsertClientCommitment({ clientPosition: 0, commitment: 'not-hex' }));
      await assert.rejects(store.upsertClientCommitment({ clientPosition: 1.5, commitment: hx('x') }));
      await assert.rejects(store.upsertClientDetails({ clientPosition: -2, authToken: 't', pubkey: '', clientName: 'n' }));
      await assert.rejects(store.upsertClientDetails({ clientPosition: 0, authToken: 't', pubkey: 'xyz', clientName: 'n' }));
      await assert.rejects(store.allocateClient({ authToken: 't', pubkey: '', clientName: 'n', serviceLevel: 'gold' as 'free' }, true));
      assert.deepEqual(await store.clientCommitments(), []);
      assert.deepEqual(await store.allClientDetails(), []);
      assert.equal((await store.allocateClient({ authToken: 't', pubkey: '', clientName: 'n' }, true)).clientPosition, 0);
    });

    test('returned documents are copies', async (t) => {
      const { store } = await setup(t);
      const rec = record(hx('copy-tx'), hx('copy-root'), { n: 1 });
      await store.saveAttestation(rec);
      const p = (await store.merkleProof(hx('copy-root'), 0)) as unknown as { ops: { commitment: string }[] };
      p.ops[0]!.commitment = hx('mutated');
      assert.deepEqual(await store.merkleProof(hx('copy-root'), 0), rec.proofs[0]);
    });

    test('close is idempotent and a closed store refuses work', async (t) => {
      const { store } = await setup(t);
      await store.close();
      await store.close();
      await assert.rejects(store.clientCommitments());
    });
  });

  describe(`${name}: persistence and sharing`, () => {
    test('reopen after close keeps everything, including order and the latest tie rule', async (t) => {
      const { store, fx, opened } = await setup(t);
      if (!fx.persistent) {
        // The memory store's data lives in the instance: a new one starts empty.
        await store.saveAttestation(record(hx('m-tx'), hx('m-root')));
        await store.close();
        assert.deepEqual(await (await reopen(fx, opened)).attestationsByTxid(hx('m-tx')), []);
        return;
      }
      const samples = dbSampleRecords();
      for (const r of samples) await store.saveAttestation(r);
      await store.saveAttestation(record(hx('tieA'), hx('tieRA'), { confirmed: true, insertedAt: 2e12 }));
      await store.saveAttestation(record(hx('tieB'), hx('tieRB'), { confirmed: true, insertedAt: 2e12 }));
      await store.saveAttestation(record(hx('uc'), hx('ucR'), { insertedAt: 5 }));
      await store.upsertClientDetails({ clientPosition: 4, authToken: 'x', pubkey: '', clientName: 'four', serviceLevel: 'basic', expiryDate: 123 });
      await store.allocateClient({ authToken: 'y', pubkey: '', clientName: 'zero' }, true);
      await store.upsertClientCommitment({ clientPosition: 4, commitment: hx('c4'), date: 'today' });
      const roots = samples.map((s) => s.attestation.merkleRoot);
      const before = await snapshot(store, roots, samples.map((s) => s.attestation.txid));
      const clientsBefore = [await store.allClientDetails(), await store.clientCommitments()];
      await store.close();

      const again = await reopen(fx, opened);
      assert.deepEqual(await snapshot(again, roots, samples.map((s) => s.attestation.txid)), before);
      assert.deepEqual([await again.allClientDetails(), await again.clientCommitments()], clientsBefore);
      assert.equal((await again.latestAttestation(true))!.txid, hx('tieB'));
      assert.equal((await again.latestAttestation(false))!.txid, hx('uc'));
      // New writes after reopen come after the old ones; the tie rule spans the reopen.
      await again.saveAttestation(record(hx('tieA'), hx('tieRA'), { confirmed: true, insertedAt: 2e12 }));
      assert.equal((await again.latestAttestation(true))!.txid, hx('tieA'));
      await again.saveAttestation(record(hx('late'), roots[0]!, { insertedAt: 1 }));
      assert.deepEqual((await again.attestationsByRoot(roots[0]!)).map((a) => a.txid), [samples[0]!.attestation.txid, hx('late')]);
      assert.equal((await again.allocateClient({ authToken: 'z', pubkey: '', clientName: 'one' }, false)).clientPosition, 1);
    });

    test('two stores open on the same data allocate disjoint slots concurrently', async (t) => {
      const { store, fx, opened } = await setup(t);
      if (!fx.persistent) {
        // Two memory stores are two databases: each allocates from 0.
        const other = await reopen(fx, opened);
        assert.equal((await store.allocateClient({ authToken: 'a', pubkey: '', clientName: 'a' }, false)).clientPosition, 0);
        assert.equal((await other.allocateClient({ authToken: 'b', pubkey: '', clientName: 'b' }, false)).clientPosition, 0);
        return;
      }
      const other = await reopen(fx, opened);
      const calls = Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? store : other).allocateClient({ authToken: `t${i}`, pubkey: '', clientName: `n${i}` }, true),
      );
      const got = (await Promise.all(calls)).map((d) => d.clientPosition).sort((a, b) => a - b);
      assert.deepEqual(got, Array.from({ length: 40 }, (_, i) => i));
      assert.equal((await other.clientCommitments()).length, 40);
      // Writes through one store are visible through the other.
      await store.saveAttestation(record(hx('shared-tx'), hx('shared-root')));
      assert.equal((await other.attestationsByTxid(hx('shared-tx'))).length, 1);
    });
  });
}

function proofFor(root: string, position: number, commitment: string, op = hx(`${root}/${position}/op`)): MerkleProofDoc {
  return { merkleRoot: root, clientPosition: position, commitment, ops: [{ append: false, commitment: op }] };
}

/** Everything the read methods return for these roots and txids (for before/after comparisons). */
async function snapshot(store: MainstayStore, roots: string[], txids: string[]): Promise<unknown> {
  const out: Record<string, unknown> = {
    latestTrue: await store.latestAttestation(true),
    latestFalse: await store.latestAttestation(false),
    unconfirmed: await store.unconfirmedAttestations(),
  };
  for (const r of roots) {
    const commitments = await store.merkleCommitments(r);
    out[`root ${r}`] = {
      attestations: await store.attestationsByRoot(r),
      commitments,
      proofs: await Promise.all(commitments.map((c) => store.merkleProof(r, c.clientPosition))),
    };
  }
  for (const tx of txids) out[`tx ${tx}`] = { a: await store.attestationsByTxid(tx), info: await store.attestationInfo(tx) };
  for (let pos = 0; pos < 4; pos++) out[`pos ${pos}`] = await store.proofsForPosition(pos, 0, 1000);
  return out;
}
