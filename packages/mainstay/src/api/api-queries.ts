import type { AttestationDoc, AttestationInfoDoc, MerkleProofDoc, ProofOp } from '../store/documents.js';
import type { MainstayStore } from '../store/mainstay-store.js';
import { formatApiDate } from './api-date.js';
import { ApiError } from './api-error.js';
import { ApiMessages } from './api-messages.js';
import {
  optionalPage,
  requireBlockHash,
  requireCommitment,
  requireMerkleRoot,
  requirePosition,
  requireTxid,
} from './api-params.js';
import { bare, response, type ApiReply } from './api-reply.js';

/** `/position` page size (the original's `limit`). */
export const POSITION_PAGE_SIZE = 10;

const opsJson = (ops: readonly ProofOp[]): { append: boolean; commitment: string }[] =>
  ops.map((op) => ({ append: op.append, commitment: op.commitment }));

/** BTC as the original computes it (`sats / 1e8`, a JS number). */
const btc = (sats: number): number => sats / 1e8;

const attestationJson = (a: AttestationDoc): Record<string, unknown> => ({
  merkle_root: a.merkleRoot,
  txid: a.txid,
  confirmed: a.confirmed,
  inserted_at: formatApiDate(a.insertedAt),
});

/** The attestation the API shows for a root: the first confirmed doc, else the last one (RBF replacements). */
export function chooseAttestation(docs: readonly AttestationDoc[]): AttestationDoc | undefined {
  return docs.find((d) => d.confirmed) ?? docs[docs.length - 1];
}

/**
 * The read-only routes of `/api/v1` (spec §5.3): parameter checks in the original's order, then the
 * store lookups, then the payload with the original's key order. Errors are thrown as `ApiError`.
 */
export class ApiQueries {
  constructor(private readonly store: MainstayStore) {}

  index(): ApiReply {
    return response(ApiMessages.apiVersion);
  }

  async latestAttestation(): Promise<ApiReply> {
    const a = await this.store.latestAttestation(true);
    return response(a === undefined ? {} : { merkle_root: a.merkleRoot, txid: a.txid });
  }

  async latestCommitment(q: URLSearchParams): Promise<ApiReply> {
    const position = requirePosition(q);
    await this.requireKnownPosition(position);
    const latest = await this.store.latestAttestation(true);
    if (latest === undefined) return response({});
    const mc = await this.store.merkleCommitment(latest.merkleRoot, position);
    if (mc === undefined) throw new ApiError(ApiMessages.slotAwaiting);
    return response({ commitment: mc.commitment, merkle_root: mc.merkleRoot, txid: latest.txid });
  }

  async commitment(q: URLSearchParams): Promise<ApiReply> {
    const position = requirePosition(q);
    const root = requireMerkleRoot(q);
    const mc = await this.store.merkleCommitment(root, position);
    if (mc === undefined) throw new ApiError(ApiMessages.commitmentOrPositionUnknown);
    return response({ commitment: mc.commitment, merkle_root: mc.merkleRoot });
  }

  async latestProof(q: URLSearchParams): Promise<ApiReply> {
    const position = requirePosition(q);
    await this.requireKnownPosition(position);
    const latest = await this.store.latestAttestation(true);
    // The original dereferences the missing attestation and answers its internal error.
    if (latest === undefined) throw new Error('no attestation yet');
    const proof = await this.requireProof(latest.merkleRoot, position);
    return response({ txid: latest.txid, commitment: proof.commitment, merkle_root: proof.merkleRoot, ops: opsJson(proof.ops) });
  }

  async verify(q: URLSearchParams): Promise<ApiReply> {
    const position = requirePosition(q);
    const commitment = requireCommitment(q);
    const docs = await this.store.merkleCommitmentsFor(position, commitment);
    const last = docs[docs.length - 1];
    if (last === undefined) throw new ApiError(ApiMessages.commitmentOrPositionUnknown);
    const attestation = (await this.store.attestationsByRoot(last.merkleRoot))[0];
    if (attestation === undefined) throw new ApiError(ApiMessages.merkleRootUnknown);
    return response({ confirmed: attestation.confirmed, date: formatApiDate(attestation.insertedAt) });
  }

  async commitmentProof(q: URLSearchParams): Promise<ApiReply> {
    const position = requirePosition(q);
    const root = requireMerkleRoot(q);
    await this.requireKnownPosition(position);
    const proof = await this.requireProof(root, position);
    return response({ merkle_root: proof.merkleRoot, commitment: proof.commitment, ops: opsJson(proof.ops) });
  }

  async attestationProof(q: URLSearchParams): Promise<ApiReply> {
    const position = requirePosition(q);
    const txid = requireTxid(q);
    const attestation = (await this.store.attestationsByTxid(txid))[0];
    if (attestation === undefined) throw new ApiError(ApiMessages.attestationNotFoundForTxid);
    await this.requireKnownPosition(position);
    const proof = await this.requireProof(attestation.merkleRoot, position);
    return response({
      txid: attestation.txid,
      merkle_root: proof.merkleRoot,
      commitment: proof.commitment,
      ops: opsJson(proof.ops),
    });
  }

