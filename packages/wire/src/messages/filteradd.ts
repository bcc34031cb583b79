import { MAX_SCRIPT_ELEMENT_SIZE } from '../protocol/limits.js';
import { checkLimit, decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/**
 * `filteradd` (BIP37): one VarBytes element to add to the filter. Above 520 bytes it is a
 * `MessageLimitError` (Core: `Misbehaving(100)`).
 */
export class FilterAddMessage implements WireMessage {
  static readonly COMMAND = 'filteradd';
  readonly command = FilterAddMessage.COMMAND;

  constructor(readonly data: Uint8Array) {}

  encode(): Uint8Array {
    return encodePayload((w) => w.varBytes(this.data), this.data.length + 3);
  }

  static decode(payload: Uint8Array): FilterAddMessage {
    const data = decodePayload(payload, FilterAddMessage.COMMAND, (r) => r.varBytes('filter element'));
    checkLimit(FilterAddMessage.COMMAND, 'MAX_SCRIPT_ELEMENT_SIZE', MAX_SCRIPT_ELEMENT_SIZE, data.length);
    return new FilterAddMessage(data);
  }
}
