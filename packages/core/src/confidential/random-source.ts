/**
 * Randomness for blinding, supplied by the caller (core never makes its own): either a function
 * returning `length` fresh random bytes (a node passes `crypto.randomBytes`) or a fixed byte string
 * consumed front to back (tests, reproducible vectors). Draws happen in the order documented by
 * `blindTransaction`, so one byte string always yields the same transaction.
 */
export type RandomSource = ((length: number) => Uint8Array) | Uint8Array;

/** Thrown when a fixed byte string runs out before blinding is complete. */
export class RandomSourceExhaustedError extends Error {
  override readonly name = 'RandomSourceExhaustedError';
  constructor(wanted: number, left: number) {
    super(`random source exhausted: wanted ${wanted} bytes, ${left} left`);
  }
}

/** Sequential reader over a `RandomSource`. */
export class RandomStream {
  private offset = 0;

  constructor(private readonly source: RandomSource) {}

  /** The next `length` bytes (a fresh copy). */
  bytes(length: number): Uint8Array {
    if (typeof this.source === 'function') {
      const b = this.source(length);
      if (!(b instanceof Uint8Array) || b.length !== length) throw new RangeError(`random source returned ${b.length} bytes, wanted ${length}`);
      return Uint8Array.from(b);
    }
    const left = this.source.length - this.offset;
    if (left < length) throw new RandomSourceExhaustedError(length, left);
    const out = this.source.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
}
