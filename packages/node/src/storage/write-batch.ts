import { checkKey } from './key-codec.js';

export type BatchOp =
  | { readonly type: 'put'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly type: 'del'; readonly key: Uint8Array };

/**
 * An ordered list of puts and deletes that a `KvStore` applies all-or-nothing with `write()`.
 * Operations apply in the order they were added (a later put or delete of the same key wins).
 * Keys and values are copied when added, so the caller may reuse its buffers at once. A batch is
 * not read back: reads see its effects only after `write()` has resolved.
 */
export class WriteBatch {
  private readonly _ops: BatchOp[] = [];
  private _byteSize = 0;

  /** Sets `key` to `value` (an empty value is allowed). Throws RangeError for an empty or oversized key. */
  put(key: Uint8Array, value: Uint8Array): this {
    checkKey(key);
    if (!(value instanceof Uint8Array)) throw new TypeError('value must be a Uint8Array');
    this._ops.push({ type: 'put', key: key.slice(), value: value.slice() });
    this._byteSize += key.length + value.length;
    return this;
  }

  /** Removes `key`; deleting a missing key is not an error. */
  del(key: Uint8Array): this {
    checkKey(key);
    this._ops.push({ type: 'del', key: key.slice() });
    this._byteSize += key.length;
    return this;
  }

  /** The operations in the order they will be applied. */
  get ops(): readonly BatchOp[] {
    return this._ops;
  }

  /** Number of operations. */
  get length(): number {
    return this._ops.length;
  }

  get isEmpty(): boolean {
    return this._ops.length === 0;
  }

  /** Bytes of keys and values carried (a rough measure of the commit's size, for logs and flush policy). */
  get byteSize(): number {
    return this._byteSize;
  }
}
