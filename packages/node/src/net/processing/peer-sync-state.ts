import { BloomFilter } from '@ocean-ts/core';
import type { Peer } from '../net-boundary.js';
import type { PartiallyDownloadedBlock } from './partially-downloaded-block.js';
import type { KnownHeader } from './known-header.js';
import { RollingSet } from './rolling-set.js';
import { INVENTORY_KNOWN_SIZE } from './constants.js';

/** One block requested from a peer (`QueuedBlock`). */
export interface QueuedBlock {
  readonly hash: Uint8Array;
  readonly hashHex: string;
  /** Height of the block when its header was known at request time. */
  readonly height: number | undefined;
  /** The header was validated (`fValidatedHeaders`): known when requested. */
  readonly validatedHeaders: boolean;
  /** Reconstruction state when the block comes as a compact block. */
  partial: PartiallyDownloadedBlock | undefined;
}

/** A block validation result to report to the peer with `reject` (`CBlockReject`). */
export interface PendingBlockReject {
  readonly code: number;
  readonly reason: string;
  readonly hash: Uint8Array;
}

/**
 * Per-peer state of the message processor: Core 0.14's `CNodeState` plus the relay fields of
 * `CNode` that net_processing owns (inventory queues, fee filter, ask-for map, mempool request).
 */
export class PeerSyncState {
  // ----- CNodeState
  /** `pindexBestKnownBlock`: the best block this peer is known to have. */
  bestKnownBlock: KnownHeader | undefined;
  /** `hashLastUnknownBlock`: the last block it announced that we had no header for. */
  lastUnknownBlock: Uint8Array | undefined;
  /** `pindexLastCommonBlock`: the last block both we and the peer have. */
  lastCommonBlock: KnownHeader | undefined;
  /** `pindexBestHeaderSent`. */
  bestHeaderSent: KnownHeader | undefined;
  /** `nUnconnectingHeaders`. */
  unconnectingHeaders = 0;
  /** `fSyncStarted`. */
  syncStarted = false;
  /** `nStallingSince` (ms, 0 = not stalling). */
  stallingSince = 0;
  /** `vBlocksInFlight`, oldest first. */
  readonly blocksInFlight: QueuedBlock[] = [];
  /** `nDownloadingSince` (ms). */
  downloadingSince = 0;
  /** `nBlocksInFlightValidHeaders`. */
  blocksInFlightValidHeaders = 0;
  /** `fPreferredDownload`. */
  readonly preferredDownload: boolean;
  /** `fPreferHeaders`: announce new blocks with `headers` (`sendheaders` received). */
  preferHeaders = false;
  /** `fPreferHeaderAndIDs`: announce with `cmpctblock` (high-bandwidth `sendcmpct`). */
  preferHeaderAndIds = false;
  /** `fProvidesHeaderAndIDs`: the peer sent an acceptable `sendcmpct`. */
  providesHeaderAndIds = false;
  /** `fHaveWitness`: NODE_WITNESS. */
  readonly haveWitness: boolean;
  /** `fWantsCmpctWitness`: version-2 compact blocks (short ids over full hashes). */
  wantsCmpctWitness = false;
  /** `fSupportsDesiredCmpctVersion`. */
  supportsDesiredCmpctVersion = false;
  /** `rejects`: block rejects to send. */
  readonly rejects: PendingBlockReject[] = [];
  /** `fClient`: no NODE_NETWORK. */
  readonly client: boolean;
  /** Misbehaviour reported for this peer (`nMisbehavior` is the connection manager's). */
  misbehaved = false;

  // ----- CNode relay fields
  /** `fRelayTxes`: the peer's `version` relay flag (set by `filterload` / `filterclear`). */
  relayTxes: boolean;
  /**
   * `pfilter`: the peer's BIP37 filter. As in 0.14 every peer has one from the start — the
   * default `CBloomFilter()`, which matches everything — until `filterload` replaces it.
   */
  filter: BloomFilter = BloomFilter.matchAll();
  /** `filterInventoryKnown`: txids the peer knows (display hex). */
  readonly inventoryKnown = new RollingSet(INVENTORY_KNOWN_SIZE);
  /** `setInventoryTxToSend` (display hex → txid bytes). */
  readonly txToSend = new Map<string, Uint8Array>();
  /** `vInventoryBlockToSend`. */
  blocksToSend: Uint8Array[] = [];
  /** `vBlockHashesToAnnounce`. */
  blockHashesToAnnounce: Uint8Array[] = [];
  /** `hashContinue`: sending this block triggers an `inv` of our tip (getblocks paging). */
  hashContinue: Uint8Array | undefined;
  /** `nNextInvSend` (ms). */
  nextInvSend = 0;
  /** `fSendMempool`: a BIP35 `mempool` request to answer. */
  sendMempool = false;
  /** `timeLastMempoolReq` (seconds; 0 = never). */
  timeLastMempoolReq = 0;
  /** `minFeeFilter`: the peer's `feefilter` (satoshis per kB). */
  minFeeFilter = 0n;
  /** `lastSentFeeFilter`. */
  lastSentFeeFilter = 0n;
  /** `nextSendTimeFeeFilter` (ms). */
  nextSendTimeFeeFilter = 0;
  /** `mapAskFor`: txid hex → time (ms) to request it. */
  readonly askFor = new Map<string, { readonly hash: Uint8Array; readonly at: number; readonly type: number }>();
  /** `nLastBlockTime` / `nLastTXTime` (seconds). */
  lastBlockTime = 0;
  lastTxTime = 0;

  constructor(
    readonly peer: Peer,
    opts: { readonly preferredDownload: boolean; readonly haveWitness: boolean; readonly client: boolean; readonly relayTxes: boolean },
  ) {
    this.preferredDownload = opts.preferredDownload;
    this.haveWitness = opts.haveWitness;
    this.client = opts.client;
    this.relayTxes = opts.relayTxes;
  }

  get id(): number {
    return this.peer.id;
  }
}
