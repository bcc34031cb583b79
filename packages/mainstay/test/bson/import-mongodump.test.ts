import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { encodeBson } from '../../src/bson/bson-encoder.js';
import { BsonDateTime, BsonDocument } from '../../src/bson/bson-value.js';
import { importMongoDump, MongoDumpError, type MongoDumpImportSummary } from '../../src/bson/import-mongodump.js';
import type { MainstayStore } from '../../src/store/mainstay-store.js';
import { MemoryMainstayStore } from '../../src/store/memory-store.js';
import { SqliteMainstayStore } from '../../src/store/sqlite-store.js';
import { get, okPayload, startApi } from '../api/support/api-fixture.js';
import { formatApiDate } from '../../src/api/api-date.js';
import { attestations, bumped, clientCommitments, clientDetails, latest, lonely, orphanInfo, orphanRoot, samples, writeDump } from './dump-fixture.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

const EXPECTED: Omit<MongoDumpImportSummary, 'documents'> & { documents: Record<string, number> } = {
  collections: ['Attestation', 'AttestationInfo', 'MerkleCommitment', 'MerkleProof', 'ClientCommitment', 'ClientDetails'],
  ignoredFiles: ['Attestation.metadata.json', 'ClientSignup.bson'],
  documents: { Attestation: 12, AttestationInfo: 11, MerkleCommitment: 136, MerkleProof: 134, ClientCommitment: 16, ClientDetails: 16 },
  attestations: 12,
  attestationsWithInfo: 10,
  attestationsWithoutCommitments: 1,
  merkleCommitments: 134,
  merkleProofs: 134,
  clientDetails: 16,
  clientCommitments: 16,
  orphanInfos: 1,
  orphanCommitments: 2,
  orphanProofs: 0,
};

/** Everything the port can tell about the imported data (for idempotency and store-vs-store checks). */
async function snapshot(store: MainstayStore): Promise<unknown> {
  const roots = [...samples.map((s) => s.merkle_root), lonely.merkleRoot, orphanRoot];
  const txids = [...attestations().map((a) => a.txid), orphanInfo.txid];
  return {
    latestConfirmed: await store.latestAttestation(true),
    latestUnconfirmed: await store.latestAttestation(false),
    unconfirmed: await store.unconfirmedAttestations(),
    byRoot: await Promise.all(roots.map(async (r) => [await store.attestationsByRoot(r), await store.merkleCommitments(r)])),
    byTxid: await Promise.all(txids.map(async (t) => [await store.attestationsByTxid(t), await store.attestationInfo(t)])),
    proofs: await Promise.all(Array.from({ length: 17 }, (_, p) => store.proofsForPosition(p, 0, 1000))),
    earliest: await store.earliestProofWithCommitment(latest.commitments_by_position[0]!),
    clients: await store.allClientDetails(),
    clientCommitments: await store.clientCommitments(),
  };
}

/** The imported store answers like the original's database (through the real REST API). */
async function checkImported(store: MainstayStore): Promise<void> {
  const api = await startApi(store);
  try {
    assert.deepEqual(okPayload(await get(api, '/latestattestation')), { merkle_root: latest.merkle_root, txid: latest.attestation.txid });
    let n = 0;
    for (const s of samples) {
      for (const [pos, proof] of Object.entries(s.proofs_by_position)) {
        const p = okPayload(await get(api, `/commitment/proof?position=${pos}&merkle_root=${s.merkle_root}`));
        assert.equal(JSON.stringify(p), JSON.stringify({ merkle_root: s.merkle_root, commitment: proof.commitment, ops: proof.ops }));
        n++;
      }
      const a = okPayload(await get(api, `/attestation?txid=${s.attestation.txid}`)) as Record<string, Record<string, unknown>>;
      assert.deepEqual(a['attestation'], { merkle_root: s.merkle_root, txid: s.attestation.txid, confirmed: true, inserted_at: formatApiDate(s.attestation.inserted_at_ms) });
      assert.equal(a['attestationInfo']!['blockhash'], s.attestation_info.blockhash);
    }
    assert.equal(n, 134);
  } finally {
    await api.close();
  }
  assert.deepEqual(await store.latestAttestation(false), lonely);
  assert.deepEqual(await store.attestationsByRoot(lonely.merkleRoot), [lonely]);
  assert.deepEqual(await store.merkleCommitments(lonely.merkleRoot), []);
  // The fee-bumped predecessor was saved first (inserted_at order), the confirmed one after it.
  assert.deepEqual(
    await store.attestationsByRoot(latest.merkle_root),
    [bumped, { txid: latest.attestation.txid, merkleRoot: latest.merkle_root, confirmed: true, insertedAt: latest.attestation.inserted_at_ms }],
  );
  assert.deepEqual(await store.unconfirmedAttestations(), [bumped, lonely]);
  // Insertion order of the attestations is chronological although the file lists them newest first.
  assert.deepEqual((await store.proofsForPosition(0, 0, 100)).items.map((p) => p.merkleRoot), [...samples].reverse().map((s) => s.merkle_root));
  assert.deepEqual((await store.merkleCommitments(samples[0]!.merkle_root)).map((c) => c.commitment), samples[0]!.commitments_by_position);
  assert.equal(await store.attestationInfo(orphanInfo.txid), undefined);
  assert.deepEqual(await store.merkleCommitments(orphanRoot), []);
  assert.deepEqual(await store.allClientDetails(), clientDetails);
  assert.deepEqual(await store.clientCommitments(), clientCommitments);
}

