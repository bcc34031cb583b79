import Database from 'better-sqlite3';
import type {
  AttestationDoc,
  AttestationInfoDoc,
  AttestationRecord,
  ClientCommitmentDoc,
  ClientDetailsDoc,
  MerkleCommitmentDoc,
  MerkleProofDoc,
} from './documents.js';
import type { MainstayStore, Page } from './mainstay-store.js';
import {
  checkAttestation,
  checkAttestationInfo,
  checkClientCommitment,
  checkClientDetails,
  checkClientDetailsFields,
  checkMerkleCommitment,
  checkMerkleProof,
  checkPage,
  MAX_CLIENT_POSITION,
  ZERO_HASH,
} from './document-checks.js';
import {
  attestationFromRow,
  clientCommitmentFromRow,
  clientDetailsFromRow,
  commitmentFromRow,
  infoFromRow,
  MAINSTAY_SCHEMA_VERSION,
  opsToJson,
  proofFromRow,
  SchemaVersionError,
  toInt,
  type AttestationInfoRow,
  type AttestationRow,
  type ClientCommitmentRow,
  type ClientDetailsRow,
  type MerkleCommitmentRow,
  type MerkleProofRow,
} from './sql-rows.js';

const HASH = (col: string): string => `CHECK (length(${col}) = 64 AND ${col} NOT GLOB '*[^0-9a-f]*')`;
const POSITION = `CHECK (typeof(client_position) = 'integer' AND client_position BETWEEN 0 AND ${MAX_CLIENT_POSITION})`;
const UINT = (col: string): string => `CHECK (typeof(${col}) = 'integer' AND ${col} >= 0)`;

