import { toDisplayHex, type BlockHeader } from '@ocean-ts/core';

/**
 * A block header the node knows (`CBlockIndex` as net_processing reads it): either an entry of the
 * chain state's block index (the block is stored) or a header-only entry of the `HeaderTree`.
 * Both share this shape; compare by hash, not identity (one block can have both forms).
 */
export interface KnownHeader {
  readonly header: BlockHeader;
  readonly height: number;
  readonly hash: Uint8Array;
  readonly parent: KnownHeader | undefined;
  readonly medianTimePast: number;
  ancestor(height: number): KnownHeader | undefined;
}

/** A header received from a peer whose block is not stored (yet). */
export class HeaderNode implements KnownHeader {
  private mtp: number | undefined;
  /**
   * Fixed at construction: computing it from the parent on every read walks the whole header-only
   * chain, which made a 2,000-header sync quadratic (seconds of CPU per hundred blocks).
   */
  readonly height: number;

  constructor(
    readonly header: BlockHeader,
    readonly parent: KnownHeader,
    /** First-seen order among header-only entries (ties between equal heights go to the first seen). */
    readonly sequence: number,
  ) {
    this.height = parent.height + 1;
  }

  get hash(): Uint8Array {
    return this.header.hash;
  }

  get hashHex(): string {
    return toDisplayHex(this.header.hash);
  }

  /** `GetMedianTimePast`: median of the times of this header and its up to 10 ancestors. */
  get medianTimePast(): number {
    if (this.mtp === undefined) {
      const times: number[] = [];
      for (let e: KnownHeader | undefined = this; e !== undefined && times.length < 11; e = e.parent) times.push(e.header.time);
      times.sort((a, b) => a - b);
      this.mtp = times[Math.floor(times.length / 2)]!;
    }
    return this.mtp;
  }

  ancestor(height: number): KnownHeader | undefined {
    if (height > this.height || height < 0) return undefined;
    let e: KnownHeader = this;
    while (e instanceof HeaderNode && e.height > height) e = e.parent;
    return e.height === height ? e : e.ancestor(height);
  }
}

/** Same block? */
export function sameHeader(a: KnownHeader | undefined, b: KnownHeader | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.height !== b.height) return false;
  const x = a.hash;
  const y = b.hash;
  for (let i = 0; i < 32; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** `LastCommonAncestor`. */
export function lastCommonAncestor(a: KnownHeader, b: KnownHeader): KnownHeader | undefined {
  let x: KnownHeader | undefined = a.height > b.height ? a.ancestor(b.height) : a;
  let y: KnownHeader | undefined = b.height > a.height ? b.ancestor(a.height) : b;
  while (x !== undefined && y !== undefined && !sameHeader(x, y)) {
    x = x.parent;
    y = y.parent;
  }
  return x;
}
