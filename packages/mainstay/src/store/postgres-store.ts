import pg from 'pg';
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

const HASH = (col: string): string => `CHECK (${col} ~ '^[0-9a-f]{64}$')`;
const POSITION = `CHECK (client_position BETWEEN 0 AND ${MAX_CLIENT_POSITION})`;

/** Schema version 1 (ADR 0045), the same tables and indexes as the SQLite store. Idempotent. */
const SCHEMA_V1 = `
CREATE SEQUENCE IF NOT EXISTS attestation_write_seq;
CREATE TABLE IF NOT EXISTS attestation (
  id bigserial PRIMARY KEY,
  txid text NOT NULL ${HASH('txid')},
  merkle_root text NOT NULL ${HASH('merkle_root')},
  confirmed boolean NOT NULL,
  inserted_at bigint NOT NULL CHECK (inserted_at >= 0),
  write_seq bigint NOT NULL DEFAULT nextval('attestation_write_seq'),
  UNIQUE (txid, merkle_root)
);
CREATE INDEX IF NOT EXISTS attestation_by_root ON attestation (merkle_root, id);
CREATE INDEX IF NOT EXISTS attestation_by_txid ON attestation (txid, id);
CREATE INDEX IF NOT EXISTS attestation_latest ON attestation (confirmed, inserted_at DESC, write_seq DESC);
CREATE INDEX IF NOT EXISTS attestation_by_state ON attestation (confirmed, id);
CREATE TABLE IF NOT EXISTS attestation_info (
  id bigserial PRIMARY KEY,
  txid text NOT NULL UNIQUE ${HASH('txid')},
  blockhash text NOT NULL ${HASH('blockhash')},
  amount bigint NOT NULL CHECK (amount >= 0),
  time bigint NOT NULL CHECK (time >= 0)
);
CREATE INDEX IF NOT EXISTS attestation_info_by_blockhash ON attestation_info (blockhash, id);
CREATE TABLE IF NOT EXISTS merkle_commitment (
  id bigserial PRIMARY KEY,
  merkle_root text NOT NULL ${HASH('merkle_root')},
  client_position integer NOT NULL ${POSITION},
  commitment text NOT NULL ${HASH('commitment')},
  UNIQUE (merkle_root, client_position)
);
CREATE INDEX IF NOT EXISTS merkle_commitment_by_position ON merkle_commitment (client_position, commitment, id);
CREATE TABLE IF NOT EXISTS merkle_proof (
  id bigserial PRIMARY KEY,
  merkle_root text NOT NULL ${HASH('merkle_root')},
  client_position integer NOT NULL ${POSITION},
  commitment text NOT NULL ${HASH('commitment')},
  ops jsonb NOT NULL CHECK (jsonb_typeof(ops) = 'array'),
  UNIQUE (merkle_root, client_position)
);
CREATE INDEX IF NOT EXISTS merkle_proof_by_commitment ON merkle_proof (commitment, id);
CREATE INDEX IF NOT EXISTS merkle_proof_by_position ON merkle_proof (client_position, id);
CREATE TABLE IF NOT EXISTS client_commitment (
  client_position integer PRIMARY KEY ${POSITION},
  commitment text NOT NULL ${HASH('commitment')},
  date text
);
CREATE TABLE IF NOT EXISTS client_details (
  id bigserial PRIMARY KEY,
  client_position integer NOT NULL UNIQUE ${POSITION},
  auth_token text NOT NULL,
  pubkey text NOT NULL,
  client_name text NOT NULL,
  service_level text CHECK (service_level IN ('free', 'basic', 'intermediate', 'enterprise')),
  expiry_date bigint
);
`;

/** Advisory lock keys (arbitrary constants: "msmig" / "msalloc"). */
const MIGRATION_LOCK = 0x6d736d6967;
const ALLOCATE_LOCK = 0x6d73616c6c6f63;
const UNIQUE_VIOLATION = '23505';

