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
  copyClientCommitment,
  copyClientDetails,
  copyProof,
  ZERO_HASH,
} from './document-checks.js';

/** A stored document with its insertion id (kept by upserts) and its last-write sequence number. */
interface Row<T> {
  readonly id: number;
  seq: number;
  doc: T;
}

/** A keyed collection with insertion ids, like a Mongo collection with a unique index. */
class Collection<T> {
  private readonly rows = new Map<string, Row<T>>();

  constructor(private readonly counter: { next: number }) {}

  upsert(key: string, doc: T): void {
    const seq = this.counter.next++;
    const row = this.rows.get(key);
    if (row) {
      row.doc = doc;
      row.seq = seq;
    } else {
      this.rows.set(key, { id: seq, seq, doc });
    }
  }

  get(key: string): T | undefined {
    return this.rows.get(key)?.doc;
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** Rows matching `pred`, in insertion (id) order. */
  filter(pred: (doc: T) => boolean): Row<T>[] {
    return [...this.rows.values()].filter((r) => pred(r.doc)).sort((a, b) => a.id - b.id);
  }

  all(): Row<T>[] {
    return this.filter(() => true);
  }
}

const pairKey = (root: string, position: number): string => `${root}/${position}`;

/**
 * The in-memory `MainstayStore` (tests and the REST API's tests). Every method runs synchronously
 * inside its promise, so each is atomic; `saveAttestation` checks every document before it writes
 * any. Documents are copied on the way in and out.
 */
export class MemoryMainstayStore implements MainstayStore {
  private readonly counter = { next: 1 };
  private readonly attestations = new Collection<AttestationDoc>(this.counter);
  private readonly infos = new Collection<AttestationInfoDoc>(this.counter);
  private readonly commitments = new Collection<MerkleCommitmentDoc>(this.counter);
  private readonly proofs = new Collection<MerkleProofDoc>(this.counter);
  private readonly clientCommitmentsByPos = new Collection<ClientCommitmentDoc>(this.counter);
  private readonly clientDetailsByPos = new Collection<ClientDetailsDoc>(this.counter);
  private closed = false;

  async saveAttestation(record: AttestationRecord): Promise<void> {
    this.open();
    const writes: (() => void)[] = [];
    checkAttestation(record.attestation);
    const a = { ...record.attestation };
    writes.push(() => this.attestations.upsert(`${a.txid}/${a.merkleRoot}`, a));
    for (const c of record.commitments) {
      checkMerkleCommitment(c);
      const doc = { merkleRoot: c.merkleRoot, clientPosition: c.clientPosition, commitment: c.commitment };
      writes.push(() => this.commitments.upsert(pairKey(doc.merkleRoot, doc.clientPosition), doc));
    }
    for (const p of record.proofs) {
      checkMerkleProof(p);
      const doc = copyProof(p);
      writes.push(() => this.proofs.upsert(pairKey(doc.merkleRoot, doc.clientPosition), doc));
    }
    if (record.info) {
      checkAttestationInfo(record.info);
      const info = { ...record.info };
      writes.push(() => this.infos.upsert(info.txid, info));
    }
    for (const w of writes) w();
  }

  async clientCommitments(): Promise<ClientCommitmentDoc[]> {
    this.open();
    return this.clientCommitmentsByPos
      .all()
      .map((r) => copyClientCommitment(r.doc))
      .sort((a, b) => a.clientPosition - b.clientPosition);
  }

  async latestAttestation(confirmed: boolean): Promise<AttestationDoc | undefined> {
    this.open();
    let best: Row<AttestationDoc> | undefined;
    for (const r of this.attestations.filter((d) => d.confirmed === confirmed)) {
      if (!best || r.doc.insertedAt > best.doc.insertedAt || (r.doc.insertedAt === best.doc.insertedAt && r.seq > best.seq)) best = r;
    }
    return best ? { ...best.doc } : undefined;
  }

  async unconfirmedAttestations(): Promise<AttestationDoc[]> {
    this.open();
    return this.attestations.filter((d) => !d.confirmed).map((r) => ({ ...r.doc }));
  }

