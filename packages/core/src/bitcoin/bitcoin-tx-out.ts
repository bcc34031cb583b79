import { assert } from '../encoding/errors.js';

/** One output of a plain Bitcoin transaction: value in satoshis (int64) and scriptPubKey. */
export class BitcoinTxOut {
  constructor(
    readonly value: bigint,
    readonly scriptPubKey: Uint8Array,
  ) {
    assert(value >= -(1n << 63n) && value < 1n << 63n, 'output value must be an int64');
  }

  withValue(value: bigint): BitcoinTxOut {
    return new BitcoinTxOut(value, this.scriptPubKey);
  }
}
