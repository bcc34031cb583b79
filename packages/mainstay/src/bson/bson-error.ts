/**
 * Every failure of the BSON codec: a malformed or unsupported byte sequence when decoding, or a value
 * BSON (or this codec's subset of it) cannot represent when encoding. `offset` is the byte offset of
 * the problem within the buffer (or file) being read; undefined for encoding errors.
 */
export class BsonError extends Error {
  override readonly name = 'BsonError';

  constructor(
    readonly detail: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? detail : `${detail} (at byte ${offset})`);
  }
}
