import { Transaction, assert } from '@ocean-ts/core';
import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** Smallest serialized transaction: version, flags, two counts, locktime. */
const MIN_TX_SIZE = 11;

/**
 * `blocktxn` (BIP152 `BlockTransactions`): block hash, then `CompactSize` count and the requested
 * transactions, in witness (version 2) or no-witness (version 1) form per `witness`.
 */
export class BlockTxnMessage implements WireMessage {
  static readonly COMMAND = 'blocktxn';
  readonly command = BlockTxnMessage.COMMAND;

  constructor(
    readonly blockHash: Uint8Array,
    readonly transactions: readonly Transaction[],
    readonly witness = true,
  ) {
    assert(blockHash.length === 32, 'block hash is 32 bytes');
  }

  encode(): Uint8Array {
    return encodePayload((w) => {
      w.bytes(this.blockHash).compactSize(this.transactions.length);
      for (const tx of this.transactions) tx.write(w, this.witness);
    }, 256);
  }

  static decode(payload: Uint8Array): BlockTxnMessage {
    return decodePayload(payload, BlockTxnMessage.COMMAND, (r) => {
      const blockHash = r.bytesCopy(32, 'block hash');
      const n = r.count(MIN_TX_SIZE, 'block transactions');
      const txs: Transaction[] = [];
      for (let i = 0; i < n; i++) txs.push(Transaction.read(r));
      return new BlockTxnMessage(blockHash, txs, txs.some((t) => t.hasWitness));
    });
  }
}
