import { assert } from '@ocean-ts/core';
import { BlockLocator } from '../types/block-locator.js';
import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `getblocks`: block locator (int32 version + hashes) then the 32-byte stop hash (zero: no stop); asks for an `inv` of up to 500 blocks after the locator. */
export class GetBlocksMessage implements WireMessage {
  static readonly COMMAND = 'getblocks';
  readonly command = GetBlocksMessage.COMMAND;

  constructor(
    readonly locator: BlockLocator,
    readonly hashStop: Uint8Array,
  ) {
    assert(hashStop.length === 32, 'stop hash is 32 bytes');
  }

  encode(): Uint8Array {
    return encodePayload((w) => {
      this.locator.write(w);
      w.bytes(this.hashStop);
    }, 41 + 32 * this.locator.hashes.length);
  }

  static decode(payload: Uint8Array): GetBlocksMessage {
    return decodePayload(payload, GetBlocksMessage.COMMAND, (r) => new GetBlocksMessage(BlockLocator.read(r), r.bytesCopy(32, 'stop hash')));
  }
}
