import type { InvItem } from '../types/inv-item.js';
import { decodeInventory, encodeInventory } from './inventory-list.js';
import type { WireMessage } from './wire-message.js';

/** `notfound`: `Vector<CInv>`, at most 50,000 entries; answers a `getdata` for objects the peer does not have. */
export class NotFoundMessage implements WireMessage {
  static readonly COMMAND = 'notfound';
  readonly command = NotFoundMessage.COMMAND;

  constructor(readonly items: readonly InvItem[]) {}

  encode(): Uint8Array {
    return encodeInventory(this.items);
  }

  static decode(payload: Uint8Array): NotFoundMessage {
    return new NotFoundMessage(decodeInventory(payload, NotFoundMessage.COMMAND));
  }
}