describe('importMongoDump', () => {
  let dir: string;
  let dump: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mainstay-import-'));
    dump = join(dir, 'dump', 'mainstay');
    writeDump(dump);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('into the memory store: counts, API answers, and a second import changes nothing', async () => {
    const store = new MemoryMainstayStore();
    const summary = await importMongoDump(dump, store);
    assert.deepEqual(summary, EXPECTED);
    await checkImported(store);
    const before = await snapshot(store);
    assert.deepEqual(await importMongoDump(dump, store), EXPECTED);
    assert.deepEqual(await snapshot(store), before);
  });

  it('into SQLite: the same data as the memory store, idempotent across reopen', async () => {
    const path = join(dir, 'import.db');
    const store = SqliteMainstayStore.open(path);
    let first: unknown;
    try {
      assert.deepEqual(await importMongoDump(dump, store), EXPECTED);
      await checkImported(store);
      first = await snapshot(store);
      const memory = new MemoryMainstayStore();
      await importMongoDump(dump, memory);
      assert.deepEqual(first, await snapshot(memory));
    } finally {
      await store.close();
    }
    const again = SqliteMainstayStore.open(path);
    try {
      assert.deepEqual(await importMongoDump(dump, again, { maxDocumentSize: 4096 }), EXPECTED);
      assert.deepEqual(await snapshot(again), first);
    } finally {
      await again.close();
    }
  });

  it('a truncated MerkleProof.bson: MongoDumpError with file and offset, nothing written', async () => {
    const bad = join(dir, 'truncated');
    cpSync(dump, bad, { recursive: true });
    const file = join(bad, 'MerkleProof.bson');
    const size = readFileSync(file).length;
    const lastSize = readFileSync(file).readInt32LE(lastDocOffset(readFileSync(file)));
    truncateSync(file, size - 20);
    const store = new MemoryMainstayStore();
    await assert.rejects(importMongoDump(bad, store), (e: unknown) => {
      assert.ok(e instanceof MongoDumpError);
      assert.equal(e.file, file);
      assert.equal(e.offset, size - lastSize);
      assert.match(e.message, new RegExp(`MerkleProof\\.bson at offset ${size - lastSize}: truncated document`));
      return true;
    });
    assert.equal(await store.latestAttestation(true), undefined);
    assert.equal(await store.latestAttestation(false), undefined);
    assert.deepEqual(await store.merkleCommitments(samples[0]!.merkle_root), []);
    assert.deepEqual(await store.allClientDetails(), []);
  });

  it('a malformed or invalid document in the middle of a file: the document offset, nothing written', async () => {
    const bad = join(dir, 'malformed');
    cpSync(dump, bad, { recursive: true });
    const file = join(bad, 'Attestation.bson');
    const bytes = readFileSync(file);
    const third = nthDocOffset(bytes, 2);
    // `confirmed` boolean byte 7: the BSON is malformed.
    const at = bytes.indexOf(Buffer.from('08636f6e6669726d656400', 'hex'), third) + 11;
    bytes[at] = 7;
    writeFileSync(file, bytes);
    const store = new MemoryMainstayStore();
    await assert.rejects(importMongoDump(bad, store), (e: unknown) => e instanceof MongoDumpError && e.offset === at && /only 0 or 1/.test(e.message));
    assert.equal(await store.latestAttestation(true), undefined);
    // Well-formed BSON that is not a valid document: the offset of the document.
    writeFileSync(file, Buffer.concat([bytes.subarray(0, third), encodeBson(new BsonDocument([['txid', 'nothex'], ['merkle_root', latest.merkle_root], ['confirmed', true], ['inserted_at', new BsonDateTime(1n)]]))]));
    await assert.rejects(importMongoDump(bad, store), (e: unknown) => e instanceof MongoDumpError && e.offset === third && /Attestation\.txid: expected 64 lowercase hex characters, got "nothex"/.test(e.message));
    assert.deepEqual(await store.allClientDetails(), []);
  });

  it('a directory without collection files, or none at all: MongoDumpError', async () => {
    await assert.rejects(importMongoDump(join(dir, 'dump'), new MemoryMainstayStore()), /no collection file .* give the database's directory/);
    await assert.rejects(importMongoDump(join(dir, 'missing'), new MemoryMainstayStore()), /cannot read the dump directory/);
  });

  it('a dump with only some files imports what is there', async () => {
    const part = join(dir, 'partial');
    cpSync(join(dump, 'Attestation.bson'), join(part, 'Attestation.bson'), { recursive: true });
    const store = new MemoryMainstayStore();
    const s = await importMongoDump(part, store);
    assert.deepEqual(s.collections, ['Attestation']);
    assert.equal(s.attestations, 12);
    assert.equal(s.attestationsWithoutCommitments, 11);
    assert.equal(s.documents.MerkleProof, 0);
    assert.deepEqual((await store.latestAttestation(true))?.txid, latest.attestation.txid);
  });
});

function nthDocOffset(bytes: Buffer, n: number): number {
  let at = 0;
  for (let i = 0; i < n; i++) at += bytes.readInt32LE(at);
  return at;
}

function lastDocOffset(bytes: Buffer): number {
  let at = 0;
  for (;;) {
    const next = at + bytes.readInt32LE(at);
    if (next >= bytes.length) return at;
    at = next;
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runImport(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'mainstay-import'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bin/mainstay-import (built dist, real process)', () => {
  let dir: string;
  let dump: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mainstay-import-bin-'));
    dump = join(dir, 'mainstay');
    writeDump(dump);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('imports into SQLite, prints the counts; a second run prints the same and changes nothing', async () => {
    const db = join(dir, 'm.db');
    const r = await runImport(['-db', `sqlite:${db}`, '-dump', dump]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Attestation\.bson: 12 documents$/m);
    assert.match(r.stdout, /^MerkleProof\.bson: 134 documents$/m);
    assert.match(r.stdout, /^ignored: ClientSignup\.bson/m);
    assert.match(r.stdout, /^imported: 12 attestations \(10 with AttestationInfo, 1 without commitments\), 134 merkle commitments, 134 merkle proofs, 16 client details, 16 client commitments$/m);
    assert.match(r.stdout, /^skipped \(no Attestation for them\): 1 AttestationInfo, 2 MerkleCommitment, 0 MerkleProof documents$/m);
    const store = SqliteMainstayStore.open(db);
    let first: unknown;
    try {
      await checkImported(store);
      first = await snapshot(store);
    } finally {
      await store.close();
    }
    const again = await runImport([`--dump=${dump}`, `-db=sqlite:${db}`]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, r.stdout);
    const reopened = SqliteMainstayStore.open(db);
    try {
      assert.deepEqual(await snapshot(reopened), first);
    } finally {
      await reopened.close();
    }
  });

  it('a truncated file: exit 1 naming the file and offset; usage errors exit 2', async () => {
    const bad = join(dir, 'bad');
    cpSync(dump, bad, { recursive: true });
    const file = join(bad, 'MerkleCommitment.bson');
    const bytes = readFileSync(file);
    const last = lastDocOffset(bytes);
    truncateSync(file, bytes.length - 1);
    const db = join(dir, 'bad.db');
    const r = await runImport(['-dump', bad, '-db', `sqlite:${db}`]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`mainstay-import: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at offset ${last}: truncated document`));
    const store = SqliteMainstayStore.open(db);
    try {
      assert.equal(await store.latestAttestation(true), undefined);
    } finally {
      await store.close();
    }
    const noDump = await runImport(['-db', `sqlite:${db}`]);
    assert.equal(noDump.code, 2);
    assert.match(noDump.stderr, /-dump is required\nUsage of mainstay-import:/);
    const unknown = await runImport(['-mongo', 'x']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /flag provided but not defined: -mongo/);
    const noStore = await runImport(['-dump', dump]);
    assert.equal(noStore.code, 1);
    assert.match(noStore.stderr, /no store given/);
  });
});
