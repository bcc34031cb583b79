import { BloomFilter } from '@ocean-ts/core';
import { MAX_SCRIPT_ELEMENT_SIZE, NODE_BLOOM, NO_BLOOM_VERSION, type FilterAddMessage, type FilterLoadMessage } from '@ocean-ts/wire';
import type { PeerSyncState } from './peer-sync-state.js';
import type { ProcessorContext } from './processor-context.js';

/**
 * BIP37 as Bitcoin Core 0.14 handles it: `filterload` (a filter over the size limits costs
 * 100), `filteradd` (an element over 520 bytes costs 100), `filterclear`; without NODE_BLOOM
 * (`-peerbloomfilters=0`, Ocean's default) `filterload` / `filteradd` cost 100 from peers at
 * `NO_BLOOM_VERSION` or later, and disconnect older ones. Loading or clearing a filter switches
 * on the peer's transaction relay (`fRelayTxes`).
 */
export class PeerBloomFilters {
  constructor(private readonly ctx: ProcessorContext) {}

  private get bloomServed(): boolean {
    return (this.ctx.localServices & NODE_BLOOM) !== 0n;
  }

  /** 0.14's gate in front of `filterload` / `filteradd`; true when the message is refused. */
  private refused(state: PeerSyncState, command: string): boolean {
    if (this.bloomServed) return false;
    const peer = state.peer;
    if ((peer.versionInfo?.version ?? 0) >= NO_BLOOM_VERSION) this.ctx.misbehaving(state, 100, `${command} with bloom filters disabled`);
    else peer.disconnect(`${command} with bloom filters disabled`);
    return true;
  }

  onFilterLoad(state: PeerSyncState, m: FilterLoadMessage): void {
    if (this.refused(state, m.command)) return;
    const filter = m.toFilter();
    if (!filter.isWithinSizeConstraints()) {
      // there is no excuse for sending a too-large filter
      this.ctx.misbehaving(state, 100, 'oversized bloom filter');
      return;
    }
    state.filter = filter;
    state.relayTxes = true;
  }

  onFilterAdd(state: PeerSyncState, m: FilterAddMessage): void {
    if (this.refused(state, m.command)) return;
    // nodes must never send a data item over 520 bytes (the largest script element, so the
    // largest object that can match). 0.14 also scores a missing filter, but every peer has one.
    if (m.data.length > MAX_SCRIPT_ELEMENT_SIZE) {
      this.ctx.misbehaving(state, 100, 'filteradd element over 520 bytes');
      return;
    }
    state.filter.insert(m.data);
  }

  onFilterClear(state: PeerSyncState): void {
    if (this.bloomServed) state.filter = BloomFilter.matchAll();
    state.relayTxes = true;
  }
}
