/**
 * Bitcoin Core 0.14's `CConnman` (net.cpp): listening sockets (`-listen`, `-port`, `-bind`,
 * `-whitebind`), inbound acceptance with bans, `-whitelist` and eviction (`-maxconnections`),
 * outbound connections (`-connect` only those; otherwise `-addnode`/`addnode`, `-seednode` one-shots
 * and up to 8 addrman-selected peers), the per-peer message loops, `SendMessages` ticks, inactivity
 * timeouts, misbehaviour bans, the network switch and the traffic counters, plus what the network
 * RPCs read. One slow or hostile peer never stalls the others: every peer has its own queues and
 * nothing awaits across peers.
 */
import { randomBytes } from 'node:crypto';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { sha256 } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import { BIP0031_VERSION, NODE_BLOOM, NODE_NETWORK, NODE_WITNESS, NetAddress, type FrameError, type FrameMessage } from '@ocean-ts/wire';
import { ConfigError } from '../config/config-error.js';
import type { NetSettings } from '../config/net-settings.js';
import { AddrMan, type PeerAddress } from './addr-man.js';
import type { BanEntry, BanReason } from './ban-list.js';
import { selectNodeToEvict } from './eviction.js';
import {
  addressGroup,
  addressToString,
  isIPv4Address,
  isLocalAddress,
  isRoutableAddress,
  parseIp,
  serviceToString,
  socketAddressBytes,
  splitHostPort,
} from './ip-address.js';
import { LOCAL_BIND, LOCAL_IF, LOCAL_MANUAL, LocalAddresses, NetworkLimits } from './local-addresses.js';
import type { MessageProcessor, MisbehaviorSink, Peer } from './net-boundary.js';
import { NetSubnet } from './net-subnet.js';
import { NetworkState, type AddedNodeInfo, type LocalAddressInfo, type PeerInfo } from './network-state.js';
import { PeerConnection, nowMicros } from './peer-connection.js';
import { PeerProtocol, type ProtocolHost } from './peer-protocol.js';
import { FEELER_SLEEP_WINDOW, FeelerTimer, groupKey, selectOutboundAddress } from './outbound-selector.js';
import { TimeData } from './time-data.js';

/** `MAX_OUTBOUND_CONNECTIONS`. */
export const MAX_OUTBOUND_CONNECTIONS = 8;
/** `MAX_ADDNODE_CONNECTIONS`. */
const MAX_ADDNODE_CONNECTIONS = 8;
/** `TIMEOUT_INTERVAL`: seconds without traffic (or an unanswered ping) before disconnecting. */
export const TIMEOUT_INTERVAL = 20 * 60;
/** `DUMP_ADDRESSES_INTERVAL` seconds. */
const DUMP_INTERVAL = 15 * 60;
/** `MAX_FEELER_CONNECTIONS`. */
const MAX_FEELER_CONNECTIONS = 1;
/** `nRelevantServices`. */
const RELEVANT_SERVICES = NODE_NETWORK | NODE_WITNESS;

/** A processor that does nothing (until the message processor is attached). */
export const NULL_PROCESSOR: MessageProcessor = {
  peerReady: () => {},
  processMessage: async () => {},
  sendMessages: () => {},
  peerGone: () => {},
};

export interface ConnectionManagerOptions {
  readonly settings: NetSettings;
  readonly magic: Uint8Array;
  /** The chain's default P2P port (`-connect`/`addnode` entries without a port). */
  readonly defaultPort: number;
  /** `-prune`: no NODE_NETWORK. */
  readonly pruned?: boolean;
  /** `GetTime` (mock time aware), seconds. */
  readonly clock: () => number;
  /** `GetSystemTimeInSeconds` (connection statistics, timeouts). */
  readonly systemClock?: () => number;
  readonly bestHeight: () => number;
  readonly isInitialBlockDownload: () => boolean;
  readonly logger: Logger;
  /** `-maxuploadtarget` MiB. */
  readonly maxUploadTargetMiB?: number;
  /** Test hook: outbound slots for addrman peers (default 8, at most `-maxconnections`). */
  readonly maxOutbound?: number;
  /** Test hook: the SendMessages tick (default 100 ms). */
  readonly tickMs?: number;
  /** Test hook: the network interfaces `-discover` looks at (default `os.networkInterfaces`). */
  readonly interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** Test hook: `GetTimeMicros` for the feeler schedule (default the system clock). */
  readonly microClock?: () => number;
  /** Test hook: uniform in [0, 1) (feeler schedule and delay, `AdvertiseLocal`'s coin). */
  readonly random?: () => number;
}

/** What `start` needs from the data directory. */
export interface ConnectionManagerStores {
  readonly addrman: AddrMan;
  readonly bans: readonly BanEntry[];
  /** `DumpBanlist` (after manual changes). */
  readonly saveBanList?: (entries: readonly BanEntry[]) => void;
  /** `DumpData` (every 15 minutes): peers.dat and banlist.dat. */
  readonly dump?: () => void;
}

