import { InvMessage, MAX_INV_SZ, type InvItem } from '@ocean-ts/wire';
import type { Peer } from '../net-boundary.js';

/** The `vInv` of SendMessages: inventory collected for one peer, sent as `inv` every `MAX_INV_SZ` items and at the end. */
export class InvBatch {
  private readonly items: InvItem[] = [];

  constructor(private readonly peer: Peer) {}

  push(item: InvItem): void {
    this.items.push(item);
    if (this.items.length === MAX_INV_SZ) this.flush();
  }

  flush(): void {
    if (this.items.length > 0) this.peer.send(new InvMessage(this.items.splice(0)));
  }
}
