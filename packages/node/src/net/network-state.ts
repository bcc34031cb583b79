import { formatSubVersion } from '../version.js';
import { BanList, type BanReason } from './ban-list.js';
import type { NetSubnet } from './net-subnet.js';

/** One row of getpeerinfo (`CNodeStats` + `CNodeStateStats`), in Core 0.14's field order. */
export interface PeerInfo {
  readonly id: number;
  readonly addr: string;
  /** '' when unknown (the field is then omitted). */
  readonly addrLocal: string;
  readonly services: bigint;
  readonly relayTxes: boolean;
  readonly lastSend: number;
  readonly lastRecv: number;
  readonly bytesSent: number;
  readonly bytesRecv: number;
  readonly connTime: number;
  readonly timeOffset: number;
  /** Microseconds; 0 = none yet. */
  readonly pingUsec: number;
  /** Microseconds; `Number.MAX_SAFE_INTEGER` = none yet. */
  readonly minPingUsec: number;
  /** Microseconds an outstanding ping has waited; 0 = none. */
  readonly pingWaitUsec: number;
  readonly version: number;
  readonly subVer: string;
  readonly inbound: boolean;
  readonly addnode: boolean;
  readonly startingHeight: number;
  readonly banScore: number;
  readonly syncedHeaders: number;
  readonly syncedBlocks: number;
  readonly inflight: readonly number[];
  readonly whitelisted: boolean;
  /** Command → bytes, sorted by command, zero entries left out. */
  readonly bytesSentPerMsg: readonly (readonly [string, number])[];
  readonly bytesRecvPerMsg: readonly (readonly [string, number])[];
}

/** One row of getaddednodeinfo (`AddedNodeInfo`). */
export interface AddedNodeInfo {
  readonly addedNode: string;
  readonly connected: boolean;
  /** The connected peer's address (`resolvedAddress`) when connected. */
  readonly address?: string;
  readonly inbound?: boolean;
}

/** One entry of getnetworkinfo's `localaddresses` (`mapLocalHost`). */
export interface LocalAddressInfo {
  readonly address: string;
  readonly port: number;
  readonly score: number;
}

/** `uploadtarget` of `getnettotals`. */
export interface UploadTarget {
  readonly timeframe: number;
  readonly target: number;
  readonly target_reached: boolean;
  readonly serve_historical_blocks: boolean;
  readonly bytes_left_in_cycle: number;
  readonly time_left_in_cycle: number;
}

export interface NetworkStateOptions {
  /** `-addnode` entries (Core copies them into the added-node list when networking starts). */
  readonly addedNodes?: readonly string[];
  /** `-bantime` seconds. */
  readonly banTimeSeconds: number;
  /** `-maxuploadtarget` in MiB (0 = unlimited). */
  readonly maxUploadTargetMiB?: number;
  /** Seconds since the epoch (`GetTime`, follows mock time). */
  readonly clock: () => number;
  /** `-uacomment` values, shown in the user agent. */
  readonly uaComments?: readonly string[];
}

/** `MAX_BLOCK_SERIALIZED_SIZE`, used by the historical-block buffer of the upload target. */
const MAX_BLOCK_SERIALIZED_SIZE = 4_000_000;
/** `nMaxOutboundTimeframe`: 24 hours. */
const OUTBOUND_TIMEFRAME = 60 * 60 * 24;

/**
 * What the network RPCs read and change while the node has no P2P layer (`CConnman`'s
 * RPC-visible state): the added-node list, the ban list, the network-active switch and the
 * traffic counters, for a node with no connections. The P2P layer replaces this class.
 */
export class NetworkState {
  readonly bans: BanList;
  #networkActive = true;
  readonly #addedNodes: string[];
  readonly #maxOutboundLimit: number;
  #bytesSent = 0;
  #bytesReceived = 0;
  /** `nMaxOutboundTotalBytesSentInCycle` / `nMaxOutboundCycleStartTime`. */
  #sentInCycle = 0;
  #cycleStart = 0;

  constructor(private readonly opts: NetworkStateOptions) {
    this.bans = new BanList(opts.banTimeSeconds, opts.clock);
    this.#addedNodes = [...(opts.addedNodes ?? [])];
    this.#maxOutboundLimit = (opts.maxUploadTargetMiB ?? 0) * 1024 * 1024;
  }

  /** The user agent (`strSubVersion`), with the `-uacomment` values. */
  get subVersion(): string {
    return formatSubVersion(this.opts.uaComments);
  }

  /** Connected peers (none yet). */
  get connectionCount(): number {
    return 0;
  }

  get networkActive(): boolean {
    return this.#networkActive;
  }

  /** `nLocalServices` (NODE_NETWORK | NODE_WITNESS by default). */
  get localServices(): bigint {
    return 9n;
  }

