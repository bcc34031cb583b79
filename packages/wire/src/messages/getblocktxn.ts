import { DecodeError, assert } from '@ocean-ts/core';
import { MAX_BLOCKTXN_INDEX } from '../protocol/limits.js';
import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/**
 * `getblocktxn` (BIP152 `BlockTransactionsRequest`): block hash, then `CompactSize` count and the
 * differentially encoded indexes of the transactions wanted. Held here as absolute, strictly
 * increasing indexes. As in Core, a differential index above 0xffff ("index overflowed 16 bits") or
 * an absolute one above 0xffff ("indexes overflowed 16 bits") is a `DecodeError`.
 */
export class GetBlockTxnMessage implements WireMessage {
  static readonly COMMAND = 'getblocktxn';
  readonly command = GetBlockTxnMessage.COMMAND;

  constructor(
    readonly blockHash: Uint8Array,
    readonly indexes: readonly number[],
  ) {
    assert(blockHash.length === 32, 'block hash is 32 bytes');
    let last = -1;
    for (const i of indexes) {
      assert(Number.isInteger(i) && i > last && i <= MAX_BLOCKTXN_INDEX, 'indexes increase and fit 16 bits');
      last = i;
    }
  }

  encode(): Uint8Array {
    return encodePayload((w) => {
      w.bytes(this.blockHash).compactSize(this.indexes.length);
      let last = -1;
      for (const i of this.indexes) {
        w.compactSize(i - last - 1);
        last = i;
      }
    }, 35 + this.indexes.length * 3);
  }

  static decode(payload: Uint8Array): GetBlockTxnMessage {
    return decodePayload(payload, GetBlockTxnMessage.COMMAND, (r) => {
      const blockHash = r.bytesCopy(32, 'block hash');
      const n = r.count(1, 'transaction indexes');
      const indexes: number[] = [];
      let offset = 0;
      for (let i = 0; i < n; i++) {
        const diff = r.compactSize();
        if (diff > MAX_BLOCKTXN_INDEX) throw new DecodeError('index overflowed 16 bits');
        const index = diff + offset;
        if (index > MAX_BLOCKTXN_INDEX) throw new DecodeError('indexes overflowed 16 bits');
        indexes.push(index);
        offset = index + 1;
      }
      return new GetBlockTxnMessage(blockHash, indexes);
    });
  }
}
