import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBson } from '../../src/bson/bson-encoder.js';
import { BsonDocument, BsonObjectId, type BsonValue } from '../../src/bson/bson-value.js';
import { MONGO_MAPPINGS, type MongoCollection, type MongoDocumentTypes } from '../../src/bson/mongo-documents.js';
import type { AttestationDoc, AttestationInfoDoc, ClientCommitmentDoc, ClientDetailsDoc, MerkleCommitmentDoc, MerkleProofDoc } from '../../src/store/documents.js';
import { hx } from '../store/sample-data.js';
import { dbSamples, type DbSample } from '../api/support/api-fixture.js';

export const samples: DbSample[] = dbSamples();
export const latest = samples.reduce((a, b) => (b.attestation.inserted_at_ms > a.attestation.inserted_at_ms ? b : a));

/** An unconfirmed (fee-bumped, replaced) attestation of the latest root, saved before the confirmed one. */
export const bumped: AttestationDoc = { txid: hx('bumped'), merkleRoot: latest.merkle_root, confirmed: false, insertedAt: latest.attestation.inserted_at_ms - 60_000 };
/** An unconfirmed attestation whose root has no commitments in the dump (stored all the same). */
export const lonely: AttestationDoc = { txid: hx('lonely'), merkleRoot: hx('lonely-root'), confirmed: false, insertedAt: latest.attestation.inserted_at_ms + 1_000 };
export const orphanRoot = hx('orphan-root');
export const orphanInfo: AttestationInfoDoc = { txid: hx('orphan'), blockhash: hx('orphan-block'), amount: 5, time: 6 };

export const clientDetails: ClientDetailsDoc[] = latest.commitments_by_position.map((_, p) => ({
  clientPosition: p,
  authToken: `4c8c006d-4cee-4fef-8e06-bb8112db6${String(p).padStart(3, '0')}`,
  pubkey: p === 1 ? '03e52cf15e0a5cf6612314f077bb65cf9a6596b76c0fcb34b682f673a8314c7b33' : '',
  clientName: `client ${p}`,
  ...(p === 2 ? { serviceLevel: 'free' as const } : {}),
  ...(p === 3 ? { serviceLevel: 'basic' as const, expiryDate: 1_900_000_000_000 } : {}),
}));
export const clientCommitments: ClientCommitmentDoc[] = latest.commitments_by_position.map((commitment, p) => ({
  clientPosition: p,
  commitment,
  ...(p === 2 ? { date: '2019-01-23' } : {}),
}));

export const attestations = (): AttestationDoc[] => [
  ...samples.map((s) => ({ txid: s.attestation.txid, merkleRoot: s.merkle_root, confirmed: s.attestation.confirmed, insertedAt: s.attestation.inserted_at_ms })),
  bumped,
  lonely,
];

let oidCounter = 0;
/** As mongodump writes it: an `_id` ObjectId first, then the document's fields. */
function withId(doc: BsonDocument): BsonDocument {
  const id = new Uint8Array(12);
  new DataView(id.buffer).setUint32(8, ++oidCounter);
  return new BsonDocument([['_id', new BsonObjectId(id)] as const, ...doc.entries]);
}

function bsonFile<C extends MongoCollection>(c: C, docs: readonly MongoDocumentTypes[C][], tweak?: (d: BsonDocument, i: number) => BsonDocument): Buffer {
  return Buffer.concat(
    docs.map((doc, i) => {
      const d = withId(MONGO_MAPPINGS[c].toBson(doc));
      return encodeBson(tweak ? tweak(d, i) : d);
    }),
  );
}

/**
 * Write a mongodump database directory of `merkle_db_samples.json` plus client slots: attestations
 * in reverse chronological file order, commitments interleaved across roots (position-major), proofs
 * grouped by root, an orphan info and two orphan commitments, and two files that are not imported.
 */
export function writeDump(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Attestation.bson'), bsonFile('Attestation', [...attestations()].reverse()));
  writeFileSync(
    join(dir, 'AttestationInfo.bson'),
    bsonFile('AttestationInfo', [...samples.map((s) => s.attestation_info), orphanInfo]),
  );
  const commitments: MerkleCommitmentDoc[] = [];
  for (let p = 0; p < 16; p++) {
    for (const s of samples) {
      const c = s.commitments_by_position[p];
      if (c !== undefined) commitments.push({ merkleRoot: s.merkle_root, clientPosition: p, commitment: c });
    }
  }
  commitments.push({ merkleRoot: orphanRoot, clientPosition: 0, commitment: hx('o0') }, { merkleRoot: orphanRoot, clientPosition: 1, commitment: hx('o1') });
  writeFileSync(join(dir, 'MerkleCommitment.bson'), bsonFile('MerkleCommitment', commitments));
  const proofs: MerkleProofDoc[] = samples.flatMap((s) =>
    Object.entries(s.proofs_by_position).map(([pos, p]) => ({ merkleRoot: s.merkle_root, clientPosition: Number(pos), commitment: p.commitment, ops: p.ops })),
  );
  writeFileSync(join(dir, 'MerkleProof.bson'), bsonFile('MerkleProof', proofs));
  writeFileSync(join(dir, 'ClientDetails.bson'), bsonFile('ClientDetails', clientDetails));
  // The website (mongoose) writes numbers as doubles and adds `count` and `__v`.
  writeFileSync(
    join(dir, 'ClientCommitment.bson'),
    bsonFile('ClientCommitment', clientCommitments, (d, i) =>
      i % 2 === 0 ? new BsonDocument([...d.entries.map(([k, v]): [string, BsonValue] => [k, k === 'client_position' ? i : v]), ['count', 0], ['__v', 0]]) : d,
    ),
  );
  writeFileSync(join(dir, 'ClientSignup.bson'), encodeBson(new BsonDocument([['email', 'a@b.c']])));
  writeFileSync(join(dir, 'Attestation.metadata.json'), '{}');
}
