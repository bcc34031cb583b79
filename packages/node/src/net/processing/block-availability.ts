import type { HeaderTree } from './header-tree.js';
import { sameHeader, type KnownHeader } from './known-header.js';
import type { PeerSyncState } from './peer-sync-state.js';

/** `ProcessBlockAvailability`: resolve the peer's last unknown announcement once its header is known. */
export function processBlockAvailability(headers: HeaderTree, state: PeerSyncState): void {
  if (state.lastUnknownBlock === undefined) return;
  const k = headers.get(state.lastUnknownBlock);
  if (k === undefined) return;
  if (state.bestKnownBlock === undefined || k.height >= state.bestKnownBlock.height) state.bestKnownBlock = k;
  state.lastUnknownBlock = undefined;
}

/** `UpdateBlockAvailability`: the peer has the block `hash`. */
export function updateBlockAvailability(headers: HeaderTree, state: PeerSyncState, hash: Uint8Array): void {
  processBlockAvailability(headers, state);
  const k = headers.get(hash);
  if (k !== undefined) {
    if (state.bestKnownBlock === undefined || k.height >= state.bestKnownBlock.height) state.bestKnownBlock = k;
  } else state.lastUnknownBlock = hash;
}

/** `PeerHasHeader`. */
export function peerHasHeader(state: PeerSyncState, k: KnownHeader): boolean {
  if (state.bestKnownBlock !== undefined && sameHeader(k, state.bestKnownBlock.ancestor(k.height))) return true;
  if (state.bestHeaderSent !== undefined && sameHeader(k, state.bestHeaderSent.ancestor(k.height))) return true;
  return false;
}