interface OpenOptions {
  readonly dest?: string;
  readonly addr?: PeerAddress;
  readonly oneShot?: boolean;
  readonly feeler?: boolean;
  readonly addnode?: boolean;
  readonly countFailure?: boolean;
  /** Holds one of the `semOutbound` slots (one-shots, addrman peers, feelers). */
  readonly grant?: boolean;
}

export class ConnectionManager extends NetworkState implements MisbehaviorSink {
  readonly logger: Logger;
  readonly timeData: TimeData;
  readonly relaySalt = randomBytes(32);
  readonly #netGroupSalt = randomBytes(32);
  readonly #opts: ConnectionManagerOptions;
  readonly #settings: NetSettings;
  readonly #protocol: PeerProtocol;
  readonly #peers = new Map<number, PeerConnection>();
  /** Peers holding a `semOutbound` grant. */
  readonly #grants = new Set<number>();
  /** Connection attempts holding a grant. */
  #grantsPending = 0;
  readonly #servers: Server[] = [];
  readonly #pending = new Set<string>();
  readonly #oneShots: string[];
  /** `mapLocalHost`. */
  readonly #local: LocalAddresses;
  /** `vfLimited`. */
  readonly limits: NetworkLimits;
  readonly #sleepers = new Set<() => void>();
  readonly #timers: NodeJS.Timeout[] = [];
  #processor: MessageProcessor = NULL_PROCESSOR;
  #addrman: AddrMan;
  #stores: ConnectionManagerStores | undefined;
  #nextId = 0;
  #started = false;
  #stopped = false;
  #listening = false;
  readonly #maxOutbound: number;
  /** `semOutbound`'s size: the outbound slots plus one feeler. */
  readonly #outboundSlots: number;
  readonly #maxInbound: number;
  readonly #random: () => number;
  readonly #localServices: bigint;

