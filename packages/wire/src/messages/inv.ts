import type { InvItem } from '../types/inv-item.js';
import { decodeInventory, encodeInventory } from './inventory-list.js';
import type { WireMessage } from './wire-message.js';

/** `inv`: `Vector<CInv>`, at most 50,000 entries; announces transactions and blocks. */
export class InvMessage implements WireMessage {
  static readonly COMMAND = 'inv';
  readonly command = InvMessage.COMMAND;

  constructor(readonly items: readonly InvItem[]) {}

  encode(): Uint8Array {
    return encodeInventory(this.items);
  }

  static decode(payload: Uint8Array): InvMessage {
    return new InvMessage(decodeInventory(payload, InvMessage.COMMAND));
  }
}