/** Schema version 1 (ADR 0045). Every statement is idempotent. */
const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS attestation (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  txid TEXT NOT NULL ${HASH('txid')},
  merkle_root TEXT NOT NULL ${HASH('merkle_root')},
  confirmed INTEGER NOT NULL CHECK (confirmed IN (0, 1)),
  inserted_at INTEGER NOT NULL ${UINT('inserted_at')},
  write_seq INTEGER NOT NULL UNIQUE,
  UNIQUE (txid, merkle_root)
);
CREATE INDEX IF NOT EXISTS attestation_by_root ON attestation (merkle_root, id);
CREATE INDEX IF NOT EXISTS attestation_by_txid ON attestation (txid, id);
CREATE INDEX IF NOT EXISTS attestation_latest ON attestation (confirmed, inserted_at DESC, write_seq DESC);
CREATE INDEX IF NOT EXISTS attestation_by_state ON attestation (confirmed, id);
CREATE TABLE IF NOT EXISTS attestation_info (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  txid TEXT NOT NULL UNIQUE ${HASH('txid')},
  blockhash TEXT NOT NULL ${HASH('blockhash')},
  amount INTEGER NOT NULL ${UINT('amount')},
  time INTEGER NOT NULL ${UINT('time')}
);
CREATE INDEX IF NOT EXISTS attestation_info_by_blockhash ON attestation_info (blockhash, id);
CREATE TABLE IF NOT EXISTS merkle_commitment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merkle_root TEXT NOT NULL ${HASH('merkle_root')},
  client_position INTEGER NOT NULL ${POSITION},
  commitment TEXT NOT NULL ${HASH('commitment')},
  UNIQUE (merkle_root, client_position)
);
CREATE INDEX IF NOT EXISTS merkle_commitment_by_position ON merkle_commitment (client_position, commitment, id);
CREATE TABLE IF NOT EXISTS merkle_proof (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merkle_root TEXT NOT NULL ${HASH('merkle_root')},
  client_position INTEGER NOT NULL ${POSITION},
  commitment TEXT NOT NULL ${HASH('commitment')},
  ops TEXT NOT NULL CHECK (json_valid(ops) AND json_type(ops) = 'array'),
  UNIQUE (merkle_root, client_position)
);
CREATE INDEX IF NOT EXISTS merkle_proof_by_commitment ON merkle_proof (commitment, id);
CREATE INDEX IF NOT EXISTS merkle_proof_by_position ON merkle_proof (client_position, id);
CREATE TABLE IF NOT EXISTS client_commitment (
  client_position INTEGER PRIMARY KEY ${POSITION},
  commitment TEXT NOT NULL ${HASH('commitment')},
  date TEXT
);
CREATE TABLE IF NOT EXISTS client_details (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_position INTEGER NOT NULL UNIQUE ${POSITION},
  auth_token TEXT NOT NULL,
  pubkey TEXT NOT NULL,
  client_name TEXT NOT NULL,
  service_level TEXT CHECK (service_level IN ('free', 'basic', 'intermediate', 'enterprise')),
  expiry_date INTEGER CHECK (expiry_date IS NULL OR typeof(expiry_date) = 'integer')
);
`;

export interface SqliteStoreOptions {
  /** How long a writer waits for another process's write lock (ms, default 10 000). */
  readonly busyTimeoutMs?: number;
  /** `PRAGMA synchronous` (default FULL: a committed attestation survives power loss). */
  readonly synchronous?: 'OFF' | 'NORMAL' | 'FULL';
}

/**
 * The embedded `MainstayStore` (default): one SQLite file in WAL mode via better-sqlite3. Every
 * method is one statement or one transaction; `saveAttestation` and `allocateClient` take the
 * write lock up front (BEGIN IMMEDIATE), so several processes may share the file.
 */
export class SqliteMainstayStore implements MainstayStore {
  private closed = false;
  private readonly q: ReturnType<typeof prepare>;
  private readonly saveTx: Database.Transaction<(record: AttestationRecord) => void>;
  private readonly allocateTx: Database.Transaction<(details: Omit<ClientDetailsDoc, 'clientPosition'>, createCommitment: boolean) => ClientDetailsDoc>;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    this.q = prepare(db);
    this.saveTx = db.transaction((record: AttestationRecord) => this.writeRecord(record));
    this.allocateTx = db.transaction((details: Omit<ClientDetailsDoc, 'clientPosition'>, createCommitment: boolean) =>
      this.allocate(details, createCommitment),
    );
  }

  /** Open (creating if needed) the database file at `path` (`:memory:` for a private in-memory database). */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteMainstayStore {
    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (e) {
      throw new Error(`cannot open the SQLite database ${path}: ${(e as Error).message}`);
    }
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 10_000))}`);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      migrate(db, path);
      return new SqliteMainstayStore(db, path);
    } catch (e) {
      db.close();
      if (e instanceof SchemaVersionError) throw e;
      throw new Error(`cannot open the SQLite database ${path}: ${(e as Error).message}`);
    }
  }

  async saveAttestation(record: AttestationRecord): Promise<void> {
    this.ready();
    this.saveTx.immediate(record);
  }

  async clientCommitments(): Promise<ClientCommitmentDoc[]> {
    this.ready();
    return (this.q.clientCommitments.all() as ClientCommitmentRow[]).map(clientCommitmentFromRow);
  }

  async latestAttestation(confirmed: boolean): Promise<AttestationDoc | undefined> {
    this.ready();
    const row = this.q.latest.get(confirmed ? 1 : 0) as AttestationRow | undefined;
    return row ? attestationFromRow(row) : undefined;
  }

  async unconfirmedAttestations(): Promise<AttestationDoc[]> {
    this.ready();
    return (this.q.byState.all(0) as AttestationRow[]).map(attestationFromRow);
  }

  async merkleCommitments(merkleRoot: string): Promise<MerkleCommitmentDoc[]> {
    this.ready();
    return (this.q.commitmentsOfRoot.all(merkleRoot) as MerkleCommitmentRow[]).map(commitmentFromRow);
  }

  async attestationsByTxid(txid: string): Promise<AttestationDoc[]> {
    this.ready();
    return (this.q.byTxid.all(txid) as AttestationRow[]).map(attestationFromRow);
  }

  async attestationsByRoot(merkleRoot: string): Promise<AttestationDoc[]> {
    this.ready();
    return (this.q.byRoot.all(merkleRoot) as AttestationRow[]).map(attestationFromRow);
  }

  async attestationInfo(txid: string): Promise<AttestationInfoDoc | undefined> {
    this.ready();
    const row = this.q.info.get(txid) as AttestationInfoRow | undefined;
    return row ? infoFromRow(row) : undefined;
  }

  async attestationInfoByBlockhash(blockhash: string): Promise<AttestationInfoDoc[]> {
    this.ready();
    return (this.q.infoByBlockhash.all(blockhash) as AttestationInfoRow[]).map(infoFromRow);
  }

  async merkleCommitment(merkleRoot: string, position: number): Promise<MerkleCommitmentDoc | undefined> {
    this.ready();
    const row = this.q.commitment.get(merkleRoot, position) as MerkleCommitmentRow | undefined;
    return row ? commitmentFromRow(row) : undefined;
  }

  async merkleCommitmentsFor(position: number, commitment: string): Promise<MerkleCommitmentDoc[]> {
    this.ready();
    return (this.q.commitmentsFor.all(position, commitment) as MerkleCommitmentRow[]).map(commitmentFromRow);
  }

  async merkleProof(merkleRoot: string, position: number): Promise<MerkleProofDoc | undefined> {
    this.ready();
    const row = this.q.proof.get(merkleRoot, position) as MerkleProofRow | undefined;
    return row ? proofFromRow(row) : undefined;
  }

  async earliestProofWithCommitment(commitment: string): Promise<MerkleProofDoc | undefined> {
    this.ready();
    const row = this.q.earliestProof.get(commitment) as MerkleProofRow | undefined;
    return row ? proofFromRow(row) : undefined;
  }

  async proofsForPosition(position: number, offset: number, limit: number): Promise<Page<MerkleProofDoc>> {
    this.ready();
    checkPage(offset, limit);
    const read = this.db.transaction(() => ({
      items: (this.q.proofsPage.all(position, limit, offset) as MerkleProofRow[]).map(proofFromRow),
      total: toInt((this.q.proofsCount.get(position) as { n: number }).n, 'count'),
    }));
    return read.deferred();
  }

  async clientDetails(position: number): Promise<ClientDetailsDoc | undefined> {
    this.ready();
    const row = this.q.clientDetails.get(position) as ClientDetailsRow | undefined;
    return row ? clientDetailsFromRow(row) : undefined;
  }

  async allClientDetails(): Promise<ClientDetailsDoc[]> {
    this.ready();
    return (this.q.allClientDetails.all() as ClientDetailsRow[]).map(clientDetailsFromRow);
  }

  async allocateClient(details: Omit<ClientDetailsDoc, 'clientPosition'>, createCommitment: boolean): Promise<ClientDetailsDoc> {
    this.ready();
    checkClientDetailsFields(details);
    return this.allocateTx.immediate(details, createCommitment);
  }

  async upsertClientDetails(details: ClientDetailsDoc): Promise<void> {
    this.ready();
    checkClientDetails(details);
    this.q.upsertClientDetails.run(detailsParams(details));
  }

  async clientCommitment(position: number): Promise<ClientCommitmentDoc | undefined> {
    this.ready();
    const row = this.q.clientCommitment.get(position) as ClientCommitmentRow | undefined;
    return row ? clientCommitmentFromRow(row) : undefined;
  }

  async upsertClientCommitment(doc: ClientCommitmentDoc): Promise<void> {
    this.ready();
    checkClientCommitment(doc);
    this.q.upsertClientCommitment.run(doc.clientPosition, doc.commitment, doc.date ?? null);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** Runs inside the save transaction: each document is checked just before its write. */
  private writeRecord(record: AttestationRecord): void {
    const a = record.attestation;
    checkAttestation(a);
    this.q.upsertAttestation.run(a.txid, a.merkleRoot, a.confirmed ? 1 : 0, a.insertedAt);
    for (const c of record.commitments) {
      checkMerkleCommitment(c);
      this.q.upsertCommitment.run(c.merkleRoot, c.clientPosition, c.commitment);
    }
    for (const p of record.proofs) {
      checkMerkleProof(p);
      this.q.upsertProof.run(p.merkleRoot, p.clientPosition, p.commitment, opsToJson(p.ops));
    }
    if (record.info) {
      const i = record.info;
      checkAttestationInfo(i);
      this.q.upsertInfo.run(i.txid, i.blockhash, i.amount, i.time);
    }
  }

  private allocate(details: Omit<ClientDetailsDoc, 'clientPosition'>, createCommitment: boolean): ClientDetailsDoc {
    const position = toInt((this.q.lowestFree.get() as { pos: number }).pos, 'pos');
    if (position > MAX_CLIENT_POSITION) throw new Error('no free client position');
    const doc: ClientDetailsDoc = { ...details, clientPosition: position };
    this.q.insertClientDetails.run(detailsParams(doc));
    if (createCommitment) this.q.upsertClientCommitment.run(position, ZERO_HASH, null);
    return clientDetailsFromRow(this.q.clientDetails.get(position) as ClientDetailsRow);
  }

  private ready(): void {
    if (this.closed) throw new Error(`the SQLite store ${this.path} is closed`);
  }
}

