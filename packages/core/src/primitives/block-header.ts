import { Reader } from '../encoding/reader.js';
import { Writer } from '../encoding/writer.js';
import { assert } from '../encoding/errors.js';
import { toDisplayHex } from '../encoding/hex.js';
import { sha256d } from '../crypto/hash.js';

/** Size of the fixed part of the header. */
export const HEADER_FIXED_SIZE = 172;

/**
 * Ocean block header: 172 fixed bytes (version, prev, merkle, contract, attestation, mapping
 * hashes, time, height) + VarBytes challenge + VarBytes solution. The block hash excludes the
 * solution, so it is also the message the block signers sign.
 */
export class BlockHeader {
  private cachedHash?: Uint8Array;

  constructor(
    readonly version: number,
    readonly prevBlockHash: Uint8Array,
    readonly merkleRoot: Uint8Array,
    readonly hashContract: Uint8Array,
    readonly hashAttestation: Uint8Array,
    readonly hashMapping: Uint8Array,
    readonly time: number,
    readonly height: number,
    readonly challenge: Uint8Array,
    readonly solution: Uint8Array,
  ) {
    for (const h of [prevBlockHash, merkleRoot, hashContract, hashAttestation, hashMapping]) assert(h.length === 32, 'header hashes are 32 bytes');
  }

  /** A header is null iff its challenge is empty. */
  get isNull(): boolean {
    return this.challenge.length === 0;
  }

  write(w: Writer, withSolution = true): void {
    w.i32le(this.version)
      .bytes(this.prevBlockHash)
      .bytes(this.merkleRoot)
      .bytes(this.hashContract)
      .bytes(this.hashAttestation)
      .bytes(this.hashMapping)
      .u32le(this.time)
      .u32le(this.height)
      .varBytes(this.challenge);
    if (withSolution) w.varBytes(this.solution);
  }

  toBytes(withSolution = true): Uint8Array {
    const w = new Writer(HEADER_FIXED_SIZE + this.challenge.length + this.solution.length + 10);
    this.write(w, withSolution);
    return w.finish();
  }

  static read(r: Reader): BlockHeader {
    return new BlockHeader(
      r.i32le(),
      r.bytesCopy(32, 'prev block hash'),
      r.bytesCopy(32, 'merkle root'),
      r.bytesCopy(32, 'contract hash'),
      r.bytesCopy(32, 'attestation hash'),
      r.bytesCopy(32, 'mapping hash'),
      r.u32le(),
      r.u32le(),
      r.varBytes('challenge'),
      r.varBytes('solution'),
    );
  }

  static decode(bytes: Uint8Array): BlockHeader {
    const r = new Reader(bytes);
    const h = BlockHeader.read(r);
    r.expectEnd('block header');
    return h;
  }

  /** SHA256d of the header without the solution (internal order). */
  get hash(): Uint8Array {
    return (this.cachedHash ??= sha256d(this.toBytes(false)));
  }

  get hashHex(): string {
    return toDisplayHex(this.hash);
  }

  /** Same header with a different solution (the hash does not change). */
  withSolution(solution: Uint8Array): BlockHeader {
    return new BlockHeader(
      this.version,
      this.prevBlockHash,
      this.merkleRoot,
      this.hashContract,
      this.hashAttestation,
      this.hashMapping,
      this.time,
      this.height,
      this.challenge,
      solution,
    );
  }
}
