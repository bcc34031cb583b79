import { expectEmpty } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `sendheaders`: empty payload. Asks the peer to announce new blocks with `headers` rather than `inv` (BIP130). */
export class SendHeadersMessage implements WireMessage {
  static readonly COMMAND = 'sendheaders';

  readonly command = SendHeadersMessage.COMMAND;

  encode(): Uint8Array {
    return new Uint8Array(0);
  }

  static decode(payload: Uint8Array): SendHeadersMessage {
    expectEmpty(payload, SendHeadersMessage.COMMAND);
    return new SendHeadersMessage();
  }
}
