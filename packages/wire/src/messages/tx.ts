import { Transaction } from '@ocean-ts/core';
import { decodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/**
 * `tx`: one Ocean transaction. `witness` selects the full serialization (flags 01 and the witness
 * section after the lock time; sent for `MSG_WITNESS_TX`) or the no-witness form (`MSG_TX`). Both
 * forms are accepted on receipt, as Core's receive stream allows witness data.
 */
export class TxMessage implements WireMessage {
  static readonly COMMAND = 'tx';
  readonly command = TxMessage.COMMAND;

  constructor(
    readonly tx: Transaction,
    readonly witness = true,
  ) {}

  encode(): Uint8Array {
    return this.tx.toBytes(this.witness);
  }

  /** `witness` of the result tells whether the payload carried witness data. */
  static decode(payload: Uint8Array): TxMessage {
    const tx = decodePayload(payload, TxMessage.COMMAND, (r) => Transaction.read(r));
    return new TxMessage(tx, tx.hasWitness);
  }
}
