import { Block } from '@ocean-ts/core';
import { decodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/**
 * `block`: Ocean block (header with challenge and solution, then the transactions). `witness`
 * selects the full form (`MSG_WITNESS_BLOCK`) or the stripped one (`MSG_BLOCK`), which also drops
 * the confidential proofs.
 */
export class BlockMessage implements WireMessage {
  static readonly COMMAND = 'block';
  readonly command = BlockMessage.COMMAND;

  constructor(
    readonly block: Block,
    readonly witness = true,
  ) {}

  encode(): Uint8Array {
    return this.block.toBytes(this.witness);
  }

  /** `witness` of the result tells whether any transaction carried witness data. */
  static decode(payload: Uint8Array): BlockMessage {
    const block = decodePayload(payload, BlockMessage.COMMAND, (r) => Block.read(r));
    return new BlockMessage(block, block.transactions.some((t) => t.hasWitness));
  }
}
