import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { nullLogger, type Logger } from '@ocean-ts/service-kit';
import type { AttestationDoc, AttestationInfoDoc, MerkleCommitmentDoc, MerkleProofDoc } from '../store/documents.js';
import type { MainstayStore } from '../store/mainstay-store.js';
import { decodeBson } from './bson-decoder.js';
import { BsonError } from './bson-error.js';
import { DEFAULT_MAX_BSON_SIZE } from './bson-limits.js';
import { readBsonDocuments } from './bson-file-reader.js';
import { MONGO_COLLECTIONS, MONGO_MAPPINGS, MongoDocumentError, type MongoCollection, type MongoDocumentTypes } from './mongo-documents.js';

/** A dump that cannot be imported: the file, the byte offset of the bad document (if any), why. */
export class MongoDumpError extends Error {
  override readonly name = 'MongoDumpError';

  constructor(
    readonly file: string,
    readonly offset: number | undefined,
    readonly detail: string,
  ) {
    super(offset === undefined ? `${file}: ${detail}` : `${file} at offset ${offset}: ${detail}`);
  }
}

export interface MongoDumpImportOptions {
  /** Progress and notes (ignored files, skipped documents). Default: discard. */
  readonly logger?: Logger;
  /** Largest BSON document accepted (default 16 MiB). */
  readonly maxDocumentSize?: number;
}

export interface MongoDumpImportSummary {
  /** Collections whose `<name>.bson` was found. */
  readonly collections: readonly MongoCollection[];
  /** Other directory entries, not imported. */
  readonly ignoredFiles: readonly string[];
  /** Documents read per collection (0 when the file is absent). */
  readonly documents: Readonly<Record<MongoCollection, number>>;
  /** Attestation documents saved (each with `saveAttestation`, in `inserted_at` order). */
  readonly attestations: number;
  readonly attestationsWithInfo: number;
  /** Attestations of a root with no MerkleCommitment/MerkleProof document (stored all the same). */
  readonly attestationsWithoutCommitments: number;
  readonly merkleCommitments: number;
  readonly merkleProofs: number;
  readonly clientDetails: number;
  readonly clientCommitments: number;
  /** Skipped: AttestationInfo whose txid, or commitments/proofs whose root, has no Attestation. */
  readonly orphanInfos: number;
  readonly orphanCommitments: number;
  readonly orphanProofs: number;
}

/** `mongodump` file name of a collection. */
export const dumpFileName = (collection: MongoCollection): string => `${collection}.bson`;

/** A run of consecutive documents of one root in a file. */
interface Span {
  readonly start: number;
  end: number;
  count: number;
}

/** Where each root's documents are in a MerkleCommitment/MerkleProof file. */
class RootIndex {
  private readonly spans = new Map<string, Span[]>();

  add(root: string, offset: number, size: number): void {
    let list = this.spans.get(root);
    if (list === undefined) this.spans.set(root, (list = []));
    const last = list[list.length - 1];
    if (last !== undefined && last.end === offset) {
      last.end += size;
      last.count++;
    } else {
      list.push({ start: offset, end: offset + size, count: 1 });
    }
  }

  take(root: string): Span[] {
    const list = this.spans.get(root) ?? [];
    this.spans.delete(root);
    return list;
  }

  /** Documents of the roots never taken. */
  remaining(): number {
    let n = 0;
    for (const list of this.spans.values()) for (const s of list) n += s.count;
    return n;
  }
}

/**
 * Import a `mongodump` directory of the original's database (spec §5.1) into `store`.
 *
 * Pass 1 reads every known file document by document, decoding and checking each (a malformed one
 * aborts with {@link MongoDumpError} naming the file and offset before anything is written), and
 * keeps only the Attestation and AttestationInfo documents plus, per merkle root, the file ranges of
 * its MerkleCommitment/MerkleProof documents. Pass 2 saves the attestations in `inserted_at` order
 * (file order on ties) with `saveAttestation`, the first attestation of each root carrying that
 * root's commitments and proofs (read back from their ranges) and every attestation its
 * AttestationInfo; then upserts ClientDetails and ClientCommitment. Every write is an upsert on the
 * original's keys, so importing the same dump again changes nothing.
 */
