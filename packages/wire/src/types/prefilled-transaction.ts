import { assert, type Transaction } from '@ocean-ts/core';
import { MAX_BLOCKTXN_INDEX } from '../protocol/limits.js';

/**
 * A BIP152 `PrefilledTransaction` with its **absolute** index in the block. On the wire the index
 * is differential (CompactSize of the gap to the previous prefilled index, minus one); the
 * `cmpctblock` codec converts.
 */
export class PrefilledTransaction {
  constructor(
    readonly index: number,
    readonly tx: Transaction,
  ) {
    assert(Number.isInteger(index) && index >= 0 && index <= MAX_BLOCKTXN_INDEX, 'prefilled index is a uint16');
  }
}
