import type { Secp256k1 } from '@ocean-ts/core';
import type { MainstayStore } from '../store/mainstay-store.js';
import { ApiQueries } from './api-queries.js';
import type { Route, RouteTable } from './api-routes.js';
import { CommitmentSubmission } from './commitment-submission.js';

/** Every core route of `/api/v1` (spec §5.3), keyed by the path below `/api/v1`. */
export function createApiRoutes(store: MainstayStore, secp: Secp256k1, clock: () => number): RouteTable {
  const q = new ApiQueries(store);
  const send = new CommitmentSubmission(store, secp, clock);
  const get = (handle: Route['handle'], errorWithoutAllowance = false): Route => ({ method: 'GET', handle, errorWithoutAllowance });
  return new Map<string, Route>([
    ['', get(() => q.index())],
    ['/latestattestation', get(() => q.latestAttestation())],
    ['/latestcommitment', get((i) => q.latestCommitment(i.query))],
    ['/commitment', get((i) => q.commitment(i.query))],
    ['/commitment/latestproof', get((i) => q.latestProof(i.query))],
    ['/commitment/verify', get((i) => q.verify(i.query))],
    ['/commitment/proof', get((i) => q.commitmentProof(i.query))],
    ['/attestation/proof', get((i) => q.attestationProof(i.query))],
    ['/commitment/commitment', get((i) => q.commitmentCommitment(i.query))],
    ['/merkleroot', get((i) => q.merkleRoot(i.query))],
    ['/position', get((i) => q.position(i.query))],
    ['/attestation', get((i) => q.attestation(i.query))],
    ['/blockhash', get((i) => q.blockhash(i.query))],
    ['/clients', get(() => q.clients(), true)],
    ['/commitment/send', { method: 'POST', handle: (i) => send.submit(i.body) }],
  ]);
}
