import type {
  AttestationDoc,
  AttestationInfoDoc,
  ClientCommitmentDoc,
  ClientDetailsDoc,
  MerkleCommitmentDoc,
  MerkleProofDoc,
  ProofOp,
  ServiceLevel,
} from '../store/documents.js';
import {
  checkAttestation,
  checkAttestationInfo,
  checkClientCommitment,
  checkClientDetails,
  checkMerkleCommitment,
  checkMerkleProof,
  InvalidDocumentError,
} from '../store/document-checks.js';
import { decodeBson, type DecodeOptions } from './bson-decoder.js';
import { encodeBson } from './bson-encoder.js';
import { BsonDateTime, BsonDocument, BsonInt32, type BsonValue } from './bson-value.js';

/** The original's collection names (spec §5.1) this port reads and writes. */
export const MONGO_COLLECTIONS = ['Attestation', 'AttestationInfo', 'MerkleCommitment', 'MerkleProof', 'ClientCommitment', 'ClientDetails'] as const;
export type MongoCollection = (typeof MONGO_COLLECTIONS)[number];

/** A BSON document that is well-formed but is not a valid document of its collection. */
export class MongoDocumentError extends Error {
  override readonly name = 'MongoDocumentError';

  constructor(
    readonly collection: MongoCollection,
    readonly field: string,
    detail: string,
  ) {
    super(`${collection}.${field}: ${detail}`);
  }
}

const SERVICE_LEVELS: readonly ServiceLevel[] = ['free', 'basic', 'intermediate', 'enterprise'];

function kind(v: BsonValue | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'bigint') return 'int64';
  if (typeof v !== 'object') return typeof v;
  if (Array.isArray(v)) return 'array';
  return v.constructor.name.replace(/^Bson/, '').toLowerCase();
}

/** Field readers: the Go types, plus the other numeric encodings the website (mongoose) writes. */
class FieldReader {
  constructor(
    private readonly collection: MongoCollection,
    private readonly doc: BsonDocument,
    private readonly prefix = '',
  ) {}

  private fail(field: string, detail: string): never {
    throw new MongoDocumentError(this.collection, this.prefix + field, detail);
  }

  string(field: string): string {
    const v = this.doc.get(field);
    if (typeof v !== 'string') this.fail(field, `expected a string, got ${kind(v)}`);
    return v;
  }

  optionalString(field: string): string | undefined {
    const v = this.doc.get(field);
    return v === undefined || v === null ? undefined : this.string(field);
  }

  boolean(field: string): boolean {
    const v = this.doc.get(field);
    if (typeof v !== 'boolean') this.fail(field, `expected a boolean, got ${kind(v)}`);
    return v;
  }

  /** An integer stored as int32, int64 or an integral double, within the safe-integer range. */
  integer(field: string): number {
    const v = this.doc.get(field);
    let n: number;
    if (v instanceof BsonInt32) n = v.value;
    else if (typeof v === 'bigint') n = Number(v);
    else if (typeof v === 'number' && Number.isInteger(v)) n = v;
    else this.fail(field, `expected an integer, got ${kind(v)}${typeof v === 'number' ? ` ${v}` : ''}`);
    if (!Number.isSafeInteger(n) || (typeof v === 'bigint' && BigInt(n) !== v)) this.fail(field, `integer ${String(v)} is outside the safe range`);
    return n;
  }

  date(field: string): number {
    const v = this.doc.get(field);
    if (!(v instanceof BsonDateTime)) this.fail(field, `expected a UTC datetime, got ${kind(v)}`);
    const n = Number(v.ms);
    if (!Number.isSafeInteger(n)) this.fail(field, `datetime ${v.ms} is outside the safe range`);
    return n;
  }

  optionalDate(field: string): number | undefined {
    const v = this.doc.get(field);
    return v === undefined || v === null ? undefined : this.date(field);
  }

  array(field: string): readonly BsonValue[] {
    const v = this.doc.get(field);
    if (!Array.isArray(v)) this.fail(field, `expected an array, got ${kind(v)}`);
    return v as readonly BsonValue[];
  }
}

