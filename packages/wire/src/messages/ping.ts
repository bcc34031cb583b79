import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/**
 * `ping`: uint64 nonce, echoed in `pong` (BIP31). Without a nonce (empty payload) it is the
 * pre-BIP31 keep-alive Core still sends to peers at version 60000 or below.
 */
export class PingMessage implements WireMessage {
  static readonly COMMAND = 'ping';
  readonly command = PingMessage.COMMAND;

  constructor(readonly nonce?: bigint) {}

  encode(): Uint8Array {
    const nonce = this.nonce;
    return nonce === undefined ? new Uint8Array(0) : encodePayload((w) => w.u64le(nonce), 8);
  }

  static decode(payload: Uint8Array): PingMessage {
    if (payload.length === 0) return new PingMessage();
    return decodePayload(payload, PingMessage.COMMAND, (r) => new PingMessage(r.u64le()));
  }
}
