import { DecodeError } from './errors.js';
import { MAX_SIZE } from './compact-size.js';

/**
 * Cursor over a byte array. Every read checks bounds and throws DecodeError; nothing is allocated
 * before the bytes that justify it are known to be present.
 */
export class Reader {
  private pos = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  get done(): boolean {
    return this.pos === this.bytes.length;
  }

  private need(n: number, what: string): void {
    if (n > this.bytes.length - this.pos) throw new DecodeError(`end of data reading ${what}`);
  }

  u8(): number {
    this.need(1, 'u8');
    return this.bytes[this.pos++]!;
  }

  /** Peek at the next byte without consuming it. */
  peekU8(): number {
    this.need(1, 'u8');
    return this.bytes[this.pos]!;
  }

  u16le(): number {
    this.need(2, 'u16');
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32le(): number {
    this.need(4, 'u32');
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32le(): number {
    this.need(4, 'i32');
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64le(): bigint {
    this.need(8, 'u64');
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  i64le(): bigint {
    this.need(8, 'i64');
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  u64be(): bigint {
    this.need(8, 'u64');
    const v = this.view.getBigUint64(this.pos, false);
    this.pos += 8;
    return v;
  }

  /** A sub-array view (no copy). Callers that keep it must not mutate the source. */
  bytesView(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A copy of the next `n` bytes. */
  bytesCopy(n: number, what = 'bytes'): Uint8Array {
    return this.bytesView(n, what).slice();
  }

  /** Canonical CompactSize, bounded by MAX_SIZE like the original's ReadCompactSize. */
  compactSize(): number {
    const first = this.u8();
    let n: number;
    if (first < 0xfd) {
      n = first;
    } else if (first === 0xfd) {
      n = this.u16le();
      if (n < 0xfd) throw new DecodeError('non-canonical ReadCompactSize()');
    } else if (first === 0xfe) {
      n = this.u32le();
      if (n < 0x10000) throw new DecodeError('non-canonical ReadCompactSize()');
    } else {
      const big = this.u64le();
      if (big < 0x100000000n) throw new DecodeError('non-canonical ReadCompactSize()');
      throw new DecodeError('ReadCompactSize(): size too large');
    }
    if (n > MAX_SIZE) throw new DecodeError('ReadCompactSize(): size too large');
    return n;
  }

  /**
   * A count of items each at least `minItemSize` bytes long: rejected before any allocation when
   * the remaining input cannot possibly hold that many.
   */
  count(minItemSize: number, what: string): number {
    const n = this.compactSize();
    if (minItemSize > 0 && n > Math.floor(this.remaining / minItemSize)) {
      throw new DecodeError(`end of data reading ${what} (count ${n})`);
    }
    return n;
  }

  /** VarBytes: CompactSize length then that many bytes (copied). */
  varBytes(what = 'var bytes'): Uint8Array {
    const n = this.compactSize();
    return this.bytesCopy(n, what);
  }

  /** Fail unless every byte was consumed. */
  expectEnd(what: string): void {
    if (!this.done) throw new DecodeError(`${what}: ${this.remaining} unexpected trailing bytes`);
  }
}