/** Run the store's own document checks, reported as this collection's error. */
function checked<T>(collection: MongoCollection, doc: T, check: (d: T) => void): T {
  try {
    check(doc);
  } catch (e) {
    if (e instanceof InvalidDocumentError) {
      // Report the Mongo field name (merkleRoot → merkle_root) and the check's own detail.
      const field = e.field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      throw new MongoDocumentError(collection, field, e.message.replace(/^invalid [^:]*: /, ''));
    }
    throw e;
  }
  return doc;
}

// --- Attestation: txid, merkle_root, confirmed, inserted_at (Go models/attestation.go order) ------

export function attestationToBson(doc: AttestationDoc): BsonDocument {
  checked('Attestation', doc, checkAttestation);
  return new BsonDocument([
    ['txid', doc.txid],
    ['merkle_root', doc.merkleRoot],
    ['confirmed', doc.confirmed],
    ['inserted_at', BsonDateTime.fromMillis(doc.insertedAt)],
  ]);
}

export function attestationFromBson(d: BsonDocument): AttestationDoc {
  const r = new FieldReader('Attestation', d);
  return checked('Attestation', { txid: r.string('txid'), merkleRoot: r.string('merkle_root'), confirmed: r.boolean('confirmed'), insertedAt: r.date('inserted_at') }, checkAttestation);
}

// --- AttestationInfo: txid, blockhash, amount (int64 sats), time (int64 unix s) -------------------

export function attestationInfoToBson(doc: AttestationInfoDoc): BsonDocument {
  checked('AttestationInfo', doc, checkAttestationInfo);
  return new BsonDocument([
    ['txid', doc.txid],
    ['blockhash', doc.blockhash],
    ['amount', BigInt(doc.amount)],
    ['time', BigInt(doc.time)],
  ]);
}

export function attestationInfoFromBson(d: BsonDocument): AttestationInfoDoc {
  const r = new FieldReader('AttestationInfo', d);
  return checked('AttestationInfo', { txid: r.string('txid'), blockhash: r.string('blockhash'), amount: r.integer('amount'), time: r.integer('time') }, checkAttestationInfo);
}

// --- MerkleCommitment: merkle_root, client_position (int32), commitment ----------------------------

export function merkleCommitmentToBson(doc: MerkleCommitmentDoc): BsonDocument {
  checked('MerkleCommitment', doc, checkMerkleCommitment);
  return new BsonDocument([
    ['merkle_root', doc.merkleRoot],
    ['client_position', new BsonInt32(doc.clientPosition)],
    ['commitment', doc.commitment],
  ]);
}

export function merkleCommitmentFromBson(d: BsonDocument): MerkleCommitmentDoc {
  const r = new FieldReader('MerkleCommitment', d);
  return checked('MerkleCommitment', { merkleRoot: r.string('merkle_root'), clientPosition: r.integer('client_position'), commitment: r.string('commitment') }, checkMerkleCommitment);
}

// --- MerkleProof: merkle_root, client_position (int32), commitment, ops [{append, commitment}] -----

export function merkleProofToBson(doc: MerkleProofDoc): BsonDocument {
  checked('MerkleProof', doc, checkMerkleProof);
  return new BsonDocument([
    ['merkle_root', doc.merkleRoot],
    ['client_position', new BsonInt32(doc.clientPosition)],
    ['commitment', doc.commitment],
    ['ops', doc.ops.map((op) => new BsonDocument([['append', op.append], ['commitment', op.commitment]]))],
  ]);
}

export function merkleProofFromBson(d: BsonDocument): MerkleProofDoc {
  const r = new FieldReader('MerkleProof', d);
  const ops: ProofOp[] = r.array('ops').map((op, i) => {
    if (!(op instanceof BsonDocument)) throw new MongoDocumentError('MerkleProof', `ops.${i}`, `expected a document, got ${kind(op)}`);
    const o = new FieldReader('MerkleProof', op, `ops.${i}.`);
    return { append: o.boolean('append'), commitment: o.string('commitment') };
  });
  return checked('MerkleProof', { merkleRoot: r.string('merkle_root'), clientPosition: r.integer('client_position'), commitment: r.string('commitment'), ops }, checkMerkleProof);
}

// --- ClientCommitment: commitment, client_position (int32) (Go order), then the website's date -----

export function clientCommitmentToBson(doc: ClientCommitmentDoc): BsonDocument {
  checked('ClientCommitment', doc, checkClientCommitment);
  const entries: [string, BsonValue][] = [
    ['commitment', doc.commitment],
    ['client_position', new BsonInt32(doc.clientPosition)],
  ];
  if (doc.date !== undefined) entries.push(['date', doc.date]);
  return new BsonDocument(entries);
}