export interface PostgresStoreOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Database name (conf.json `db.name`). */
  readonly database: string;
  /** Pool size (default 10). */
  readonly max?: number;
  readonly connectionTimeoutMillis?: number;
  /** Called when an idle pooled connection fails (e.g. the server restarted); the pool replaces it. */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * `MainstayStore` on PostgreSQL through a `pg` Pool. `saveAttestation` checks every document, then
 * writes them in one transaction of multi-row upserts (`BATCH_ROWS` documents per statement);
 * `allocateClient` serialises allocators (also across processes) with a transaction-scoped advisory
 * lock and retries if a concurrent `upsertClientDetails` took the slot (unique violation).
 */
export class PostgresMainstayStore implements MainstayStore {
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    readonly where: string,
  ) {}

  static async open(options: PostgresStoreOptions): Promise<PostgresMainstayStore> {
    const where = `PostgreSQL database ${options.database} at ${options.host}:${options.port}`;
    const pool = new pg.Pool({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    });
    pool.on('error', (e: Error) => options.onIdleError?.(e));
    const store = new PostgresMainstayStore(pool, where);
    try {
      await store.transaction(async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await c.query('CREATE TABLE IF NOT EXISTS mainstay_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)');
        const row = (await c.query<{ version: number }>('SELECT version FROM mainstay_schema WHERE id = 1')).rows[0];
        if (row && row.version > MAINSTAY_SCHEMA_VERSION) throw new SchemaVersionError(where, row.version);
        if (!row || row.version < 1) await c.query(SCHEMA_V1);
        await c.query(
          'INSERT INTO mainstay_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version',
          [MAINSTAY_SCHEMA_VERSION],
        );
      });
      return store;
    } catch (e) {
      await pool.end().catch(() => undefined);
      if (e instanceof SchemaVersionError) throw e;
      throw new Error(`cannot open the ${where}: ${(e as Error).message}`);
    }
  }

  async saveAttestation(record: AttestationRecord): Promise<void> {
    this.ready();
    // Every document is checked (in record order) before the transaction starts: a bad one writes nothing.
    const a = record.attestation;
    checkAttestation(a);
    const commitments = new CommitmentColumns(record.commitments);
    const proofs = new ProofColumns(record.proofs);
    const i = record.info;
    if (i) checkAttestationInfo(i);
    await this.transaction(async (c) => {
      await c.query(
        `INSERT INTO attestation (txid, merkle_root, confirmed, inserted_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (txid, merkle_root) DO UPDATE SET
           confirmed = EXCLUDED.confirmed, inserted_at = EXCLUDED.inserted_at, write_seq = EXCLUDED.write_seq`,
        [a.txid, a.merkleRoot, a.confirmed, a.insertedAt],
      );
      // Multi-row upserts of BATCH_ROWS documents each (ADR 0045) instead of one round trip per document.
      for (let from = 0; from < commitments.roots.length; from += BATCH_ROWS) {
        await c.query(UPSERT_COMMITMENTS, commitments.params(from, from + BATCH_ROWS));
      }
      for (let from = 0; from < proofs.roots.length; from += BATCH_ROWS) {
        await c.query(UPSERT_PROOFS, proofs.params(from, from + BATCH_ROWS));
      }
      if (i) {
        await c.query(
          `INSERT INTO attestation_info (txid, blockhash, amount, time) VALUES ($1, $2, $3, $4)
           ON CONFLICT (txid) DO UPDATE SET blockhash = EXCLUDED.blockhash, amount = EXCLUDED.amount, time = EXCLUDED.time`,
          [i.txid, i.blockhash, i.amount, i.time],
        );
      }
    });
  }

  async clientCommitments(): Promise<ClientCommitmentDoc[]> {
    return (await this.rows<ClientCommitmentRow>('SELECT client_position, commitment, date FROM client_commitment ORDER BY client_position')).map(
      clientCommitmentFromRow,
    );
  }

  async latestAttestation(confirmed: boolean): Promise<AttestationDoc | undefined> {
    const [row] = await this.rows<AttestationRow>(`${ATT} WHERE confirmed = $1 ORDER BY inserted_at DESC, write_seq DESC LIMIT 1`, [confirmed]);
    return row ? attestationFromRow(row) : undefined;
  }

  async unconfirmedAttestations(): Promise<AttestationDoc[]> {
    return (await this.rows<AttestationRow>(`${ATT} WHERE confirmed = false ORDER BY id`)).map(attestationFromRow);
  }

  async merkleCommitments(merkleRoot: string): Promise<MerkleCommitmentDoc[]> {
    return (await this.rows<MerkleCommitmentRow>(`${COMMITMENT} WHERE merkle_root = $1 ORDER BY client_position`, [merkleRoot])).map(commitmentFromRow);
  }

  async attestationsByTxid(txid: string): Promise<AttestationDoc[]> {
    return (await this.rows<AttestationRow>(`${ATT} WHERE txid = $1 ORDER BY id`, [txid])).map(attestationFromRow);
  }

  async attestationsByRoot(merkleRoot: string): Promise<AttestationDoc[]> {
    return (await this.rows<AttestationRow>(`${ATT} WHERE merkle_root = $1 ORDER BY id`, [merkleRoot])).map(attestationFromRow);
  }

  async attestationInfo(txid: string): Promise<AttestationInfoDoc | undefined> {
    const [row] = await this.rows<AttestationInfoRow>(`${INFO} WHERE txid = $1`, [txid]);
    return row ? infoFromRow(row) : undefined;
  }

  async attestationInfoByBlockhash(blockhash: string): Promise<AttestationInfoDoc[]> {
    return (await this.rows<AttestationInfoRow>(`${INFO} WHERE blockhash = $1 ORDER BY id`, [blockhash])).map(infoFromRow);
  }

  async merkleCommitment(merkleRoot: string, position: number): Promise<MerkleCommitmentDoc | undefined> {
    const [row] = await this.rows<MerkleCommitmentRow>(`${COMMITMENT} WHERE merkle_root = $1 AND client_position = $2`, [merkleRoot, position]);
    return row ? commitmentFromRow(row) : undefined;
  }

  async merkleCommitmentsFor(position: number, commitment: string): Promise<MerkleCommitmentDoc[]> {
    return (await this.rows<MerkleCommitmentRow>(`${COMMITMENT} WHERE client_position = $1 AND commitment = $2 ORDER BY id`, [position, commitment])).map(
      commitmentFromRow,
    );
  }

  async merkleProof(merkleRoot: string, position: number): Promise<MerkleProofDoc | undefined> {
    const [row] = await this.rows<MerkleProofRow>(`${PROOF} WHERE merkle_root = $1 AND client_position = $2`, [merkleRoot, position]);
    return row ? proofFromRow(row) : undefined;
  }

  async earliestProofWithCommitment(commitment: string): Promise<MerkleProofDoc | undefined> {
    const [row] = await this.rows<MerkleProofRow>(`${PROOF} WHERE commitment = $1 ORDER BY id LIMIT 1`, [commitment]);
    return row ? proofFromRow(row) : undefined;
  }

  async proofsForPosition(position: number, offset: number, limit: number): Promise<Page<MerkleProofDoc>> {
    checkPage(offset, limit);
    return this.transaction(
      async (c) => {
        const items = (await c.query<MerkleProofRow>(`${PROOF} WHERE client_position = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`, [position, limit, offset])).rows;
        const count = (await c.query<{ n: string }>('SELECT count(*) AS n FROM merkle_proof WHERE client_position = $1', [position])).rows[0]!;
        return { items: items.map(proofFromRow), total: toInt(count.n, 'count') };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  async clientDetails(position: number): Promise<ClientDetailsDoc | undefined> {
    const [row] = await this.rows<ClientDetailsRow>(`${DETAILS} WHERE client_position = $1`, [position]);
    return row ? clientDetailsFromRow(row) : undefined;
  }

  async allClientDetails(): Promise<ClientDetailsDoc[]> {
    return (await this.rows<ClientDetailsRow>(`${DETAILS} ORDER BY id`)).map(clientDetailsFromRow);
  }

  async allocateClient(details: Omit<ClientDetailsDoc, 'clientPosition'>, createCommitment: boolean): Promise<ClientDetailsDoc> {
    checkClientDetailsFields(details);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(async (c) => {
          await c.query('SELECT pg_advisory_xact_lock($1)', [ALLOCATE_LOCK]);
          const pos = toInt((await c.query<{ pos: number }>(LOWEST_FREE)).rows[0]!.pos, 'pos');
          if (pos > MAX_CLIENT_POSITION) throw new Error('no free client position');
          const doc: ClientDetailsDoc = { ...details, clientPosition: pos };
          await c.query(
            `INSERT INTO client_details (client_position, auth_token, pubkey, client_name, service_level, expiry_date)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            detailsParams(doc),
          );
          if (createCommitment) await c.query(UPSERT_CLIENT_COMMITMENT, [pos, ZERO_HASH, null]);
          return clientDetailsFromRow((await c.query<ClientDetailsRow>(`${DETAILS} WHERE client_position = $1`, [pos])).rows[0]!);
        });
      } catch (e) {
        // A concurrent upsertClientDetails (which does not take the lock) got the slot first.
        if ((e as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 5) throw e;
      }
    }
  }

  async upsertClientDetails(details: ClientDetailsDoc): Promise<void> {
    checkClientDetails(details);
    await this.rows(
      `INSERT INTO client_details (client_position, auth_token, pubkey, client_name, service_level, expiry_date)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (client_position) DO UPDATE SET auth_token = EXCLUDED.auth_token, pubkey = EXCLUDED.pubkey,
         client_name = EXCLUDED.client_name, service_level = EXCLUDED.service_level, expiry_date = EXCLUDED.expiry_date`,
      detailsParams(details),
    );
  }

  async clientCommitment(position: number): Promise<ClientCommitmentDoc | undefined> {
    const [row] = await this.rows<ClientCommitmentRow>('SELECT client_position, commitment, date FROM client_commitment WHERE client_position = $1', [position]);
    return row ? clientCommitmentFromRow(row) : undefined;
  }

  async upsertClientCommitment(doc: ClientCommitmentDoc): Promise<void> {
    checkClientCommitment(doc);
    await this.rows(UPSERT_CLIENT_COMMITMENT, [doc.clientPosition, doc.commitment, doc.date ?? null]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    this.ready();
    return (await this.pool.query<R>(sql, params)).rows;
  }

  private async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    this.ready();
    const c = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await c.query(begin);
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw e;
    } finally {
      c.release(broken);
    }
  }

  private ready(): void {
    if (this.closed) throw new Error(`the store on ${this.where} is closed`);
  }
}

/** Documents per multi-row upsert statement in `saveAttestation` (100k slots → 20 statements per table). */
const BATCH_ROWS = 5000;

/**
 * One upsert for a batch of documents given as parallel arrays. `WITH ORDINALITY … ORDER BY` makes
 * new rows take their ids in array (= record) order; existing rows keep theirs (ON CONFLICT updates).
 * One statement must not touch a key twice, so the arrays hold each (merkle_root, client_position)
 * once — see `KeyedColumns`.
 */
const UPSERT_COMMITMENTS = `INSERT INTO merkle_commitment (merkle_root, client_position, commitment)
  SELECT r, p, c FROM unnest($1::text[], $2::integer[], $3::text[]) WITH ORDINALITY AS u(r, p, c, n) ORDER BY n
  ON CONFLICT (merkle_root, client_position) DO UPDATE SET commitment = EXCLUDED.commitment`;
/** As UPSERT_COMMITMENTS; the ops of the batch arrive as one JSON array of the proofs' op arrays. */
const UPSERT_PROOFS = `INSERT INTO merkle_proof (merkle_root, client_position, commitment, ops)
  SELECT r, p, c, o FROM ROWS FROM (unnest($1::text[]), unnest($2::integer[]), unnest($3::text[]), jsonb_array_elements($4::jsonb))
    WITH ORDINALITY AS u(r, p, c, o, n) ORDER BY n
  ON CONFLICT (merkle_root, client_position) DO UPDATE SET commitment = EXCLUDED.commitment, ops = EXCLUDED.ops`;

/**
 * Checked documents as column arrays, one row per (merkleRoot, clientPosition). A key repeated in
 * the record keeps its first row (its insertion order) and takes the last document's values — what
 * one upsert per document in record order stored (and what the other stores do).
 */
abstract class KeyedColumns {
  readonly roots: string[] = [];
  readonly positions: number[] = [];
  private readonly rows = new Map<string, Map<number, number>>();

  /** The row of the key: the existing one, or a new one at the end. */
  protected row(root: string, position: number): number {
    let byPosition = this.rows.get(root);
    if (!byPosition) this.rows.set(root, (byPosition = new Map()));
    let row = byPosition.get(position);
    if (row === undefined) {
      row = this.roots.length;
      byPosition.set(position, row);
      this.roots.push(root);
      this.positions.push(position);
    }
    return row;
  }
}

class CommitmentColumns extends KeyedColumns {
  readonly commitments: string[] = [];

  constructor(docs: readonly MerkleCommitmentDoc[]) {
    super();
    for (const m of docs) {
      checkMerkleCommitment(m);
      this.commitments[this.row(m.merkleRoot, m.clientPosition)] = m.commitment;
    }
  }

  /** Parameters of UPSERT_COMMITMENTS for rows [from, to). */
  params(from: number, to: number): unknown[] {
    return [this.roots.slice(from, to), this.positions.slice(from, to), this.commitments.slice(from, to)];
  }
}

class ProofColumns extends KeyedColumns {
  readonly commitments: string[] = [];
  /** `opsToJson` of each proof. */
  readonly ops: string[] = [];

  constructor(docs: readonly MerkleProofDoc[]) {
    super();
    for (const p of docs) {
      checkMerkleProof(p);
      const row = this.row(p.merkleRoot, p.clientPosition);
      this.commitments[row] = p.commitment;
      this.ops[row] = opsToJson(p.ops);
    }
  }

  /** Parameters of UPSERT_PROOFS for rows [from, to). */
  params(from: number, to: number): unknown[] {
    return [this.roots.slice(from, to), this.positions.slice(from, to), this.commitments.slice(from, to), `[${this.ops.slice(from, to).join(',')}]`];
  }
}

function detailsParams(d: ClientDetailsDoc): unknown[] {
  return [d.clientPosition, d.authToken, d.pubkey, d.clientName, d.serviceLevel ?? null, d.expiryDate ?? null];
}

const ATT = 'SELECT txid, merkle_root, confirmed, inserted_at FROM attestation';
const INFO = 'SELECT txid, blockhash, amount, time FROM attestation_info';
const COMMITMENT = 'SELECT merkle_root, client_position, commitment FROM merkle_commitment';
const PROOF = 'SELECT merkle_root, client_position, commitment, ops FROM merkle_proof';
const DETAILS = 'SELECT client_position, auth_token, pubkey, client_name, service_level, expiry_date FROM client_details';
const UPSERT_CLIENT_COMMITMENT = `INSERT INTO client_commitment (client_position, commitment, date) VALUES ($1, $2, $3)
  ON CONFLICT (client_position) DO UPDATE SET commitment = EXCLUDED.commitment, date = EXCLUDED.date`;
const LOWEST_FREE = `SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM client_details WHERE client_position = 0) THEN 0
  ELSE (SELECT min(d.client_position) + 1 FROM client_details d
        WHERE NOT EXISTS (SELECT 1 FROM client_details e WHERE e.client_position = d.client_position + 1)) END AS pos`;