  async merkleCommitments(merkleRoot: string): Promise<MerkleCommitmentDoc[]> {
    this.open();
    return this.commitments
      .filter((d) => d.merkleRoot === merkleRoot)
      .map((r) => ({ ...r.doc }))
      .sort((a, b) => a.clientPosition - b.clientPosition);
  }

  async attestationsByTxid(txid: string): Promise<AttestationDoc[]> {
    this.open();
    return this.attestations.filter((d) => d.txid === txid).map((r) => ({ ...r.doc }));
  }

  async attestationsByRoot(merkleRoot: string): Promise<AttestationDoc[]> {
    this.open();
    return this.attestations.filter((d) => d.merkleRoot === merkleRoot).map((r) => ({ ...r.doc }));
  }

  async attestationInfo(txid: string): Promise<AttestationInfoDoc | undefined> {
    this.open();
    const doc = this.infos.get(txid);
    return doc ? { ...doc } : undefined;
  }

  async attestationInfoByBlockhash(blockhash: string): Promise<AttestationInfoDoc[]> {
    this.open();
    return this.infos.filter((d) => d.blockhash === blockhash).map((r) => ({ ...r.doc }));
  }

  async merkleCommitment(merkleRoot: string, position: number): Promise<MerkleCommitmentDoc | undefined> {
    this.open();
    const doc = this.commitments.get(pairKey(merkleRoot, position));
    return doc ? { ...doc } : undefined;
  }

  async merkleCommitmentsFor(position: number, commitment: string): Promise<MerkleCommitmentDoc[]> {
    this.open();
    return this.commitments
      .filter((d) => d.clientPosition === position && d.commitment === commitment)
      .map((r) => ({ ...r.doc }));
  }

  async merkleProof(merkleRoot: string, position: number): Promise<MerkleProofDoc | undefined> {
    this.open();
    const doc = this.proofs.get(pairKey(merkleRoot, position));
    return doc ? copyProof(doc) : undefined;
  }

  async earliestProofWithCommitment(commitment: string): Promise<MerkleProofDoc | undefined> {
    this.open();
    const first = this.proofs.filter((d) => d.commitment === commitment)[0];
    return first ? copyProof(first.doc) : undefined;
  }

  async proofsForPosition(position: number, offset: number, limit: number): Promise<Page<MerkleProofDoc>> {
    this.open();
    checkPage(offset, limit);
    const rows = this.proofs.filter((d) => d.clientPosition === position).reverse();
    return { items: rows.slice(offset, offset + limit).map((r) => copyProof(r.doc)), total: rows.length };
  }

  async clientDetails(position: number): Promise<ClientDetailsDoc | undefined> {
    this.open();
    const doc = this.clientDetailsByPos.get(String(position));
    return doc ? copyClientDetails(doc) : undefined;
  }

  async allClientDetails(): Promise<ClientDetailsDoc[]> {
    this.open();
    return this.clientDetailsByPos.all().map((r) => copyClientDetails(r.doc));
  }

  async allocateClient(details: Omit<ClientDetailsDoc, 'clientPosition'>, createCommitment: boolean): Promise<ClientDetailsDoc> {
    this.open();
    checkClientDetailsFields(details);
    let position = 0;
    while (this.clientDetailsByPos.has(String(position))) position++;
    const doc = copyClientDetails({ ...details, clientPosition: position });
    this.clientDetailsByPos.upsert(String(position), doc);
    if (createCommitment) this.clientCommitmentsByPos.upsert(String(position), { clientPosition: position, commitment: ZERO_HASH });
    return copyClientDetails(doc);
  }

  async upsertClientDetails(details: ClientDetailsDoc): Promise<void> {
    this.open();
    checkClientDetails(details);
    this.clientDetailsByPos.upsert(String(details.clientPosition), copyClientDetails(details));
  }

  async clientCommitment(position: number): Promise<ClientCommitmentDoc | undefined> {
    this.open();
    const doc = this.clientCommitmentsByPos.get(String(position));
    return doc ? copyClientCommitment(doc) : undefined;
  }

  async upsertClientCommitment(doc: ClientCommitmentDoc): Promise<void> {
    this.open();
    checkClientCommitment(doc);
    this.clientCommitmentsByPos.upsert(String(doc.clientPosition), copyClientCommitment(doc));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private open(): void {
    if (this.closed) throw new Error('MemoryMainstayStore is closed');
  }
}
