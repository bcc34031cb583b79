/** Limits both directions of the codec enforce (a document within them always round-trips). */
export interface BsonLimits {
  /** Largest document in bytes (default 16 MiB, MongoDB's maximum BSON document size). */
  readonly maxSize?: number;
  /** Deepest nesting of documents/arrays; the top-level document is depth 1 (default 32). */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_BSON_SIZE = 16 * 1024 * 1024;
export const DEFAULT_MAX_BSON_DEPTH = 32;
/** Smallest possible document: the int32 size and the terminating NUL. */
export const MIN_BSON_SIZE = 5;

export function resolveLimits(limits: BsonLimits = {}): Required<BsonLimits> {
  const maxSize = limits.maxSize ?? DEFAULT_MAX_BSON_SIZE;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_BSON_DEPTH;
  if (!Number.isInteger(maxSize) || maxSize < MIN_BSON_SIZE || maxSize > 0x7fffffff) throw new RangeError(`maxSize must be an integer in [5, 2^31-1], got ${maxSize}`);
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new RangeError(`maxDepth must be a positive integer, got ${maxDepth}`);
  return { maxSize, maxDepth };
}
