import { expectEmpty } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `getaddr`: empty payload. Asks for addresses (answered with `addr`, inbound peers only). */
export class GetAddrMessage implements WireMessage {
  static readonly COMMAND = 'getaddr';

  readonly command = GetAddrMessage.COMMAND;

  encode(): Uint8Array {
    return new Uint8Array(0);
  }

  static decode(payload: Uint8Array): GetAddrMessage {
    expectEmpty(payload, GetAddrMessage.COMMAND);
    return new GetAddrMessage();
  }
}