  /** `fRelayTxes` (false with `-blocksonly`). */
  get localRelay(): boolean {
    return true;
  }

  /** `GetTimeOffset`: the median clock offset of the peers, seconds. */
  get timeOffset(): number {
    return 0;
  }

  /** getpeerinfo rows (none without peers). */
  peerInfo(): PeerInfo[] {
    return [];
  }

  /** The `ping` RPC: queue a ping to every fully connected peer. */
  pingAll(): void {}

  /** `mapLocalHost`. */
  localAddresses(): LocalAddressInfo[] {
    return [];
  }

  /** `Ban` (setban add / misbehaviour): with peers, the matching ones are disconnected. */
  ban(subnet: NetSubnet, reason: BanReason, banTimeOffset = 0, sinceUnixEpoch = false): void {
    this.bans.ban(subnet, reason, banTimeOffset, sinceUnixEpoch);
  }

  /** `Unban`. */
  unban(subnet: NetSubnet): boolean {
    return this.bans.unban(subnet);
  }

  /** `ClearBanned`. */
  clearBanned(): void {
    this.bans.clear();
  }

  /** `SetNetworkActive` (with peers, turning it off would disconnect them all). */
  setNetworkActive(active: boolean): void {
    this.#networkActive = active;
  }

  /** `AddNode`: false when the exact string is already in the list. */
  addNode(node: string): boolean {
    if (this.#addedNodes.includes(node)) return false;
    this.#addedNodes.push(node);
    return true;
  }

  /** `RemoveAddedNode`: false when the exact string is not in the list. */
  removeAddedNode(node: string): boolean {
    const i = this.#addedNodes.indexOf(node);
    if (i < 0) return false;
    this.#addedNodes.splice(i, 1);
    return true;
  }

  /** `addnode … onetry`: a single connection attempt (nothing to do without a P2P layer). */
  async tryConnectOnce(_node: string): Promise<void> {}

  /** The added-node strings in insertion order. */
  protected addedNodeList(): readonly string[] {
    return this.#addedNodes;
  }

  /** The added nodes in insertion order, none of them connected. */
  addedNodes(): AddedNodeInfo[] {
    return this.#addedNodes.map((addedNode) => ({ addedNode, connected: false }));
  }

  /** `DisconnectNode(address)`: false when no connected peer has that address (always, here). */
  disconnectNode(_address: string): boolean {
    return false;
  }

  /** `RecordBytesSent` / `RecordBytesRecv`: the totals and the upload-target cycle. */
  protected recordBytes(sent: number, received: number): void {
    this.#bytesReceived += received;
    if (sent === 0) return;
    this.#bytesSent += sent;
    const now = this.opts.clock();
    if (this.#cycleStart + OUTBOUND_TIMEFRAME < now) {
      // timeframe expired, reset cycle
      this.#cycleStart = now;
      this.#sentInCycle = 0;
    }
    this.#sentInCycle += sent;
  }

  get totalBytesReceived(): number {
    return this.#bytesReceived;
  }

  get totalBytesSent(): number {
    return this.#bytesSent;
  }

  /** The `uploadtarget` object (`GetMaxOutboundTimeframe`, `OutboundTargetReached`, …). */
  uploadTarget(): UploadTarget {
    return {
      timeframe: OUTBOUND_TIMEFRAME,
      target: this.#maxOutboundLimit,
      target_reached: this.outboundTargetReached(false),
      serve_historical_blocks: !this.outboundTargetReached(true),
      bytes_left_in_cycle: this.bytesLeftInCycle(),
      time_left_in_cycle: this.timeLeftInCycle(),
    };
  }

  private timeLeftInCycle(): number {
    if (this.#maxOutboundLimit === 0) return 0;
    if (this.#cycleStart === 0) return OUTBOUND_TIMEFRAME;
    const cycleEnd = this.#cycleStart + OUTBOUND_TIMEFRAME;
    const now = this.opts.clock();
    return cycleEnd < now ? 0 : cycleEnd - now;
  }

  private bytesLeftInCycle(): number {
    if (this.#maxOutboundLimit === 0) return 0;
    return this.#sentInCycle >= this.#maxOutboundLimit ? 0 : this.#maxOutboundLimit - this.#sentInCycle;
  }

  private outboundTargetReached(historicalBlockServingLimit: boolean): boolean {
    const limit = this.#maxOutboundLimit;
    if (limit === 0) return false;
    if (historicalBlockServingLimit) {
      // keep a buffer large enough to relay each block once
      const buffer = Math.floor(this.timeLeftInCycle() / 600) * MAX_BLOCK_SERIALIZED_SIZE;
      return buffer >= limit || this.#sentInCycle >= limit - buffer;
    }
    return this.#sentInCycle >= limit;
  }
}
