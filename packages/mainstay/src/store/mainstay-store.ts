import type {
  AttestationDoc,
  AttestationInfoDoc,
  AttestationRecord,
  ClientCommitmentDoc,
  ClientDetailsDoc,
  MerkleCommitmentDoc,
  MerkleProofDoc,
} from './documents.js';

/** A page of results, newest first. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
}

/**
 * Mainstay's storage port (spec §5.1). Implemented by the in-memory store (tests), SQLite
 * (embedded default) and PostgreSQL; all three pass the same store test-suite.
 *
 * Ordering rules the daemon and the API rely on:
 * - "latest" attestation = greatest `insertedAt` (ties: the later write);
 * - lists without another order are in insertion order (the Mongo `_id` order of the original),
 *   and an upsert of an existing key keeps the key's original insertion position.
 * Every method is atomic; `saveAttestation` writes all its documents in one transaction.
 */
export interface MainstayStore {
  // --- daemon side ---------------------------------------------------------------------------
  /** Upsert the attestation by (txid, merkleRoot), its commitments and proofs by (root, position), and its info by txid — in one transaction. */
  saveAttestation(record: AttestationRecord): Promise<void>;
  /** Every client commitment, sorted by position ascending. */
  clientCommitments(): Promise<ClientCommitmentDoc[]>;
  /** The latest attestation with `confirmed` as given, or undefined. */
  latestAttestation(confirmed: boolean): Promise<AttestationDoc | undefined>;
  /** All attestations with `confirmed = false`, in insertion order. */
  unconfirmedAttestations(): Promise<AttestationDoc[]>;
  /** The commitments of a root, sorted by position ascending. */
  merkleCommitments(merkleRoot: string): Promise<MerkleCommitmentDoc[]>;

  // --- API side: attestations -----------------------------------------------------------------
  /** Attestations with this txid (normally one), insertion order. */
  attestationsByTxid(txid: string): Promise<AttestationDoc[]>;
  /** Attestations with this root (several after fee bumps), insertion order. */
  attestationsByRoot(merkleRoot: string): Promise<AttestationDoc[]>;
  attestationInfo(txid: string): Promise<AttestationInfoDoc | undefined>;
  attestationInfoByBlockhash(blockhash: string): Promise<AttestationInfoDoc[]>;

  // --- API side: commitments and proofs ---------------------------------------------------------
  merkleCommitment(merkleRoot: string, position: number): Promise<MerkleCommitmentDoc | undefined>;
  /** MerkleCommitment docs with this (position, commitment), insertion order. */
  merkleCommitmentsFor(position: number, commitment: string): Promise<MerkleCommitmentDoc[]>;
  merkleProof(merkleRoot: string, position: number): Promise<MerkleProofDoc | undefined>;
  /** The earliest-inserted proof whose commitment is this one. */
  earliestProofWithCommitment(commitment: string): Promise<MerkleProofDoc | undefined>;
  /** A position's proofs, newest first, `limit` per page from `offset`, with the total count. */
  proofsForPosition(position: number, offset: number, limit: number): Promise<Page<MerkleProofDoc>>;

  // --- clients ------------------------------------------------------------------------------
  clientDetails(position: number): Promise<ClientDetailsDoc | undefined>;
  allClientDetails(): Promise<ClientDetailsDoc[]>;
  /**
   * Allocate the lowest free position (no ClientDetails) and store the details there, atomically
   * (two concurrent signups never get the same slot). `createCommitment` also inserts the slot's
   * zero ClientCommitment (the website's `create_slot`). Returns the stored details.
   */
  allocateClient(details: Omit<ClientDetailsDoc, 'clientPosition'>, createCommitment: boolean): Promise<ClientDetailsDoc>;
  upsertClientDetails(details: ClientDetailsDoc): Promise<void>;
  clientCommitment(position: number): Promise<ClientCommitmentDoc | undefined>;
  upsertClientCommitment(doc: ClientCommitmentDoc): Promise<void>;

  close(): Promise<void>;
}
