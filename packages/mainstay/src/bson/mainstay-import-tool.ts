import type { Logger } from '@ocean-ts/service-kit';
import { parseToolFlags } from '../clients/go-flags.js';
import type { ToolIo } from '../clients/tool-io.js';
import type { MainstayStore } from '../store/mainstay-store.js';
import { importMongoDump, MongoDumpError, type MongoDumpImportSummary } from './import-mongodump.js';
import { MONGO_COLLECTIONS } from './mongo-documents.js';

export const MAINSTAY_IMPORT_USAGE = `Usage of mainstay-import:
  -dump string
        directory of one database in a mongodump (holding Attestation.bson, MerkleProof.bson, ...)
  -db string
        target store: sqlite:<path> or postgres://user:password@host:port/name
  -conf string
        conf.json whose db section names the target store (instead of -db)
`;

export interface MainstayImportDeps {
  readonly io: ToolIo;
  /** Opens the store named by the flags (`-db` / `-conf`). */
  readonly openStore: (flags: { db?: string; conf?: string }) => Promise<MainstayStore>;
  readonly logger?: Logger;
}

/** The counts the tool prints after a successful import. */
export function formatImportSummary(s: MongoDumpImportSummary): string {
  const lines: string[] = [];
  for (const c of MONGO_COLLECTIONS) {
    lines.push(s.collections.includes(c) ? `${c}.bson: ${s.documents[c]} documents\n` : `${c}.bson: absent\n`);
  }
  for (const f of s.ignoredFiles) lines.push(`ignored: ${f} (not an imported collection)\n`);
  lines.push(
    `imported: ${s.attestations} attestations (${s.attestationsWithInfo} with AttestationInfo, ${s.attestationsWithoutCommitments} without commitments), ` +
      `${s.merkleCommitments} merkle commitments, ${s.merkleProofs} merkle proofs, ${s.clientDetails} client details, ${s.clientCommitments} client commitments\n`,
  );
  if (s.orphanInfos + s.orphanCommitments + s.orphanProofs > 0) {
    lines.push(
      `skipped (no Attestation for them): ${s.orphanInfos} AttestationInfo, ${s.orphanCommitments} MerkleCommitment, ${s.orphanProofs} MerkleProof documents\n`,
    );
  }
  return lines.join('');
}

/** `mainstay-import -dump <dir> (-db <store> | -conf conf.json)`: returns the exit code. */
export async function runMainstayImport(argv: readonly string[], deps: MainstayImportDeps): Promise<number> {
  const { io } = deps;
  const flags = parseToolFlags(argv, { values: ['dump', 'db', 'conf'] }, MAINSTAY_IMPORT_USAGE, (text) => io.err(text));
  if (typeof flags === 'number') return flags;
  const dump = flags.values.get('dump');
  if (dump === undefined || dump === '' || flags.rest.length > 0) {
    io.err(`${dump === undefined || dump === '' ? '-dump is required' : `unexpected argument ${flags.rest[0]}`}\n${MAINSTAY_IMPORT_USAGE}`);
    return 2;
  }
  const db = flags.values.get('db');
  const conf = flags.values.get('conf');
  let store: MainstayStore;
  try {
    store = await deps.openStore({ ...(db !== undefined ? { db } : {}), ...(conf !== undefined ? { conf } : {}) });
  } catch (e) {
    io.err(`mainstay-import: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const summary = await importMongoDump(dump, store, deps.logger !== undefined ? { logger: deps.logger } : {});
    io.out(formatImportSummary(summary));
    return 0;
  } catch (e) {
    if (!(e instanceof MongoDumpError)) throw e;
    io.err(`mainstay-import: ${e.message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
