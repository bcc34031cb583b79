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
 * Rows of the SQL stores (SQLite and PostgreSQL share column names, see ADR 0045) and their
 * mapping to documents. Integers may arrive as numbers, strings (pg BIGINT) or bigints.
 */

/** The schema version this program writes; a database with a greater one is refused. */
export const MAINSTAY_SCHEMA_VERSION = 1;

export class SchemaVersionError extends Error {
  constructor(
    readonly where: string,
    readonly found: number,
  ) {
    super(
      `${where}: database schema version ${found} is newer than this program supports (${MAINSTAY_SCHEMA_VERSION}); ` +
        'upgrade the program or use another database',
    );
    this.name = 'SchemaVersionError';
  }
}

type SqlInt = number | string | bigint;

export function toInt(value: SqlInt, column: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`column ${column}: ${String(value)} is not a safe integer`);
  return n;
}

export interface AttestationRow {
  txid: string;
  merkle_root: string;
  confirmed: number | boolean;
  inserted_at: SqlInt;
}

export function attestationFromRow(r: AttestationRow): AttestationDoc {
  return { txid: r.txid, merkleRoot: r.merkle_root, confirmed: r.confirmed === true || r.confirmed === 1, insertedAt: toInt(r.inserted_at, 'inserted_at') };
}

export interface AttestationInfoRow {
  txid: string;
  blockhash: string;
  amount: SqlInt;
  time: SqlInt;
}

export function infoFromRow(r: AttestationInfoRow): AttestationInfoDoc {
  return { txid: r.txid, blockhash: r.blockhash, amount: toInt(r.amount, 'amount'), time: toInt(r.time, 'time') };
}

export interface MerkleCommitmentRow {
  merkle_root: string;
  client_position: SqlInt;
  commitment: string;
}

export function commitmentFromRow(r: MerkleCommitmentRow): MerkleCommitmentDoc {
  return { merkleRoot: r.merkle_root, clientPosition: toInt(r.client_position, 'client_position'), commitment: r.commitment };
}

export interface MerkleProofRow extends MerkleCommitmentRow {
  /** JSON text (SQLite) or the array pg parsed from jsonb. */
  ops: string | ProofOp[];
}

export function proofFromRow(r: MerkleProofRow): MerkleProofDoc {
  const ops = typeof r.ops === 'string' ? (JSON.parse(r.ops) as ProofOp[]) : r.ops;
  return {
    merkleRoot: r.merkle_root,
    clientPosition: toInt(r.client_position, 'client_position'),
    commitment: r.commitment,
    ops: ops.map((o) => ({ append: o.append, commitment: o.commitment })),
  };
}

/**
 * The stored form of proof ops: a JSON array of `{append, commitment}` (key order fixed), the same
 * text as `JSON.stringify(ops.map(({append, commitment}) => ({append, commitment})))`. The ops must
 * have passed `checkProofOps` (boolean `append`, 64-hex `commitment`: nothing to escape), which lets
 * this build the text directly — about 10× faster than `JSON.stringify`, and it runs once per proof
 * of an attestation (100k of them for 100k slots).
 */
export function opsToJson(ops: readonly ProofOp[]): string {
  let json = '[';
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    json += `${i === 0 ? '' : ','}{"append":${op.append === true ? 'true' : 'false'},"commitment":"${op.commitment}"}`;
  }
  return `${json}]`;
}

export interface ClientCommitmentRow {
  client_position: SqlInt;
  commitment: string;
  date: string | null;
}

export function clientCommitmentFromRow(r: ClientCommitmentRow): ClientCommitmentDoc {
  const base = { clientPosition: toInt(r.client_position, 'client_position'), commitment: r.commitment };
  return r.date === null ? base : { ...base, date: r.date };
}

export interface ClientDetailsRow {
  client_position: SqlInt;
  auth_token: string;
  pubkey: string;
  client_name: string;
  service_level: string | null;
  expiry_date: SqlInt | null;
}

export function clientDetailsFromRow(r: ClientDetailsRow): ClientDetailsDoc {
  const out: { -readonly [K in keyof ClientDetailsDoc]: ClientDetailsDoc[K] } = {
    clientPosition: toInt(r.client_position, 'client_position'),
    authToken: r.auth_token,
    pubkey: r.pubkey,
    clientName: r.client_name,
  };
  if (r.service_level !== null) out.serviceLevel = r.service_level as ServiceLevel;
  if (r.expiry_date !== null) out.expiryDate = toInt(r.expiry_date, 'expiry_date');
  return out;
}
