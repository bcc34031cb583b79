import { assert } from '@ocean-ts/core';
import { BlockLocator } from '../types/block-locator.js';
import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `getheaders`: block locator (int32 version + hashes) then the 32-byte stop hash (zero: no stop); asks for up to 2,000 `headers` after the locator. */
export class GetHeadersMessage implements WireMessage {
  static readonly COMMAND = 'getheaders';
  readonly command = GetHeadersMessage.COMMAND;

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

  static decode(payload: Uint8Array): GetHeadersMessage {
    return decodePayload(payload, GetHeadersMessage.COMMAND, (r) => new GetHeadersMessage(BlockLocator.read(r), r.bytesCopy(32, 'stop hash')));
  }
}
