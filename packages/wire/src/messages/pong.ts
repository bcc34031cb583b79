import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `pong`: the uint64 nonce of the `ping` it answers. */
export class PongMessage implements WireMessage {
  static readonly COMMAND = 'pong';
  readonly command = PongMessage.COMMAND;

  constructor(readonly nonce: bigint) {}

  encode(): Uint8Array {
    return encodePayload((w) => w.u64le(this.nonce), 8);
  }

  static decode(payload: Uint8Array): PongMessage {
    return decodePayload(payload, PongMessage.COMMAND, (r) => new PongMessage(r.u64le()));
  }
}
