import type { InvItem } from '../types/inv-item.js';
import { decodeInventory, encodeInventory } from './inventory-list.js';
import type { WireMessage } from './wire-message.js';

/** `getdata`: `Vector<CInv>`, at most 50,000 entries; asks for the objects (witness forms with `MSG_WITNESS_FLAG`). */
export class GetDataMessage implements WireMessage {
  static readonly COMMAND = 'getdata';
  readonly command = GetDataMessage.COMMAND;

  constructor(readonly items: readonly InvItem[]) {}

  encode(): Uint8Array {
    return encodeInventory(this.items);
  }

  static decode(payload: Uint8Array): GetDataMessage {
    return new GetDataMessage(decodeInventory(payload, GetDataMessage.COMMAND));
  }
}
