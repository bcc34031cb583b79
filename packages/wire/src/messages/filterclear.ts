import { expectEmpty } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `filterclear`: empty payload. Removes the peer's bloom filter (BIP37). */
export class FilterClearMessage implements WireMessage {
  static readonly COMMAND = 'filterclear';

  readonly command = FilterClearMessage.COMMAND;

  encode(): Uint8Array {
    return new Uint8Array(0);
  }

  static decode(payload: Uint8Array): FilterClearMessage {
    expectEmpty(payload, FilterClearMessage.COMMAND);
    return new FilterClearMessage();
  }
}