  constructor(opts: ConnectionManagerOptions) {
    const s = opts.settings;
    super({
      addedNodes: s.addNode,
      banTimeSeconds: s.banTimeSeconds,
      maxUploadTargetMiB: opts.maxUploadTargetMiB ?? s.maxUploadTargetMiB,
      clock: opts.clock,
      uaComments: s.uaComments,
    });
    this.#opts = opts;
    this.#settings = s;
    this.logger = opts.logger;
    this.timeData = new TimeData(
      s.maxTimeAdjustmentSeconds,
      (m) => opts.logger.warn(`Warning: ${m}`),
      (m) => opts.logger.debug(m, { category: 'net' }),
    );
    this.#random = opts.random ?? Math.random;
    this.limits = new NetworkLimits(s.onlyNet, false);
    this.#local = new LocalAddresses({ discover: s.discover, limits: this.limits, log: (m) => opts.logger.info(m) });
    this.#addrman = new AddrMan(randomBytes(32), { clock: () => this.adjustedTime() });
    this.#oneShots = [...s.seedNode];
    const maxConnections = Math.max(0, s.maxConnections);
    this.#maxOutbound = Math.min(opts.maxOutbound ?? MAX_OUTBOUND_CONNECTIONS, maxConnections);
    this.#outboundSlots = Math.min(this.#maxOutbound + MAX_FEELER_CONNECTIONS, maxConnections);
    this.#maxInbound = maxConnections - (Math.min(MAX_OUTBOUND_CONNECTIONS, maxConnections) + 1);
    this.#localServices = (opts.pruned ? 0n : NODE_NETWORK) | NODE_WITNESS | (s.peerBloomFilters ? NODE_BLOOM : 0n);
    const host: ProtocolHost = {
      logger: opts.logger,
      localServices: this.#localServices,
      subVersion: this.subVersion,
      relayTxes: !s.blocksOnly,
      listening: () => this.#listening,
      addrman: () => this.#addrman,
      timeData: this.timeData,
      adjustedTime: () => this.adjustedTime(),
      nodeTime: () => opts.clock(),
      bestHeight: () => opts.bestHeight(),
      isInitialBlockDownload: () => opts.isInitialBlockDownload(),
      processor: () => this.#processor,
      checkIncomingNonce: (nonce) => this.#checkIncomingNonce(nonce),
      misbehaving: (peer, howMuch, reason) => this.misbehaving(peer, howMuch, reason),
      checkBanned: (peer) => this.#checkBanned(peer),
      connectedPeers: () => [...this.#peers.values()].filter((p) => p.successfullyConnected && !p.disconnecting),
      versionLocalAddress: (peer) => this.#versionLocalAddress(peer),
      advertiseLocal: (peer) => this.#advertiseLocal(peer),
      seenLocal: (ip) => this.#local.seen(ip),
      isReachable: (ip) => this.limits.isReachable(ip),
      relaySalt: this.relaySalt,
    };
    this.#protocol = new PeerProtocol(host);
  }

  /** Attach the message processor (before `start`). */
  setProcessor(processor: MessageProcessor): void {
    this.#processor = processor;
  }

  get addrman(): AddrMan {
    return this.#addrman;
  }

  /** `GetAdjustedTime`. */
  adjustedTime(): number {
    return this.#opts.clock() + this.timeData.offset;
  }

  #system(): number {
    return (this.#opts.systemClock ?? (() => Math.floor(Date.now() / 1000)))();
  }

  // ------------------------------------------------------------ lifecycle

  /** `CConnman::Start`: bind, discover, load the stores, start the connection loops. */
  async start(stores?: ConnectionManagerStores): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    if (stores !== undefined) {
      this.#stores = stores;
      this.#addrman = stores.addrman;
      this.bans.load(stores.bans);
      this.bans.list(); // SweepBanned
    }
    const s = this.#settings;
    try {
      if (s.listen) await this.#bindAll();
      for (const ext of s.externalIp) {
        const { host, port } = splitHostPort(ext, s.port);
        const ip = parseIp(host);
        if (ip === undefined) throw new ConfigError(`Error: Cannot resolve -externalip address: '${ext}'`, 'externalip');
        this.#local.add(ip, port, LOCAL_MANUAL);
      }
    } catch (e) {
      // an init error: release what was bound already
      for (const srv of this.#servers.splice(0)) srv.close();
      this.#listening = false;
      throw e;
    }
    this.#discover();
    const tick = this.#opts.tickMs ?? 100;
    let ticks = 0;
    this.#timers.push(
      setInterval(() => {
        for (const p of [...this.#peers.values()]) this.#sendMessages(p);
        if (++ticks % Math.max(1, Math.round(1000 / tick)) === 0) this.#inactivityCheck();
      }, tick),
    );
    if (stores?.dump !== undefined) {
      const dump = stores.dump;
      this.#timers.push(setInterval(() => dump(), DUMP_INTERVAL * 1000));
    }
    for (const t of this.#timers) t.unref();
    const crashed = (what: string) => (e: unknown) => this.logger.error(`${what} stopped: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    if (!(s.connect.length === 1 && s.connect[0] === '0')) this.#openConnectionsLoop().catch(crashed('ThreadOpenConnections'));
    this.#addedNodesLoop().catch(crashed('ThreadOpenAddedConnections'));
  }

  /** `CConnman::Stop`: stop the loops, close the listeners, drop every peer. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const t of this.#timers) clearInterval(t);
    for (const wake of [...this.#sleepers]) wake();
    // close() resolves only once every accepted socket is gone: drop the peers first
    const closing = this.#servers.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve())));
    const peers = [...this.#peers.values()];
    for (const p of peers) p.destroy();
    await Promise.race([Promise.all([...closing, ...peers.map((p) => p.closed)]), new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  /** Sleeps `ms`; false when the manager stopped meanwhile (`interruptNet.sleep_for`). */
  #sleep(ms: number): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(t);
        this.#sleepers.delete(wake);
        resolve(!this.#stopped);
      };
      const t = setTimeout(wake, ms);
      t.unref();
      this.#sleepers.add(wake);
    });
  }

  // ------------------------------------------------------------ listening

  /** The bound listening addresses (`ip:port`). */
  get listenAddresses(): string[] {
    return this.#servers.map((srv) => {
      const a = srv.address();
      return a !== null && typeof a === 'object' ? serviceToString(socketAddressBytes(a.address), a.port) : '';
    });
  }

  get listening(): boolean {
    return this.#listening;
  }

  async #bindAll(): Promise<void> {
    const s = this.#settings;
    let bound = false;
    if (s.bind.length > 0 || s.whiteBind.length > 0) {
      for (const b of s.bind) bound = (await this.#bind(b, s.port, false, true)) || bound;
      for (const b of s.whiteBind) {
        const { host } = splitHostPort(b, 0);
        if (!/:\d+$/.test(b)) throw new ConfigError(`Error: Need to specify a port with -whitebind: '${b}'`, 'whitebind');
        if (parseIp(host) === undefined) throw new ConfigError(`Error: Cannot resolve -whitebind address: '${b}'`, 'whitebind');
        bound = (await this.#bind(b, s.port, true, true)) || bound;
      }
    } else {
      // ADR 0039: the implicit wildcard binds on the chain's default port are not fatal when the
      // port is taken (Core exits); the node then runs without listening.
      const lenient = s.port === this.#opts.defaultPort;
      bound = await this.#bind('[::]', s.port, false, false);
      bound = (await this.#bind('0.0.0.0', s.port, false, !bound && !lenient)) || bound;
      if (!bound && lenient) {
        this.logger.warn(`Warning: not listening for peers: port ${s.port} is in use (set -port, -bind or -listen=0)`);
        return;
      }
    }
    if (!bound) throw new ConfigError('Error: Failed to listen on any port. Use -listen=0 if you want this.', 'listen');
  }

  /** `Bind`: false (or a `ConfigError` when `reportError`) when the address cannot be bound. */
  async #bind(text: string, defaultPort: number, whitelisted: boolean, reportError: boolean): Promise<boolean> {
    const { host, port } = splitHostPort(text, defaultPort);
    const ip = parseIp(host);
    if (ip === undefined) {
      if (reportError) throw new ConfigError(`Error: Cannot resolve -bind address: '${text}'`, 'bind');
      return false;
    }
    const v6 = host.includes(':');
    const server = createServer({ noDelay: true }, (socket) => this.#accept(socket, whitelisted));
    const shown = serviceToString(ip, port);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port, ipv6Only: v6, exclusive: true }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const msg =
        code === 'EADDRINUSE'
          ? `Unable to bind to ${shown} on this computer. Ocean Core is probably already running.`
          : `Unable to bind to ${shown} on this computer (bind returned error ${(e as Error).message})`;
      this.logger.info(msg);
      if (reportError) throw new ConfigError(`Error: ${msg}`, 'bind');
      return false;
    }
    server.on('error', (e) => this.logger.warn(`listen socket error: ${e.message}`));
    this.#servers.push(server);
    this.#listening = true;
    const actual = server.address();
    this.logger.info(`Bound to ${actual !== null && typeof actual === 'object' ? serviceToString(ip, actual.port) : shown}`);
    if (isRoutableAddress(ip) && this.#settings.discover && !whitelisted) this.#local.add(ip, port, LOCAL_BIND);
    return true;
  }

  /** `Discover` (`-discover`, on unless `-listen=0`, `-externalip` or `-proxy`): our interfaces' addresses. */
  #discover(): void {
    if (!this.#settings.discover) return;
    for (const [name, addrs] of Object.entries((this.#opts.interfaces ?? networkInterfaces)())) {
      if (name === 'lo' || name === 'lo0') continue;
      for (const a of addrs ?? []) {
        const ip = parseIp(a.address.replace(/%.*$/, ''));
        if (ip !== undefined && this.#local.add(ip, this.#settings.port, LOCAL_IF)) {
          this.logger.info(`Discover: ${isIPv4Address(ip) ? 'IPv4' : 'IPv6'} ${name}: ${addressToString(ip)}`);
        }
      }
    }
  }

  /** `GetLocalAddress(&peer.addr, services)`: the best local address, else `[::]:port` with no services. */
  #getLocalAddress(peer: PeerConnection): NetAddress {
    const best = this.#listening ? this.#local.best(peer.ip) : undefined;
    return best !== undefined ? new NetAddress(this.#localServices, best.ip, best.port) : new NetAddress(0n, new Uint8Array(16), this.#settings.port);
  }

  /** `IsPeerAddrLocalGood`: the peer's view of our address is usable. */
  #isPeerAddrLocalGood(peer: PeerConnection): boolean {
    const local = peer.addrLocalIp;
    return this.#settings.discover && isRoutableAddress(peer.ip) && local !== undefined && isRoutableAddress(local) && !this.limits.isLimited(local);
  }

  /** What `version` processing advertises to an outbound peer (`GetLocalAddress`, else the address it sees us at). */
  #versionLocalAddress(peer: PeerConnection): NetAddress | undefined {
    const addr = this.#getLocalAddress(peer);
    if (isRoutableAddress(addr.ip)) return addr;
    if (this.#isPeerAddrLocalGood(peer)) return new NetAddress(addr.services, peer.addrLocalIp!, addr.port);
    return undefined;
  }

  /** `AdvertiseLocal`: our address for the periodic refresh, sometimes the one the peer sees. */
  #advertiseLocal(peer: PeerConnection): NetAddress | undefined {
    if (!this.#listening || !peer.successfullyConnected) return undefined;
    let addr = this.#getLocalAddress(peer);
    if (this.#isPeerAddrLocalGood(peer) && (!isRoutableAddress(addr.ip) || Math.floor(this.#random() * (this.#local.score(addr.ip) > LOCAL_MANUAL ? 8 : 2)) === 0)) {
      addr = new NetAddress(addr.services, peer.addrLocalIp!, addr.port);
    }
    if (!isRoutableAddress(addr.ip)) return undefined;
    this.logger.debug(`AdvertiseLocal: advertising address ${serviceToString(addr.ip, addr.port)}`, { category: 'net' });
    return addr;
  }

  // ------------------------------------------------------------ peers

  #createPeer(socket: Socket, inbound: boolean, addrName: string, flags: OpenOptions = {}, whitelisted = false): PeerConnection {
    const id = this.#nextId++;
    const ip = socketAddressBytes(socket.remoteAddress);
    const port = socket.remotePort ?? 0;
    const s = this.#settings;
    const peer = new PeerConnection({
      id,
      inbound,
      addrName: addrName !== '' ? addrName : serviceToString(ip, port),
      ip,
      port,
      servicesExpected: flags.addr !== undefined && flags.dest === undefined ? flags.addr.services & RELEVANT_SERVICES : 0n,
      addrServices: flags.addr !== undefined && flags.dest === undefined ? flags.addr.services : 0n,
      whitelisted,
      socket,
      magic: this.#opts.magic,
      localNonce: randomBytes(8).readBigUInt64LE(),
      myStartingHeight: this.#opts.bestHeight(),
      keyedNetGroup: sha256(Buffer.concat([this.#netGroupSalt, addressGroup(ip)])).reduce((acc, b, i) => (i < 8 ? (acc << 8n) | BigInt(b) : acc), 0n),
      sendBufferMax: 1000 * s.maxSendBufferKb,
      receiveFloodSize: 1000 * s.maxReceiveBufferKb,
      logger: this.logger,
      systemClock: () => this.#system(),
      oneShot: flags.oneShot ?? false,
      feeler: flags.feeler ?? false,
      addnode: flags.addnode ?? false,
      onMessage: (p, m) => this.#onMessage(p, m),
      onFrameError: (p, e) => this.#onFrameError(p, e),
      onBytes: (sent, received) => this.recordBytes(sent, received),
      onClosed: (p) => this.#onClosed(p),
    });
    this.#peers.set(id, peer);
    return peer;
  }

  async #onMessage(peer: PeerConnection, msg: FrameMessage): Promise<void> {
    try {
      await this.#protocol.handle(peer, msg);
      this.#sendMessages(peer);
    } catch (e) {
      this.logger.error(`peer=${peer.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  #onFrameError(peer: PeerConnection, e: FrameError): void {
    this.#protocol.frameError(peer, e);
  }

  #sendMessages(peer: PeerConnection): void {
    try {
      this.#protocol.sendMessages(peer);
    } catch (e) {
      this.logger.error(`SendMessages peer=${peer.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  #onClosed(peer: PeerConnection): void {
    this.#peers.delete(peer.id);
    this.#grants.delete(peer.id);
    this.logger.debug(`disconnecting peer=${peer.id}`, { category: 'net' });
    if (peer.successfullyConnected) {
      try {
        this.#processor.peerGone(peer);
      } catch (e) {
        this.logger.error(`FinalizeNode peer=${peer.id}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** `AcceptConnection`. */
  #accept(socket: Socket, whiteBind: boolean): void {
    const ip = socketAddressBytes(socket.remoteAddress);
    const name = serviceToString(ip, socket.remotePort ?? 0);
    socket.on('error', () => {});
    if (this.#stopped) {
      socket.destroy();
      return;
    }
    const whitelisted = whiteBind || this.#settings.whitelist.some((w) => w.match(ip));
    if (!this.networkActive) {
      this.logger.info(`connection from ${name} dropped: not accepting new connections`);
      socket.destroy();
      return;
    }
    if (this.bans.isAddressBanned(ip) && !whitelisted) {
      this.logger.info(`connection from ${name} dropped (banned)`);
      socket.destroy();
      return;
    }
    const inbound = [...this.#peers.values()].filter((p) => p.inbound && !p.disconnecting).length;
    if (inbound >= this.#maxInbound && !this.#attemptToEvict()) {
      // No connection to evict, disconnect the new connection
      this.logger.debug('failed to find an eviction candidate - connection dropped (full)', { category: 'net' });
      socket.destroy();
      return;
    }
    this.#createPeer(socket, true, '', {}, whitelisted);
    this.logger.debug(`connection from ${name} accepted`, { category: 'net' });
  }

  /** `AttemptToEvictConnection`. */
  #attemptToEvict(): boolean {
    const candidates = [...this.#peers.values()]
      .filter((p) => !p.whitelisted && p.inbound && !p.disconnecting)
      .map((p) => ({
        id: p.id,
        timeConnected: p.timeConnected,
        minPingUsec: p.minPingUs,
        lastBlockTime: p.lastBlockTime,
        lastTxTime: p.lastTxTime,
        relevantServices: (p.services & RELEVANT_SERVICES) === RELEVANT_SERVICES,
        relayTxes: p.relayTxes,
        bloomFilter: false,
        keyedNetGroup: p.keyedNetGroup,
      }));
    const evict = selectNodeToEvict(candidates);
    if (evict === undefined) return false;
    const peer = this.#peers.get(evict);
    if (peer === undefined) return false;
    this.logger.debug(`evicting peer=${evict}`, { category: 'net' });
    peer.disconnect('evicted');
    return true;
  }

  #findByName(name: string): PeerConnection | undefined {
    for (const p of this.#peers.values()) if (p.addr === name) return p;
    return undefined;
  }

  #findByService(ip: Uint8Array, port: number): PeerConnection | undefined {
    const key = Buffer.from(ip).toString('hex');
    for (const p of this.#peers.values()) if (p.port === port && Buffer.from(p.ip).toString('hex') === key) return p;
    return undefined;
  }

  #findByIp(ip: Uint8Array): PeerConnection | undefined {
    const key = Buffer.from(ip).toString('hex');
    for (const p of this.#peers.values()) if (Buffer.from(p.ip).toString('hex') === key) return p;
    return undefined;
  }

  /** `OpenNetworkConnection` + `ConnectNode`: true when a new peer was created. */
  async #openConnection(o: OpenOptions): Promise<boolean> {
    if (this.#stopped || !this.networkActive) return false;
    let host: string;
    let port: number;
    if (o.dest === undefined) {
      const a = o.addr!;
      if (this.#local.has(a.ip) || this.#findByIp(a.ip) || this.bans.isAddressBanned(a.ip) || this.#findByName(serviceToString(a.ip, a.port))) return false;
      host = addressToString(a.ip);
      port = a.port;
    } else {
      if (this.#findByName(o.dest)) return false;
      ({ host, port } = splitHostPort(o.dest, this.#opts.defaultPort));
    }
    const key = o.dest ?? `${host}:${port}`;
    if (this.#pending.has(key)) return false;
    this.#pending.add(key);
    try {
      const lastSeen = o.addr !== undefined ? ((this.adjustedTime() - o.addr.time) / 3600).toFixed(1) : '0.0';
      this.logger.debug(`trying connection ${o.dest ?? serviceToString(o.addr!.ip, o.addr!.port)} lastseen=${lastSeen}hrs`, { category: 'net' });
      let socket: Socket;
      try {
        socket = await this.#connectSocket(host, port);
      } catch (e) {
        this.logger.info(`connect() to ${host}:${port} failed after select(): ${(e as Error).message}`);
        if (o.addr !== undefined) this.#addrman.attempt(o.addr, o.countFailure ?? false);
        return false;
      }
      if (this.#stopped || !this.networkActive) {
        socket.destroy();
        return false;
      }
      const ip = socketAddressBytes(socket.remoteAddress);
      const rport = socket.remotePort ?? port;
      if (o.dest !== undefined) {
        const existing = this.#findByService(ip, rport);
        if (existing !== undefined) {
          existing.setAddrName(o.dest);
          socket.destroy();
          this.logger.info('Failed to open new connection, already connected');
          return false;
        }
      }
      this.#addrman.attempt({ ip, port: rport, services: 0n, time: 0 }, o.countFailure ?? false);
      const peer = this.#createPeer(socket, false, o.dest ?? '', o);
      if (o.grant === true) this.#grants.add(peer.id);
      this.#protocol.pushVersion(peer);
      return true;
    } finally {
      this.#pending.delete(key);
    }
  }

  #connectSocket(host: string, port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('Connection timed out'));
      }, this.#settings.timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        socket.destroy();
        reject(e);
      });
    });
  }

  /** `semOutbound` slots in use (connected peers and attempts holding a grant). */
  get #grantsUsed(): number {
    return this.#grants.size + this.#grantsPending;
  }

  /** `OpenNetworkConnection` with a `semOutbound` grant held while connecting (and by the peer). */
  async #openWithGrant(o: OpenOptions): Promise<boolean> {
    this.#grantsPending++;
    try {
      return await this.#openConnection({ ...o, grant: true });
    } finally {
      this.#grantsPending--;
    }
  }

  /** `ProcessOneShot`: one `-seednode` connection (requeued when it fails; dropped when no slot is free, as Core). */
  async #processOneShot(): Promise<void> {
    const dest = this.#oneShots.shift();
    if (dest === undefined) return;
    if (this.#grantsUsed >= this.#outboundSlots) return;
    if (!(await this.#openWithGrant({ dest, oneShot: true }))) this.#oneShots.push(dest);
  }

  /** `ThreadOpenConnections`. */
  async #openConnectionsLoop(): Promise<void> {
    const connect = this.#settings.connect;
    if (connect.length > 0) {
      for (let loop = 0; ; loop++) {
        await this.#processOneShot();
        for (const dest of connect) {
          await this.#openConnection({ dest });
          for (let i = 0; i < 10 && i < loop; i++) if (!(await this.#sleep(500))) return;
        }
        if (!(await this.#sleep(500))) return;
      }
    }
    const start = this.#opts.clock();
    const micros = this.#opts.microClock ?? (() => Date.now() * 1000);
    const feelers = new FeelerTimer(start * 1_000_000, this.#random);
    let seedLogged = false;
    for (;;) {
      await this.#processOneShot();
      if (!(await this.#sleep(500))) return;
      // CSemaphoreGrant grant(*semOutbound): wait for a free slot
      if (this.#grantsUsed >= this.#outboundSlots) continue;
      if (this.#addrman.size === 0 && this.#opts.clock() - start > 60 && !seedLogged) {
        // Ocean has no fixed seeds: the log line stays, nothing is added.
        this.logger.info("Adding fixed seed nodes as DNS doesn't seem to be available.");
        seedLogged = true;
      }
      // Only connect out to one peer per network group (inbound and addnode peers do not count).
      const groups = new Set<string>();
      let outbound = 0;
      for (const p of this.#peers.values()) {
        if (p.inbound || p.addnode) continue;
        groups.add(groupKey(p.ip));
        outbound++;
      }
      // Feeler connections: once the outbound slots are full, one every FEELER_INTERVAL on average.
      let feeler = false;
      if (outbound >= this.#maxOutbound) {
        if (!feelers.due(micros())) continue;
        feeler = true;
      }
      const chosen = selectOutboundAddress({
        addrman: this.#addrman,
        feeler,
        connectedGroups: groups,
        outboundCount: outbound,
        maxOutbound: this.#maxOutbound,
        now: this.adjustedTime(),
        defaultPort: this.#opts.defaultPort,
        relevantServices: RELEVANT_SERVICES,
        isLocal: (ip) => this.#local.has(ip),
        isLimited: (ip) => this.limits.isLimited(ip),
        interrupted: () => this.#stopped,
      });
      if (chosen === undefined) continue;
      if (feeler) {
        // a little random noise before connecting, to avoid synchronisation
        if (!(await this.#sleep(Math.floor(this.#random() * FEELER_SLEEP_WINDOW * 1000)))) return;
        this.logger.debug(`Making feeler connection to ${serviceToString(chosen.ip, chosen.port)}`, { category: 'net' });
      }
      await this.#openWithGrant({ addr: chosen, countFailure: groups.size >= Math.min(this.#settings.maxConnections - 1, 2), feeler });
    }
  }

  /** `ThreadOpenAddedConnections`: retry every 60 s after an attempt, else look again in 2 s. */
  async #addedNodesLoop(): Promise<void> {
    for (;;) {
      let tried = false;
      for (const info of this.addedNodes()) {
        if (info.connected) continue;
        if ([...this.#peers.values()].filter((p) => p.addnode && !p.inbound).length >= MAX_ADDNODE_CONNECTIONS) break;
        tried = true;
        const { host, port } = splitHostPort(info.addedNode, this.#opts.defaultPort);
        const ip = parseIp(host);
        await this.#openConnection({ dest: info.addedNode, addnode: true, ...(ip !== undefined ? { addr: { ip, port, services: 0n, time: 0 } } : {}) });
        if (!(await this.#sleep(500))) return;
      }
      if (!(await this.#sleep(tried ? 60_000 : 2_000))) return;
    }
  }

  /** The socket loop's inactivity checks (`ThreadSocketHandler`). */
  #inactivityCheck(): void {
    const now = this.#system();
    for (const p of this.#peers.values()) {
      if (p.disconnecting || now - p.timeConnected <= 60) continue;
      if (p.lastRecv === 0 || p.lastSend === 0) {
        this.logger.debug(`socket no message in first 60 seconds, ${p.lastRecv !== 0 ? 1 : 0} ${p.lastSend !== 0 ? 1 : 0} from ${p.id}`, { category: 'net' });
        p.disconnect('');
      } else if (now - p.lastSend > TIMEOUT_INTERVAL) {
        this.logger.info(`socket sending timeout: ${now - p.lastSend}s`);
        p.disconnect('');
      } else if (now - p.lastRecv > (p.version > BIP0031_VERSION ? TIMEOUT_INTERVAL : 90 * 60)) {
        this.logger.info(`socket receive timeout: ${now - p.lastRecv}s`);
        p.disconnect('');
      } else if (p.pingNonceSent !== 0n && p.pingStartUs + TIMEOUT_INTERVAL * 1_000_000 < nowMicros()) {
        this.logger.info(`ping timeout: ${((nowMicros() - p.pingStartUs) / 1e6).toFixed(6)}s`);
        p.disconnect('');
      } else if (!p.successfullyConnected) {
        this.logger.info(`version handshake timeout from ${p.id}`);
        p.disconnect('');
      }
    }
  }

  #checkIncomingNonce(nonce: bigint): boolean {
    for (const p of this.#peers.values()) if (!p.successfullyConnected && !p.inbound && p.localNonce === nonce) return false;
    return true;
  }

  // ------------------------------------------------------------ misbehaviour and bans

  /** `Misbehaving`: reaching `-banscore` marks the peer for banning (acted on after the message). */
  misbehaving(peer: Peer, howMuch: number, reason: string): void {
    if (howMuch === 0) return;
    const p = this.#peers.get(peer.id);
    if (p === undefined) return;
    const before = p.misbehavior;
    p.misbehavior += howMuch;
    const threshold = this.#settings.banScore;
    if (p.misbehavior >= threshold && before < threshold) {
      this.logger.info(`Misbehaving: ${p.addr} peer=${p.id} (${before} -> ${p.misbehavior}) BAN THRESHOLD EXCEEDED`);
      p.shouldBan = true;
    } else {
      this.logger.info(`Misbehaving: ${p.addr} peer=${p.id} (${before} -> ${p.misbehavior})`);
    }
    if (reason !== '') this.logger.debug(`misbehaving peer=${p.id}: ${reason}`, { category: 'net' });
  }

  /** `SendRejectsAndCheckIfBanned`. */
  #checkBanned(p: PeerConnection): boolean {
    if (p.successfullyConnected) this.#processor.sendRejects?.(p);
    if (!p.shouldBan) return false;
    p.shouldBan = false;
    const name = serviceToString(p.ip, p.port);
    if (p.whitelisted) this.logger.info(`Warning: not punishing whitelisted peer ${name}!`);
    else if (p.addnode) this.logger.info(`Warning: not punishing addnoded peer ${name}!`);
    else {
      p.disconnect('misbehaving');
      if (isLocalAddress(p.ip)) this.logger.info(`Warning: not banning local peer ${name}!`);
      else this.ban(NetSubnet.ofAddress(p.ip), 'node misbehaving');
    }
    return true;
  }

  override ban(subnet: NetSubnet, reason: BanReason, banTimeOffset = 0, sinceUnixEpoch = false): void {
    super.ban(subnet, reason, banTimeOffset, sinceUnixEpoch);
    for (const p of this.#peers.values()) if (subnet.match(p.ip)) p.disconnect('banned');
    if (reason === 'manually added') this.#saveBans();
  }

  override unban(subnet: NetSubnet): boolean {
    const ok = super.unban(subnet);
    if (ok) this.#saveBans();
    return ok;
  }

  override clearBanned(): void {
    super.clearBanned();
    this.#saveBans();
  }

  #saveBans(): void {
    this.#stores?.saveBanList?.(this.bans.list());
  }

  // ------------------------------------------------------------ RPC views

  override get localServices(): bigint {
    return this.#localServices;
  }

  override get localRelay(): boolean {
    return !this.#settings.blocksOnly;
  }

  override get timeOffset(): number {
    return this.timeData.offset;
  }

  /**
   * `OutboundTargetReached(historicalBlockServingLimit)` (`-maxuploadtarget`), for the processor:
   * with `historical`, whether blocks older than a week must no longer be served to
   * non-whitelisted peers.
   */
  uploadTargetReached(historical: boolean): boolean {
    const t = this.uploadTarget();
    return historical ? !t.serve_historical_blocks : t.target_reached;
  }

  override get connectionCount(): number {
    return this.#peers.size;
  }

  override setNetworkActive(active: boolean): void {
    this.logger.debug(`SetNetworkActive: ${active}`, { category: 'net' });
    super.setNetworkActive(active);
    if (!active) for (const p of [...this.#peers.values()]) p.destroy();
  }

  override async tryConnectOnce(node: string): Promise<void> {
    await this.#openConnection({ dest: node });
  }

  override addedNodes(): AddedNodeInfo[] {
    return this.addedNodeList().map((addedNode) => {
      const { host, port } = splitHostPort(addedNode, this.#opts.defaultPort);
      const ip = parseIp(host);
      const peer = ip !== undefined ? this.#findByService(ip, port) : this.#findByName(addedNode);
      if (peer === undefined) return { addedNode, connected: false };
      return { addedNode, connected: true, address: serviceToString(peer.ip, peer.port), inbound: peer.inbound };
    });
  }

  override disconnectNode(address: string): boolean {
    const p = this.#findByName(address);
    if (p === undefined) return false;
    p.disconnect('disconnectnode');
    return true;
  }

  override pingAll(): void {
    for (const p of this.#peers.values()) if (p.successfullyConnected && !p.disconnecting) p.pingQueued = true;
  }

  override localAddresses(): LocalAddressInfo[] {
    return this.#local.list().map((l) => ({ address: addressToString(l.ip), port: l.port, score: l.score }));
  }

  override peerInfo(): PeerInfo[] {
    const now = nowMicros();
    return [...this.#peers.values()]
      .sort((a, b) => a.id - b.id)
      .map((p) => {
        const stats = p.successfullyConnected ? this.#processor.nodeStateStats?.(p) : undefined;
        const perMsg = (m: Map<string, number>) => [...m.entries()].filter(([, n]) => n > 0).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        return {
          id: p.id,
          addr: p.addr,
          addrLocal: p.addrLocal,
          services: p.services,
          relayTxes: stats?.relayTxes ?? p.relayTxes,
          lastSend: p.lastSend,
          lastRecv: p.lastRecv,
          bytesSent: p.bytesSent,
          bytesRecv: p.bytesReceived,
          connTime: p.timeConnected,
          timeOffset: p.timeOffset,
          pingUsec: p.pingUs,
          minPingUsec: p.minPingUs,
          pingWaitUsec: p.pingNonceSent !== 0n ? Math.max(1, now - p.pingStartUs) : 0,
          version: p.version,
          subVer: p.cleanSubVer,
          inbound: p.inbound,
          addnode: p.addnode,
          startingHeight: p.startingHeight,
          banScore: p.misbehavior,
          syncedHeaders: stats?.syncHeight ?? -1,
          syncedBlocks: stats?.commonHeight ?? -1,
          inflight: stats?.heightsInFlight ?? [],
          whitelisted: p.whitelisted,
          bytesSentPerMsg: perMsg(p.sendBytesPerMsg),
          bytesRecvPerMsg: perMsg(p.recvBytesPerMsg),
        };
      });
  }

  /** The connected peers (tests and diagnostics). */
  peers(): PeerConnection[] {
    return [...this.#peers.values()];
  }
}