export async function importMongoDump(dir: string, store: MainstayStore, options: MongoDumpImportOptions = {}): Promise<MongoDumpImportSummary> {
  const logger = options.logger ?? nullLogger;
  const maxSize = options.maxDocumentSize ?? DEFAULT_MAX_BSON_SIZE;

  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch (e) {
    throw new MongoDumpError(dir, undefined, `cannot read the dump directory: ${(e as Error).message}`);
  }
  const known = new Set(MONGO_COLLECTIONS.map(dumpFileName));
  const collections = MONGO_COLLECTIONS.filter((c) => entries.includes(dumpFileName(c)));
  const ignoredFiles = entries.filter((f) => !known.has(f));
  for (const f of ignoredFiles) logger.warn('ignoring a file that is not one of the imported collections', { file: f });
  if (collections.length === 0) {
    throw new MongoDumpError(dir, undefined, `no collection file (${[...known].join(', ')}) in the directory — give the database's directory inside the dump`);
  }
  const path = (c: MongoCollection): string => join(dir, dumpFileName(c));
  const has = (c: MongoCollection): boolean => collections.includes(c);

  /** Stream `collection`'s file (or a range of it), decoding and mapping each document. */
  async function* documents<C extends MongoCollection>(
    collection: C,
    range: { start?: number; end?: number; handle?: FileHandle } = {},
  ): AsyncGenerator<{ doc: MongoDocumentTypes[C]; offset: number; size: number }> {
    const file = path(collection);
    const mapping = MONGO_MAPPINGS[collection];
    let offset: number | undefined;
    try {
      const { handle, ...span } = range;
      for await (const raw of readBsonDocuments(handle ?? file, { ...span, maxSize })) {
        offset = raw.offset;
        const doc = mapping.fromBson(decodeBson(raw.bytes, { maxSize, baseOffset: raw.offset }));
        yield { doc, offset: raw.offset, size: raw.bytes.length };
      }
    } catch (e) {
      if (e instanceof BsonError) throw new MongoDumpError(file, e.offset ?? offset, e.detail);
      if (e instanceof MongoDocumentError) throw new MongoDumpError(file, offset, e.message);
      if (e instanceof MongoDumpError) throw e;
      throw new MongoDumpError(file, offset, (e as Error).message);
    }
  }

  // ---- pass 1: read and check everything, index the trees --------------------------------------
  const counts: Record<MongoCollection, number> = { Attestation: 0, AttestationInfo: 0, MerkleCommitment: 0, MerkleProof: 0, ClientCommitment: 0, ClientDetails: 0 };
  const attestations: { doc: AttestationDoc; order: number }[] = [];
  const infos = new Map<string, AttestationInfoDoc>();
  const commitmentIndex = new RootIndex();
  const proofIndex = new RootIndex();
  for (const c of collections) {
    logger.info('reading', { file: dumpFileName(c) });
    for await (const { doc, offset, size } of documents(c)) {
      counts[c]++;
      if (c === 'Attestation') attestations.push({ doc: doc as AttestationDoc, order: attestations.length });
      else if (c === 'AttestationInfo') infos.set((doc as AttestationInfoDoc).txid, doc as AttestationInfoDoc);
      else if (c === 'MerkleCommitment') commitmentIndex.add((doc as MerkleCommitmentDoc).merkleRoot, offset, size);
      else if (c === 'MerkleProof') proofIndex.add((doc as MerkleProofDoc).merkleRoot, offset, size);
    }
  }
  attestations.sort((a, b) => a.doc.insertedAt - b.doc.insertedAt || a.order - b.order);

  // ---- pass 2: write ---------------------------------------------------------------------------
  const handles = new Map<MongoCollection, FileHandle>();
  const readTree = async <C extends 'MerkleCommitment' | 'MerkleProof'>(c: C, root: string, spans: Span[]): Promise<MongoDocumentTypes[C][]> => {
    const out: MongoDocumentTypes[C][] = [];
    if (spans.length === 0) return out;
    let handle = handles.get(c);
    if (handle === undefined) {
      try {
        handle = await open(path(c), 'r');
      } catch (e) {
        throw new MongoDumpError(path(c), undefined, (e as Error).message);
      }
      handles.set(c, handle);
    }
    for (const span of spans) {
      for await (const { doc, offset } of documents(c, { start: span.start, end: span.end, handle })) {
        if (doc.merkleRoot !== root) throw new MongoDumpError(path(c), offset, 'the file changed during the import');
        out.push(doc);
      }
    }
    return out;
  };
  const rootsDone = new Set<string>();
  const txidsUsed = new Set<string>();
  let withInfo = 0;
  let withoutCommitments = 0;
  let commitmentsWritten = 0;
  let proofsWritten = 0;
  try {
    for (const [i, { doc }] of attestations.entries()) {
      let commitments: MerkleCommitmentDoc[] = [];
      let proofs: MerkleProofDoc[] = [];
      if (!rootsDone.has(doc.merkleRoot)) {
        rootsDone.add(doc.merkleRoot);
        commitments = await readTree('MerkleCommitment', doc.merkleRoot, commitmentIndex.take(doc.merkleRoot));
        proofs = await readTree('MerkleProof', doc.merkleRoot, proofIndex.take(doc.merkleRoot));
        if (commitments.length === 0 && proofs.length === 0) withoutCommitments++;
      }
      const info = infos.get(doc.txid);
      txidsUsed.add(doc.txid);
      await store.saveAttestation({ attestation: doc, commitments, proofs, ...(info !== undefined ? { info } : {}) });
      if (info !== undefined) withInfo++;
      commitmentsWritten += commitments.length;
      proofsWritten += proofs.length;
      if ((i + 1) % 1000 === 0) logger.info('attestations imported', { done: i + 1, total: attestations.length });
    }
  } finally {
    for (const h of handles.values()) await h.close();
  }
  let orphanInfos = 0;
  for (const txid of infos.keys()) if (!txidsUsed.has(txid)) orphanInfos++;
  const orphanCommitments = commitmentIndex.remaining();
  const orphanProofs = proofIndex.remaining();
  if (orphanInfos + orphanCommitments + orphanProofs > 0) {
    logger.warn('skipped documents without an Attestation', { attestationInfo: orphanInfos, merkleCommitment: orphanCommitments, merkleProof: orphanProofs });
  }

  let clientDetails = 0;
  if (has('ClientDetails')) {
    for await (const { doc } of documents('ClientDetails')) {
      await store.upsertClientDetails(doc);
      clientDetails++;
    }
  }
  let clientCommitments = 0;
  if (has('ClientCommitment')) {
    for await (const { doc } of documents('ClientCommitment')) {
      await store.upsertClientCommitment(doc);
      clientCommitments++;
    }
  }

  return {
    collections,
    ignoredFiles,
    documents: counts,
    attestations: attestations.length,
    attestationsWithInfo: withInfo,
    attestationsWithoutCommitments: withoutCommitments,
    merkleCommitments: commitmentsWritten,
    merkleProofs: proofsWritten,
    clientDetails,
    clientCommitments,
    orphanInfos,
    orphanCommitments,
    orphanProofs,
  };
}
