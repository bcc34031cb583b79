import { MerkleBlock } from '@ocean-ts/core';
import { decodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/**
 * `merkleblock` (BIP37): Ocean header (network form, solution included) then the partial Merkle
 * tree over txids — core's `MerkleBlock`, the same object `gettxoutproof` serializes.
 */
export class MerkleBlockMessage implements WireMessage {
  static readonly COMMAND = 'merkleblock';
  readonly command = MerkleBlockMessage.COMMAND;

  constructor(readonly merkleBlock: MerkleBlock) {}

  encode(): Uint8Array {
    return this.merkleBlock.toBytes();
  }

  static decode(payload: Uint8Array): MerkleBlockMessage {
    return new MerkleBlockMessage(decodePayload(payload, MerkleBlockMessage.COMMAND, (r) => MerkleBlock.read(r)));
  }
}
