import { expectEmpty } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `verack`: empty payload. Acknowledges a `version`; ends the handshake. */
export class VerackMessage implements WireMessage {
  static readonly COMMAND = 'verack';

  readonly command = VerackMessage.COMMAND;

  encode(): Uint8Array {
    return new Uint8Array(0);
  }

  static decode(payload: Uint8Array): VerackMessage {
    expectEmpty(payload, VerackMessage.COMMAND);
    return new VerackMessage();
  }
}
