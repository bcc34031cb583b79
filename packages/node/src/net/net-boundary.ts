/**
 * The boundary between the two halves of the P2P layer, as Core splits them:
 * - the connection manager (`CConnman`, net.cpp): sockets, framing, the version handshake, ping,
 *   addresses, bans, connection slots, traffic counters — it owns `Peer` objects;
 * - the message processor (`PeerLogicValidation`, net_processing.cpp): headers-first sync, block
 *   download, inv/getdata/notfound, transaction relay, compact blocks, orphans, misbehaviour scores.
 * The connection manager calls the processor; the processor acts on peers only through `Peer`.
 */
import type { WireMessage } from '@ocean-ts/wire';

/** What the handshake learnt about a peer (its `version` message). */
export interface PeerVersion {
  readonly version: number;
  readonly services: bigint;
  readonly startHeight: number;
  readonly userAgent: string;
  readonly relay: boolean;
  /** The peer's clock minus ours, seconds. */
  readonly timeOffset: number;
}

/** One connected peer, as the message processor sees it. */
export interface Peer {
  /** `NodeId`: unique for the process lifetime, increasing. */
  readonly id: number;
  readonly inbound: boolean;
  /** `ip:port` (IPv6 in brackets) as getpeerinfo's `addr`. */
  readonly addr: string;
  /** `-whitelist`ed peer (`fWhitelisted`). */
  readonly whitelisted: boolean;
  /** Set once `verack` was received (`fSuccessfullyConnected`). */
  readonly versionInfo: PeerVersion | undefined;
  /** Queues one message (framed with the chain's magic); no-op once disconnecting. */
  send(message: WireMessage): void;
  /** Disconnects at the next opportunity (`fDisconnect`), logging `reason`. */
  disconnect(reason: string): void;
  readonly disconnecting: boolean;
  /**
   * Optional (connection manager ≥ N2): the peer delivered a block / transaction new to us
   * (Core's `nLastBlockTime` / `nLastTXTime`, which protect it from inbound eviction).
   */
  noteNewBlock?(): void;
  noteNewTransaction?(): void;
}

/** `CNodeStateStats`: what getpeerinfo shows of the processor's per-peer state. */
export interface NodeStateStats {
  /** `nSyncHeight`: height of the best header the peer announced (-1 unknown). */
  readonly syncHeight: number;
  /** `nCommonHeight`: height of the last block we have in common (-1 unknown). */
  readonly commonHeight: number;
  /** Heights of the blocks in flight from this peer. */
  readonly heightsInFlight: readonly number[];
  /**
   * Optional: `fRelayTxes` as the processor keeps it (the `version` relay flag, switched on by
   * `filterload` / `filterclear`); getpeerinfo's `relaytxes` (absent → the version flag).
   */
  readonly relayTxes?: boolean;
}

/** The message processor the connection manager drives. */
export interface MessageProcessor {
  /** The handshake completed (`verack` received): start sync with this peer. */
  peerReady(peer: Peer): void;
  /**
   * One decoded message after the handshake (never `version`/`verack`). Messages of one peer
   * are delivered one at a time, in order (the next waits for the returned promise).
   */
  processMessage(peer: Peer, message: WireMessage): Promise<void>;
  /** Periodic per-peer work (`SendMessages`): trickled invs, getdata scheduling, stalling checks. */
  sendMessages(peer: Peer, nowMs: number): void;
  /** The peer is gone (`FinalizeNode`): release its blocks in flight, orphans, etc. */
  peerGone(peer: Peer): void;
  /** Optional: `GetNodeStateStats` for getpeerinfo (absent → -1, -1, []). */
  nodeStateStats?(peer: Peer): NodeStateStats | undefined;
  /**
   * Optional: send the block `reject`s queued for the peer — the first half of Core's
   * `SendRejectsAndCheckIfBanned`, called by the connection manager right before its ban check
   * (after each message and in SendMessages), so a peer disconnected for an invalid block still
   * gets the `reject` first, as from Core.
   */
  sendRejects?(peer: Peer): void;
}

/** `Misbehaving(nodeid, howmuch)`: reaching `-banscore` (default 100) bans and disconnects the peer. */
export interface MisbehaviorSink {
  misbehaving(peer: Peer, howMuch: number, reason: string): void;
}