function detailsParams(d: ClientDetailsDoc): Record<string, unknown> {
  return {
    client_position: d.clientPosition,
    auth_token: d.authToken,
    pubkey: d.pubkey,
    client_name: d.clientName,
    service_level: d.serviceLevel ?? null,
    expiry_date: d.expiryDate ?? null,
  };
}

function migrate(db: Database.Database, path: string): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS mainstay_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)');
    const row = db.prepare('SELECT version FROM mainstay_schema WHERE id = 1').get() as { version: number } | undefined;
    if (row && row.version > MAINSTAY_SCHEMA_VERSION) throw new SchemaVersionError(`SQLite database ${path}`, row.version);
    if (!row || row.version < 1) db.exec(SCHEMA_V1);
    db.prepare('INSERT INTO mainstay_schema (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version').run(
      MAINSTAY_SCHEMA_VERSION,
    );
  }).immediate();
}

const ATT = 'SELECT txid, merkle_root, confirmed, inserted_at FROM attestation';
const PROOF = 'SELECT merkle_root, client_position, commitment, ops FROM merkle_proof';
const DETAILS = 'SELECT client_position, auth_token, pubkey, client_name, service_level, expiry_date FROM client_details';

function prepare(db: Database.Database) {
  return {
    upsertAttestation: db.prepare(
      `INSERT INTO attestation (txid, merkle_root, confirmed, inserted_at, write_seq)
       VALUES (?, ?, ?, ?, (SELECT coalesce(max(write_seq), 0) + 1 FROM attestation))
       ON CONFLICT (txid, merkle_root) DO UPDATE SET
         confirmed = excluded.confirmed, inserted_at = excluded.inserted_at, write_seq = excluded.write_seq`,
    ),
    upsertCommitment: db.prepare(
      `INSERT INTO merkle_commitment (merkle_root, client_position, commitment) VALUES (?, ?, ?)
       ON CONFLICT (merkle_root, client_position) DO UPDATE SET commitment = excluded.commitment`,
    ),
    upsertProof: db.prepare(
      `INSERT INTO merkle_proof (merkle_root, client_position, commitment, ops) VALUES (?, ?, ?, ?)
       ON CONFLICT (merkle_root, client_position) DO UPDATE SET commitment = excluded.commitment, ops = excluded.ops`,
    ),
    upsertInfo: db.prepare(
      `INSERT INTO attestation_info (txid, blockhash, amount, time) VALUES (?, ?, ?, ?)
       ON CONFLICT (txid) DO UPDATE SET blockhash = excluded.blockhash, amount = excluded.amount, time = excluded.time`,
    ),
    latest: db.prepare(`${ATT} WHERE confirmed = ? ORDER BY inserted_at DESC, write_seq DESC LIMIT 1`),
    byState: db.prepare(`${ATT} WHERE confirmed = ? ORDER BY id`),
    byTxid: db.prepare(`${ATT} WHERE txid = ? ORDER BY id`),
    byRoot: db.prepare(`${ATT} WHERE merkle_root = ? ORDER BY id`),
    info: db.prepare('SELECT txid, blockhash, amount, time FROM attestation_info WHERE txid = ?'),
    infoByBlockhash: db.prepare('SELECT txid, blockhash, amount, time FROM attestation_info WHERE blockhash = ? ORDER BY id'),
    commitmentsOfRoot: db.prepare('SELECT merkle_root, client_position, commitment FROM merkle_commitment WHERE merkle_root = ? ORDER BY client_position'),
    commitment: db.prepare('SELECT merkle_root, client_position, commitment FROM merkle_commitment WHERE merkle_root = ? AND client_position = ?'),
    commitmentsFor: db.prepare(
      'SELECT merkle_root, client_position, commitment FROM merkle_commitment WHERE client_position = ? AND commitment = ? ORDER BY id',
    ),
    proof: db.prepare(`${PROOF} WHERE merkle_root = ? AND client_position = ?`),
    earliestProof: db.prepare(`${PROOF} WHERE commitment = ? ORDER BY id LIMIT 1`),
    proofsPage: db.prepare(`${PROOF} WHERE client_position = ? ORDER BY id DESC LIMIT ? OFFSET ?`),
    proofsCount: db.prepare('SELECT count(*) AS n FROM merkle_proof WHERE client_position = ?'),
    clientCommitments: db.prepare('SELECT client_position, commitment, date FROM client_commitment ORDER BY client_position'),
    clientCommitment: db.prepare('SELECT client_position, commitment, date FROM client_commitment WHERE client_position = ?'),
    upsertClientCommitment: db.prepare(
      `INSERT INTO client_commitment (client_position, commitment, date) VALUES (?, ?, ?)
       ON CONFLICT (client_position) DO UPDATE SET commitment = excluded.commitment, date = excluded.date`,
    ),
    clientDetails: db.prepare(`${DETAILS} WHERE client_position = ?`),
    allClientDetails: db.prepare(`${DETAILS} ORDER BY id`),
    upsertClientDetails: db.prepare(
      `INSERT INTO client_details (client_position, auth_token, pubkey, client_name, service_level, expiry_date)
       VALUES (@client_position, @auth_token, @pubkey, @client_name, @service_level, @expiry_date)
       ON CONFLICT (client_position) DO UPDATE SET auth_token = excluded.auth_token, pubkey = excluded.pubkey,
         client_name = excluded.client_name, service_level = excluded.service_level, expiry_date = excluded.expiry_date`,
    ),
    insertClientDetails: db.prepare(
      `INSERT INTO client_details (client_position, auth_token, pubkey, client_name, service_level, expiry_date)
       VALUES (@client_position, @auth_token, @pubkey, @client_name, @service_level, @expiry_date)`,
    ),
    lowestFree: db.prepare(
      `SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM client_details WHERE client_position = 0) THEN 0
         ELSE (SELECT min(d.client_position) + 1 FROM client_details d
               WHERE NOT EXISTS (SELECT 1 FROM client_details e WHERE e.client_position = d.client_position + 1)) END AS pos`,
    ),
  };
}
