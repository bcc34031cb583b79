import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNativeSecp256k1, type Secp256k1 } from '@ocean-ts/core';
import { RecordingLogger } from '@ocean-ts/service-kit';
import { createApiRoutes } from '../../../src/api/api-route-table.js';
import { MainstayApiServer } from '../../../src/api/mainstay-api-server.js';
import type { AttestationRecord, ProofOp } from '../../../src/store/documents.js';
import type { MainstayStore } from '../../../src/store/mainstay-store.js';
import { MemoryMainstayStore } from '../../../src/store/memory-store.js';

const SHARED = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../../../../../shared');

export function readVector<T>(name: string): T {
  return JSON.parse(readFileSync(join(SHARED, 'vectors', 'mainstay', name), 'utf8')) as T;
}

export interface DbSample {
  merkle_root: string;
  commitments_by_position: string[];
  proofs_by_position: Record<string, { commitment: string; ops: ProofOp[] }>;
  attestation: { txid: string; confirmed: boolean; inserted_at_ms: number };
  attestation_info: { txid: string; blockhash: string; amount: number; time: number };
}

export interface SignatureVector {
  name: string;
  privkey_hex: string;
  pubkey_hex: string;
  commitment_hex: string;
  expected_signature_base64: string;
}

export const dbSamples = (): DbSample[] => readVector<{ samples: DbSample[] }>('merkle_db_samples.json').samples;
export const signatureVectors = (): SignatureVector[] =>
  readVector<{ vectors: SignatureVector[] }>('commitment_signatures.json').vectors;

export function sampleRecord(s: DbSample): AttestationRecord {
  return {
    attestation: { txid: s.attestation.txid, merkleRoot: s.merkle_root, confirmed: s.attestation.confirmed, insertedAt: s.attestation.inserted_at_ms },
    commitments: s.commitments_by_position.map((commitment, clientPosition) => ({ merkleRoot: s.merkle_root, clientPosition, commitment })),
    proofs: Object.entries(s.proofs_by_position).map(([pos, p]) => ({
      merkleRoot: s.merkle_root,
      clientPosition: Number(pos),
      commitment: p.commitment,
      ops: p.ops,
    })),
    info: { ...s.attestation_info },
  };
}

/** Token of a fixture slot (deterministic UUID v4 shape). */
export const tokenOf = (position: number): string => `4c8c006d-4cee-4fef-8e06-bb8112db6${String(position).padStart(3, '0')}`;

/** Slots of the fixture besides the 16 tree positions. */
export const Slots = {
  /** ClientDetails + ClientCommitment, never attested. */
  awaiting: 16,
  /** ClientDetails only (Go signup tool), no ClientCommitment. */
  detailsOnly: 17,
  /** Signed slot with the `commitmenttool_doc` vector's pubkey. */
  signedA: 18,
  /** Signed slot with the `pymainstay_test_ecc` vector's pubkey. */
  signedB: 19,
  /** expiry_date in the past. */
  expired: 20,
  /** service_level free. */
  free: 21,
  /** basic level with an expiry in the future. */
  basic: 22,
} as const;

export const FIXED_NOW = Date.UTC(2024, 2, 14, 12, 30, 0);

/**
 * A memory store holding the 10 real trees of `merkle_db_samples.json` (in their order, so the
 * insertion order is chronological) and the fixture's client slots.
 */
export async function loadFixtureStore(): Promise<MemoryMainstayStore> {
  const store = new MemoryMainstayStore();
  const samples = dbSamples();
  for (const s of samples) await store.saveAttestation(sampleRecord(s));
  const latest = samples[samples.length - 1]!;
  for (const [position, commitment] of latest.commitments_by_position.entries()) {
    await store.upsertClientDetails({ clientPosition: position, authToken: tokenOf(position), pubkey: '', clientName: `client ${position}` });
    await store.upsertClientCommitment({ clientPosition: position, commitment });
  }
  const [a, b] = signatureVectors();
  const slot = async (position: number, extra: { pubkey?: string; serviceLevel?: 'free' | 'basic'; expiryDate?: number }, commitment = true): Promise<void> => {
    await store.upsertClientDetails({
      clientPosition: position,
      authToken: tokenOf(position),
      pubkey: extra.pubkey ?? '',
      clientName: `client ${position}`,
      ...(extra.serviceLevel ? { serviceLevel: extra.serviceLevel } : {}),
      ...(extra.expiryDate !== undefined ? { expiryDate: extra.expiryDate } : {}),
    });
    if (commitment) await store.upsertClientCommitment({ clientPosition: position, commitment: '0'.repeat(64) });
  };
  await slot(Slots.awaiting, {});
  await slot(Slots.detailsOnly, {}, false);
  await slot(Slots.signedA, { pubkey: a!.pubkey_hex });
  await slot(Slots.signedB, { pubkey: b!.pubkey_hex });
  await slot(Slots.expired, { expiryDate: FIXED_NOW - 1 });
  await slot(Slots.free, { serviceLevel: 'free' });
  await slot(Slots.basic, { serviceLevel: 'basic', expiryDate: FIXED_NOW + 86_400_000 });
  return store;
}

let secp: Secp256k1 | undefined;
export const testSecp = (): Secp256k1 => (secp ??= loadNativeSecp256k1());

export interface RunningApi {
  readonly base: string;
  readonly host: string;
  readonly port: number;
  readonly logger: RecordingLogger;
  /** Set the injected clock (ms). */
  setNow(ms: number): void;
  close(): Promise<void>;
}

/** A real `MainstayApiServer` on an ephemeral loopback port. */
export async function startApi(store: MainstayStore, opts: { now?: number; maxBodyBytes?: number } = {}): Promise<RunningApi> {
  let now = opts.now ?? FIXED_NOW;
  const clock = (): number => now;
  const logger = new RecordingLogger();
  const server = new MainstayApiServer({
    routes: createApiRoutes(store, testSecp(), clock),
    logger,
    clock,
    ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}),
  });
  const { host, port } = await server.listen(0, '127.0.0.1');
  return {
    base: `http://${host}:${port}/api/v1`,
    host,
    port,
    logger,
    setNow: (ms) => {
      now = ms;
    },
    close: () => server.close(),
  };
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The parsed JSON body (throws if it is not JSON). */
  json(): Record<string, unknown>;
}

/** One request with node:http (exact control over headers; no Content-Type unless given). */
export function http(
  api: Pick<RunningApi, 'host' | 'port'>,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const allHeaders = body === undefined ? headers : { 'Content-Length': String(Buffer.byteLength(body)), ...headers };
    const req = request({ host: api.host, port: api.port, method, path, headers: allHeaders, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/** GET below `/api/v1`. */
export const get = (api: RunningApi, path: string): Promise<HttpResult> => http(api, 'GET', `/api/v1${path}`);

/** The `response` of a success envelope, after checking the envelope's shape. */
export function okPayload(r: HttpResult): unknown {
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.text}`);
  const body = r.json();
  const keys = Object.keys(body);
  if (keys.join(',') !== 'response,timestamp,allowance') throw new Error(`not a success envelope: ${r.text}`);
  return body['response'];
}

/** The `error` of an error envelope (HTTP 200), after checking the envelope's shape. */
export function errorMessage(r: HttpResult, status = 200): unknown {
  if (r.status !== status) throw new Error(`HTTP ${r.status} (wanted ${status}): ${r.text}`);
  const body = r.json();
  if (Object.keys(body).join(',') !== 'error,timestamp,allowance') throw new Error(`not an error envelope: ${r.text}`);
  return body['error'];
}
