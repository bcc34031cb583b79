/**
 * The documents Mainstay keeps (spec mainstay.md §5.1). Field names follow the original's Mongo
 * collections in camelCase; every hash is lowercase **display** hex (64 characters).
 */

/** `Attestation`: one per (txid, merkle_root); several per root after fee bumps (RBF). */
export interface AttestationDoc {
  readonly txid: string;
  readonly merkleRoot: string;
  readonly confirmed: boolean;
  /** Milliseconds since the epoch: the wallet tx time when confirmed, else the time of the save. */
  readonly insertedAt: number;
}

/** `AttestationInfo`: written for confirmed attestations only, keyed by txid. */
export interface AttestationInfoDoc {
  readonly txid: string;
  readonly blockhash: string;
  /** Output value in satoshis. */
  readonly amount: number;
  /** Unix seconds (the wallet transaction time). */
  readonly time: number;
}

/** `MerkleCommitment`: keyed by (merkleRoot, clientPosition). */
export interface MerkleCommitmentDoc {
  readonly merkleRoot: string;
  readonly clientPosition: number;
  readonly commitment: string;
}

/** One step of a slot proof (spec §3.4): `append` = the sibling goes on the right. */
export interface ProofOp {
  readonly append: boolean;
  readonly commitment: string;
}

/** `MerkleProof`: keyed by (merkleRoot, clientPosition). */
export interface MerkleProofDoc {
  readonly merkleRoot: string;
  readonly clientPosition: number;
  readonly commitment: string;
  readonly ops: readonly ProofOp[];
}

/** `ClientCommitment`: the latest commitment submitted for a slot (one per position). */
export interface ClientCommitmentDoc {
  readonly clientPosition: number;
  readonly commitment: string;
  /** Day of the last submission (free tier's daily limit), or undefined. */
  readonly date?: string;
}

export type ServiceLevel = 'free' | 'basic' | 'intermediate' | 'enterprise';

/** `ClientDetails`: one per slot, unique on position. */
export interface ClientDetailsDoc {
  readonly clientPosition: number;
  /** UUID v4. */
  readonly authToken: string;
  /** Compressed or uncompressed pubkey hex; '' = no signature check. */
  readonly pubkey: string;
  readonly clientName: string;
  readonly serviceLevel?: ServiceLevel;
  /** Milliseconds since the epoch; undefined = no expiry. */
  readonly expiryDate?: number;
}

/** Everything one attestation save writes (spec §3.6, §2.6 PreSendStore / confirmation / recovery). */
export interface AttestationRecord {
  readonly attestation: AttestationDoc;
  readonly commitments: readonly MerkleCommitmentDoc[];
  readonly proofs: readonly MerkleProofDoc[];
  /** Present once the attestation is confirmed. */
  readonly info?: AttestationInfoDoc;
}
