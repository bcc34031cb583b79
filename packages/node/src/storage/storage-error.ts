/**
 * What went wrong with a store, as a machine-readable kind:
 * - `corrupt`: the files are not a valid database (garbage header, truncated file);
 * - `unreadable`: the path cannot be opened or accessed (not a directory, permissions, I/O error on open);
 * - `schema-mismatch`: the store is valid but holds a schema version this code does not read;
 * - `layout-conflict`: two keyspace layouts claim the same key prefix in one store;
 * - `in-use`: the database is already open in this process;
 * - `closed`: the store was used after `close()`;
 * - `write-failed`: a batch could not be committed (nothing of it was applied).
 */
export type StorageErrorKind =
  | 'corrupt'
  | 'unreadable'
  | 'schema-mismatch'
  | 'layout-conflict'
  | 'in-use'
  | 'closed'
  | 'write-failed';

/**
 * A storage failure the node reports to the operator (and usually stops on). Messages are lower-case,
 * name the path involved when there is one, and say what to do when there is something to do.
 * Misuse of the API by a caller (an empty key, a key over the size limit) is a `RangeError` instead.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly kind: StorageErrorKind,
    message: string,
    /** The file or directory the error is about, when there is one. */
    readonly path?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