export function clientCommitmentFromBson(d: BsonDocument): ClientCommitmentDoc {
  const r = new FieldReader('ClientCommitment', d);
  const date = r.optionalString('date');
  const doc: ClientCommitmentDoc = { clientPosition: r.integer('client_position'), commitment: r.string('commitment'), ...(date !== undefined ? { date } : {}) };
  return checked('ClientCommitment', doc, checkClientCommitment);
}

// --- ClientDetails: client_position, auth_token, pubkey, client_name (Go order), then the website's
// service_level and expiry_date (Date) ---------------------------------------------------------------

export function clientDetailsToBson(doc: ClientDetailsDoc): BsonDocument {
  checked('ClientDetails', doc, checkClientDetails);
  const entries: [string, BsonValue][] = [
    ['client_position', new BsonInt32(doc.clientPosition)],
    ['auth_token', doc.authToken],
    ['pubkey', doc.pubkey],
    ['client_name', doc.clientName],
  ];
  if (doc.serviceLevel !== undefined) entries.push(['service_level', doc.serviceLevel]);
  if (doc.expiryDate !== undefined) entries.push(['expiry_date', BsonDateTime.fromMillis(doc.expiryDate)]);
  return new BsonDocument(entries);
}

export function clientDetailsFromBson(d: BsonDocument): ClientDetailsDoc {
  const r = new FieldReader('ClientDetails', d);
  const level = r.optionalString('service_level');
  if (level !== undefined && !SERVICE_LEVELS.includes(level as ServiceLevel)) {
    throw new MongoDocumentError('ClientDetails', 'service_level', `expected one of ${SERVICE_LEVELS.join('|')}, got ${JSON.stringify(level)}`);
  }
  const expiry = r.optionalDate('expiry_date');
  const doc: ClientDetailsDoc = {
    clientPosition: r.integer('client_position'),
    authToken: r.string('auth_token'),
    pubkey: r.string('pubkey'),
    clientName: r.string('client_name'),
    ...(level !== undefined ? { serviceLevel: level as ServiceLevel } : {}),
    ...(expiry !== undefined ? { expiryDate: expiry } : {}),
  };
  return checked('ClientDetails', doc, checkClientDetails);
}

/** Our document type for each collection. */
export interface MongoDocumentTypes {
  Attestation: AttestationDoc;
  AttestationInfo: AttestationInfoDoc;
  MerkleCommitment: MerkleCommitmentDoc;
  MerkleProof: MerkleProofDoc;
  ClientCommitment: ClientCommitmentDoc;
  ClientDetails: ClientDetailsDoc;
}

interface Mapping<T> {
  toBson(doc: T): BsonDocument;
  fromBson(d: BsonDocument): T;
}

/** The mapping functions by collection name. */
export const MONGO_MAPPINGS: { readonly [C in MongoCollection]: Mapping<MongoDocumentTypes[C]> } = {
  Attestation: { toBson: attestationToBson, fromBson: attestationFromBson },
  AttestationInfo: { toBson: attestationInfoToBson, fromBson: attestationInfoFromBson },
  MerkleCommitment: { toBson: merkleCommitmentToBson, fromBson: merkleCommitmentFromBson },
  MerkleProof: { toBson: merkleProofToBson, fromBson: merkleProofFromBson },
  ClientCommitment: { toBson: clientCommitmentToBson, fromBson: clientCommitmentFromBson },
  ClientDetails: { toBson: clientDetailsToBson, fromBson: clientDetailsFromBson },
};

/** The BSON bytes of one of our documents as the Go service (and website, for its fields) writes it. */
export function encodeMongoDocument<C extends MongoCollection>(collection: C, doc: MongoDocumentTypes[C]): Uint8Array {
  return encodeBson(MONGO_MAPPINGS[collection].toBson(doc));
}

/** Decode and map one document of `collection`: throws BsonError or MongoDocumentError. */
export function decodeMongoDocument<C extends MongoCollection>(collection: C, bytes: Uint8Array, options?: DecodeOptions): MongoDocumentTypes[C] {
  return MONGO_MAPPINGS[collection].fromBson(decodeBson(bytes, options));
}
