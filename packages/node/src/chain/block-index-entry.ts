import { BlockHeader, Reader, Writer, toDisplayHex } from '@ocean-ts/core';
import { BlockStatus, FAILED_MASK } from './block-status.js';

/** One known block header: its place in the tree, its status and its first-seen order. */
export class BlockIndexEntry {
  /** The parent entry (undefined for genesis). Set when the entry joins a `BlockIndex`. */
  parent: BlockIndexEntry | undefined;
  /** Order of arrival (stored); lower wins ties between chains of equal height. */
  readonly sequence: number;
  /** Selection order (in memory): `sequence`, or lower for `preciousblock` and the tip found at start-up. */
  order: number;
  status: number;
  private mtp: number | undefined;

  constructor(
    readonly header: BlockHeader,
    readonly height: number,
    status: number,
    sequence: number,
  ) {
    this.status = status;
    this.sequence = sequence;
    this.order = sequence;
  }

  get hash(): Uint8Array {
    return this.header.hash;
  }

  get hashHex(): string {
    return toDisplayHex(this.header.hash);
  }

  /** Chain work: every block has work 1 in Ocean, so the work of a chain is height + 1. */
  get chainWork(): number {
    return this.height + 1;
  }

  get haveData(): boolean {
    return (this.status & BlockStatus.HAVE_DATA) !== 0;
  }

  get isFailed(): boolean {
    return (this.status & FAILED_MASK) !== 0;
  }

  get wasConnected(): boolean {
    return (this.status & BlockStatus.VALID_SCRIPTS) !== 0;
  }

  /** `GetMedianTimePast`: median of the times of this block and its up to 10 ancestors. */
  get medianTimePast(): number {
    if (this.mtp === undefined) {
      const times: number[] = [];
      for (let e: BlockIndexEntry | undefined = this; e !== undefined && times.length < 11; e = e.parent) times.push(e.header.time);
      times.sort((a, b) => a - b);
      this.mtp = times[Math.floor(times.length / 2)]!;
    }
    return this.mtp;
  }

  /** The ancestor at `height` (this entry itself at its own height), or undefined above it. */
  ancestor(height: number): BlockIndexEntry | undefined {
    if (height > this.height || height < 0) return undefined;
    let e: BlockIndexEntry | undefined = this;
    while (e !== undefined && e.height > height) e = e.parent;
    return e;
  }

  /** Serialized form stored under the `index` prefix. */
  encode(status = this.status): Uint8Array {
    const w = new Writer();
    w.varBytes(this.header.toBytes(true));
    w.u32le(this.height);
    w.u8(status);
    w.u32le(this.sequence);
    return w.finish();
  }

  static decode(bytes: Uint8Array): BlockIndexEntry {
    const r = new Reader(bytes);
    const header = BlockHeader.decode(r.varBytes('block header'));
    const height = r.u32le();
    const status = r.u8();
    const sequence = r.u32le();
    r.expectEnd('block index entry');
    return new BlockIndexEntry(header, height, status, sequence);
  }
}