  async commitmentCommitment(q: URLSearchParams): Promise<ApiReply> {
    const commitment = requireCommitment(q);
    const proof = await this.store.earliestProofWithCommitment(commitment);
    if (proof === undefined) throw new ApiError(ApiMessages.notFound);
    const attestation = chooseAttestation(await this.store.attestationsByRoot(proof.merkleRoot));
    if (attestation === undefined) throw new ApiError(ApiMessages.pending);
    return response({
      attestation: attestationJson(attestation),
      merkleproof: {
        position: proof.clientPosition,
        merkle_root: proof.merkleRoot,
        commitment: proof.commitment,
        ops: opsJson(proof.ops),
      },
    });
  }

  async merkleRoot(q: URLSearchParams): Promise<ApiReply> {
    const root = requireMerkleRoot(q);
    const commitments = await this.store.merkleCommitments(root);
    if (commitments.length === 0) throw new ApiError(ApiMessages.commitmentsNotFoundForRoot);
    const attestation = chooseAttestation(await this.store.attestationsByRoot(root));
    if (attestation === undefined) throw new ApiError(ApiMessages.noAttestationForRoot);
    return response({
      attestation: attestationJson(attestation),
      merkle_commitment: commitments.map((c) => ({ position: c.clientPosition, commitment: c.commitment })),
    });
  }

  async position(q: URLSearchParams): Promise<ApiReply> {
    const position = requirePosition(q);
    const page = optionalPage(q);
    const offset = (page - 1) * POSITION_PAGE_SIZE;
    const { items, total } = await this.store.proofsForPosition(position, offset, POSITION_PAGE_SIZE);
    if (total === 0) {
      const cc = await this.store.clientCommitment(position);
      throw new ApiError(cc === undefined ? ApiMessages.noDataForPosition : ApiMessages.slotAwaiting);
    }
    const details = await this.store.clientDetails(position);
    if (details === undefined) throw new ApiError(ApiMessages.noClientDetailsForPosition);
    const data: unknown[] = [];
    for (const proof of items) data.push(await this.positionItem(proof));
    return bare({
      position,
      data,
      total,
      pages: total / POSITION_PAGE_SIZE,
      limit: POSITION_PAGE_SIZE,
      client_name: details.clientName,
    });
  }

  async attestation(q: URLSearchParams): Promise<ApiReply> {
    const txid = requireTxid(q);
    const attestation = (await this.store.attestationsByTxid(txid))[0];
    if (attestation === undefined) throw new ApiError(ApiMessages.noAttestation);
    const info = await this.store.attestationInfo(txid);
    return response({
      attestation: attestationJson(attestation),
      attestationInfo:
        info === undefined
          ? { txid: '', amount: '', blockhash: '', time: '' }
          : { txid: info.txid, amount: btc(info.amount), blockhash: info.blockhash, time: info.time },
    });
  }

  async blockhash(q: URLSearchParams): Promise<ApiReply> {
    const hash = requireBlockHash(q);
    const info: AttestationInfoDoc | undefined = (await this.store.attestationInfoByBlockhash(hash))[0];
    if (info === undefined) throw new ApiError(ApiMessages.noAttestationsForBlockhash);
    return response({
      blockhash: { txid: info.txid, amount: btc(info.amount), blockhash: info.blockhash, time: formatApiDate(info.time * 1000) },
    });
  }

  /** Bare array; on failure the server answers `{error, timestamp}` (no allowance), as the original. */
  async clients(): Promise<ApiReply> {
    const [details, latest] = await Promise.all([this.store.allClientDetails(), this.store.latestAttestation(true)]);
    const out: Record<string, unknown>[] = [];
    for (const d of details) {
      const item: Record<string, unknown> = { position: d.clientPosition, client_name: d.clientName };
      if (latest !== undefined) {
        const mc = await this.store.merkleCommitment(latest.merkleRoot, d.clientPosition);
        if (mc !== undefined) item['commitment'] = mc.commitment;
      }
      out.push(item);
    }
    return bare(out);
  }

  private async positionItem(proof: MerkleProofDoc): Promise<Record<string, unknown>> {
    const attestation = chooseAttestation(await this.store.attestationsByRoot(proof.merkleRoot));
    if (attestation === undefined) return { commitment: proof.commitment, date: '' };
    return {
      commitment: proof.commitment,
      merkle_root: proof.merkleRoot,
      txid: attestation.txid,
      confirmed: attestation.confirmed,
      ops: opsJson(proof.ops),
      date: formatApiDate(attestation.insertedAt),
    };
  }

  private async requireKnownPosition(position: number): Promise<void> {
    if ((await this.store.clientCommitment(position)) === undefined) throw new ApiError(ApiMessages.positionUnknown);
  }

  private async requireProof(root: string, position: number): Promise<MerkleProofDoc> {
    const proof = await this.store.merkleProof(root, position);
    if (proof === undefined) throw new ApiError(ApiMessages.slotAwaiting);
    return proof;
  }
}
