import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { AttestationRecord, MerkleProofDoc, ProofOp } from '../../src/store/documents.js';

/** A deterministic 64-hex display hash for a label (distinct labels → distinct hashes). */
export function hx(label: string | number): string {
  return createHash('sha256').update(String(label)).digest('hex');
}

/** A small record: `n` commitments and proofs under `root`, attestation `txid`. */
export function record(txid: string, root: string, opts: { confirmed?: boolean; insertedAt?: number; n?: number; info?: boolean } = {}): AttestationRecord {
  const n = opts.n ?? 3;
  const confirmed = opts.confirmed ?? false;
  const commitments = Array.from({ length: n }, (_, i) => ({ merkleRoot: root, clientPosition: i, commitment: hx(`${root}/c${i}`) }));
  const proofs: MerkleProofDoc[] = commitments.map((c) => ({
    merkleRoot: root,
    clientPosition: c.clientPosition,
    commitment: c.commitment,
    ops: [
      { append: c.clientPosition % 2 === 0, commitment: hx(`${root}/o${c.clientPosition}a`) },
      { append: true, commitment: hx(`${root}/o${c.clientPosition}b`) },
    ],
  }));
  const base: AttestationRecord = {
    attestation: { txid, merkleRoot: root, confirmed, insertedAt: opts.insertedAt ?? 1_000 },
    commitments,
    proofs,
  };
  return opts.info ? { ...base, info: { txid, blockhash: hx(`${txid}/block`), amount: 1_040_868, time: 1_544_646_641 } } : base;
}

interface Sample {
  merkle_root: string;
  commitments_by_position: string[];
  proofs_by_position: Record<string, { commitment: string; ops: ProofOp[] }>;
  attestation: { txid: string; confirmed: boolean; inserted_at_ms: number };
  attestation_info: { txid: string; blockhash: string; amount: number; time: number };
}

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared');

/** The 10 stored trees of `vectors/mainstay/merkle_db_samples.json` as attestation records. */
export function dbSampleRecords(): AttestationRecord[] {
  const file = JSON.parse(readFileSync(join(SHARED, 'vectors', 'mainstay', 'merkle_db_samples.json'), 'utf8')) as { samples: Sample[] };
  return file.samples.map((s) => ({
    attestation: { txid: s.attestation.txid, merkleRoot: s.merkle_root, confirmed: s.attestation.confirmed, insertedAt: s.attestation.inserted_at_ms },
    commitments: s.commitments_by_position.map((commitment, clientPosition) => ({ merkleRoot: s.merkle_root, clientPosition, commitment })),
    proofs: Object.entries(s.proofs_by_position).map(([pos, p]) => ({ merkleRoot: s.merkle_root, clientPosition: Number(pos), commitment: p.commitment, ops: p.ops })),
    info: s.attestation_info,
  }));
}
