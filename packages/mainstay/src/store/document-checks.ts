import type {
  AttestationDoc,
  AttestationInfoDoc,
  ClientCommitmentDoc,
  ClientDetailsDoc,
  MerkleCommitmentDoc,
  MerkleProofDoc,
  ProofOp,
  ServiceLevel,
} from './documents.js';

/**
 * Checks every store applies to a document before writing it (the SQL schemas repeat the hash,
 * position and amount rules as CHECK constraints). A bad document is rejected with
 * `InvalidDocumentError`; inside `saveAttestation` that aborts the whole transaction.
 */
export class InvalidDocumentError extends Error {
  constructor(
    readonly collection: string,
    readonly field: string,
    detail: string,
  ) {
    super(`invalid ${collection}.${field}: ${detail}`);
    this.name = 'InvalidDocumentError';
  }
}

/** Largest position the original's int32 `client_position` can hold. */
export const MAX_CLIENT_POSITION = 0x7fffffff;

const HASH_RE = /^[0-9a-f]{64}$/;
const HEX_RE = /^(?:[0-9a-f]{2})*$/i;
const SERVICE_LEVELS: readonly ServiceLevel[] = ['free', 'basic', 'intermediate', 'enterprise'];

function hash(collection: string, field: string, value: unknown): void {
  if (typeof value !== 'string' || !HASH_RE.test(value)) {
    throw new InvalidDocumentError(collection, field, `expected 64 lowercase hex characters, got ${describe(value)}`);
  }
}

function position(collection: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_CLIENT_POSITION) {
    throw new InvalidDocumentError(collection, 'clientPosition', `expected an integer in [0, 2^31-1], got ${describe(value)}`);
  }
}

function integer(collection: string, field: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidDocumentError(collection, field, `expected a safe integer >= ${min}, got ${describe(value)}`);
  }
}

function str(collection: string, field: string, value: unknown): void {
  if (typeof value !== 'string') throw new InvalidDocumentError(collection, field, `expected a string, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return typeof value;
}

export function checkAttestation(doc: AttestationDoc): void {
  hash('Attestation', 'txid', doc.txid);
  hash('Attestation', 'merkleRoot', doc.merkleRoot);
  if (typeof doc.confirmed !== 'boolean') throw new InvalidDocumentError('Attestation', 'confirmed', `expected a boolean, got ${describe(doc.confirmed)}`);
  integer('Attestation', 'insertedAt', doc.insertedAt, 0);
}

export function checkAttestationInfo(doc: AttestationInfoDoc): void {
  hash('AttestationInfo', 'txid', doc.txid);
  hash('AttestationInfo', 'blockhash', doc.blockhash);
  integer('AttestationInfo', 'amount', doc.amount, 0);
  integer('AttestationInfo', 'time', doc.time, 0);
}

export function checkMerkleCommitment(doc: MerkleCommitmentDoc): void {
  hash('MerkleCommitment', 'merkleRoot', doc.merkleRoot);
  position('MerkleCommitment', doc.clientPosition);
  hash('MerkleCommitment', 'commitment', doc.commitment);
}

export function checkProofOps(collection: string, ops: readonly ProofOp[]): void {
  if (!Array.isArray(ops)) throw new InvalidDocumentError(collection, 'ops', `expected an array, got ${describe(ops)}`);
  ops.forEach((op: ProofOp, i: number) => {
    if (typeof op !== 'object' || op === null || typeof op.append !== 'boolean') {
      throw new InvalidDocumentError(collection, `ops[${i}].append`, 'expected a boolean');
    }
    hash(collection, `ops[${i}].commitment`, op.commitment);
  });
}

export function checkMerkleProof(doc: MerkleProofDoc): void {
  hash('MerkleProof', 'merkleRoot', doc.merkleRoot);
  position('MerkleProof', doc.clientPosition);
  hash('MerkleProof', 'commitment', doc.commitment);
  checkProofOps('MerkleProof', doc.ops);
}

export function checkClientCommitment(doc: ClientCommitmentDoc): void {
  position('ClientCommitment', doc.clientPosition);
  hash('ClientCommitment', 'commitment', doc.commitment);
  if (doc.date !== undefined) str('ClientCommitment', 'date', doc.date);
}

/** Checks everything but the position (which `allocateClient` chooses). */
export function checkClientDetailsFields(doc: Omit<ClientDetailsDoc, 'clientPosition'>): void {
  str('ClientDetails', 'authToken', doc.authToken);
  str('ClientDetails', 'pubkey', doc.pubkey);
  if (!HEX_RE.test(doc.pubkey)) throw new InvalidDocumentError('ClientDetails', 'pubkey', `expected hex or '', got ${describe(doc.pubkey)}`);
  str('ClientDetails', 'clientName', doc.clientName);
  if (doc.serviceLevel !== undefined && !SERVICE_LEVELS.includes(doc.serviceLevel)) {
    throw new InvalidDocumentError('ClientDetails', 'serviceLevel', `expected one of ${SERVICE_LEVELS.join('|')}, got ${describe(doc.serviceLevel)}`);
  }
  if (doc.expiryDate !== undefined) integer('ClientDetails', 'expiryDate', doc.expiryDate, Number.MIN_SAFE_INTEGER);
}

export function checkClientDetails(doc: ClientDetailsDoc): void {
  position('ClientDetails', doc.clientPosition);
  checkClientDetailsFields(doc);
}

/** Paging arguments: `offset >= 0`, `limit >= 0`, both integers. */
export function checkPage(offset: number, limit: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a non-negative integer, got ${offset}`);
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
}

/** Copy constructors returning plain objects without `undefined`-valued keys (what every store returns). */
export function copyClientCommitment(doc: ClientCommitmentDoc): ClientCommitmentDoc {
  return doc.date === undefined
    ? { clientPosition: doc.clientPosition, commitment: doc.commitment }
    : { clientPosition: doc.clientPosition, commitment: doc.commitment, date: doc.date };
}

export function copyClientDetails(doc: ClientDetailsDoc): ClientDetailsDoc {
  const out: { -readonly [K in keyof ClientDetailsDoc]: ClientDetailsDoc[K] } = {
    clientPosition: doc.clientPosition,
    authToken: doc.authToken,
    pubkey: doc.pubkey,
    clientName: doc.clientName,
  };
  if (doc.serviceLevel !== undefined) out.serviceLevel = doc.serviceLevel;
  if (doc.expiryDate !== undefined) out.expiryDate = doc.expiryDate;
  return out;
}

export function copyProof(doc: MerkleProofDoc): MerkleProofDoc {
  return {
    merkleRoot: doc.merkleRoot,
    clientPosition: doc.clientPosition,
    commitment: doc.commitment,
    ops: doc.ops.map((op) => ({ append: op.append, commitment: op.commitment })),
  };
}

/** The all-zero commitment a new slot starts with. */
export const ZERO_HASH = '0'.repeat(64);
