import { NODE_WITNESS, SendCmpctMessage } from '@ocean-ts/wire';
import { MAX_HIGH_BANDWIDTH_PEERS } from './constants.js';
import type { PeerSyncState } from './peer-sync-state.js';
import type { ProcessorContext } from './processor-context.js';

/** `lNodesAnnouncingHeaderAndIDs`: the (up to three) peers asked to announce blocks with `cmpctblock`. */
export class HighBandwidthPeers {
  private readonly ids: number[] = [];

  constructor(private readonly ctx: ProcessorContext) {}

  /** Peer ids, oldest first. */
  get list(): readonly number[] {
    return this.ids;
  }

  /** `MaybeSetPeerAsAnnouncingHeaderAndIDs`: ask up to three peers to announce with `cmpctblock`. */
  maybeSet(state: PeerSyncState): void {
    if (!state.supportsDesiredCmpctVersion || !state.providesHeaderAndIds) return;
    const version = (this.ctx.localServices & NODE_WITNESS) !== 0n ? 2n : 1n;
    const at = this.ids.indexOf(state.id);
    if (at >= 0) {
      this.ids.splice(at, 1);
      this.ids.push(state.id);
      return;
    }
    if (this.ids.length >= MAX_HIGH_BANDWIDTH_PEERS) {
      const dropped = this.ids.shift()!;
      this.ctx.states.get(dropped)?.peer.send(new SendCmpctMessage(false, version));
    }
    state.peer.send(new SendCmpctMessage(true, version));
    this.ids.push(state.id);
  }

  remove(peerId: number): void {
    const at = this.ids.indexOf(peerId);
    if (at >= 0) this.ids.splice(at, 1);
  }
}
