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
import { networkInterfaces } from 'node:os';
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
  isLocalAddress,
  isRoutableAddress,
  isTorAddress,
  parseIp,
  serviceToString,
  socketAddressBytes,
  splitHostPort,
} from './ip-address.js';
import type { MessageProcessor, MisbehaviorSink, Peer } from './net-boundary.js';
import { NetSubnet } from './net-subnet.js';
import { NetworkState, type AddedNodeInfo, type LocalAddressInfo, type PeerInfo } from './network-state.js';
import { PeerConnection, nowMicros } from './peer-connection.js';
import { PeerProtocol, type ProtocolHost } from './peer-protocol.js';
import { TimeData } from './time-data.js';

/** `MAX_OUTBOUND_CONNECTIONS`. */
export const MAX_OUTBOUND_CONNECTIONS = 8;
/** `MAX_ADDNODE_CONNECTIONS`. */
const MAX_ADDNODE_CONNECTIONS = 8;
/** `TIMEOUT_INTERVAL`: seconds without traffic (or an unanswered ping) before disconnecting. */
export const TIMEOUT_INTERVAL = 20 * 60;
/** `DUMP_ADDRESSES_INTERVAL` seconds. */
const DUMP_INTERVAL = 15 * 60;
/** `LOCAL_IF` / `LOCAL_BIND` / `LOCAL_MANUAL` scores of `mapLocalHost`. */
const LOCAL_IF = 1;
const LOCAL_BIND = 2;
const LOCAL_MANUAL = 4;
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
  readonly fromAddrman?: boolean;
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
  readonly #fromAddrman = new Set<number>();
  readonly #servers: Server[] = [];
  readonly #pending = new Set<string>();
  readonly #oneShots: string[];
  readonly #localHost = new Map<string, { ip: Uint8Array; port: number; score: number }>();
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
  readonly #maxInbound: number;
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
    this.timeData = new TimeData(s.maxTimeAdjustmentSeconds, (m) => opts.logger.warn(m));
    this.#addrman = new AddrMan(randomBytes(32), { clock: () => this.adjustedTime() });
    this.#oneShots = [...s.seedNode];
    const maxConnections = Math.max(0, s.maxConnections);
    this.#maxOutbound = Math.min(opts.maxOutbound ?? MAX_OUTBOUND_CONNECTIONS, maxConnections);
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
      localAddressFor: () => this.#localAddress(),
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
    if (s.listen) await this.#bindAll();
    if (s.listen && s.discover) this.#discover();
    for (const ext of s.externalIp) {
      const { host, port } = splitHostPort(ext, s.port);
      const ip = parseIp(host);
      if (ip === undefined) throw new ConfigError(`Error: Cannot resolve -externalip address: '${ext}'`, 'externalip');
      this.#addLocal(ip, port, LOCAL_MANUAL);
    }
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
    if (isRoutableAddress(ip) && this.#settings.discover && !whitelisted) this.#addLocal(ip, port, LOCAL_BIND);
    return true;
  }

  /** `Discover`: the addresses of our network interfaces (routable ones only end up in `mapLocalHost`). */
  #discover(): void {
    for (const [name, addrs] of Object.entries(networkInterfaces())) {
      if (name === 'lo' || name === 'lo0') continue;
      for (const a of addrs ?? []) {
        const ip = parseIp(a.address);
        if (ip !== undefined && this.#addLocal(ip, this.#settings.port, LOCAL_IF)) {
          this.logger.info(`Discover: ${name} - ${addressToString(ip)}`);
        }
      }
    }
  }

  /** `AddLocal`. */
  #addLocal(ip: Uint8Array, port: number, score: number): boolean {
    if (!isRoutableAddress(ip)) return false;
    if (!this.#settings.discover && score < LOCAL_MANUAL) return false;
    if (isTorAddress(ip)) return false; // IsLimited(NET_TOR)
    this.logger.info(`AddLocal(${serviceToString(ip, port)},${score})`);
    const key = Buffer.from(ip).toString('hex');
    const existing = this.#localHost.get(key);
    if (existing === undefined) this.#localHost.set(key, { ip, port, score });
    else if (score >= existing.score) this.#localHost.set(key, { ip, port, score: score + 1 });
    return true;
  }

  /** `GetLocalAddress`, when routable: the best-scored local address. */
  #localAddress(): NetAddress | undefined {
    if (!this.#listening) return undefined;
    let best: { ip: Uint8Array; port: number; score: number } | undefined;
    for (const l of this.#localHost.values()) if (best === undefined || l.score > best.score) best = l;
    return best === undefined ? undefined : new NetAddress(this.#localServices, best.ip, best.port);
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
      servicesExpected: flags.addr !== undefined ? flags.addr.services & RELEVANT_SERVICES : 0n,
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
    this.#fromAddrman.delete(peer.id);
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
      if (isLocalAddress(a.ip) || this.#findByIp(a.ip) || this.bans.isAddressBanned(a.ip) || this.#findByName(serviceToString(a.ip, a.port))) return false;
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
      if (o.fromAddrman) this.#fromAddrman.add(peer.id);
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

  /** `ProcessOneShot`: one `-seednode` connection attempt (requeued when it fails). */
  async #processOneShot(): Promise<void> {
    const dest = this.#oneShots.shift();
    if (dest === undefined) return;
    if (this.#fromAddrman.size >= this.#maxOutbound || !(await this.#openConnection({ dest, oneShot: true }))) this.#oneShots.push(dest);
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
    let seedLogged = false;
    for (;;) {
      await this.#processOneShot();
      if (!(await this.#sleep(500))) return;
      if (this.#fromAddrman.size >= this.#maxOutbound) continue;
      if (this.#addrman.size === 0 && this.#opts.clock() - start > 60 && !seedLogged) {
        // Ocean has no fixed seeds: the log line stays, nothing is added.
        this.logger.info("Adding fixed seed nodes as DNS doesn't seem to be available.");
        seedLogged = true;
      }
      const groups = new Set<string>();
      let outbound = 0;
      for (const p of this.#peers.values()) {
        if (p.inbound || p.addnode) continue;
        groups.add(Buffer.from(addressGroup(p.ip)).toString('hex'));
        outbound++;
      }
      const now = this.adjustedTime();
      let chosen: PeerAddress | undefined;
      for (let tries = 1; !this.#stopped; tries++) {
        const a = this.#addrman.select();
        if (a === undefined || groups.has(Buffer.from(addressGroup(a.ip)).toString('hex')) || isLocalAddress(a.ip)) break;
        if (tries > 100) break;
        if (isTorAddress(a.ip)) continue; // IsLimited
        if ((a.services & NODE_NETWORK) !== NODE_NETWORK) continue;
        if (now - a.lastTry < 600 && tries < 30) continue;
        if ((a.services & RELEVANT_SERVICES) !== RELEVANT_SERVICES && (tries < 40 || outbound >= this.#maxOutbound >> 1)) continue;
        if (a.port !== this.#opts.defaultPort && tries < 50) continue;
        chosen = a;
        break;
      }
      if (chosen !== undefined) {
        await this.#openConnection({ addr: chosen, countFailure: groups.size >= Math.min(this.#settings.maxConnections - 1, 2), fromAddrman: true });
      }
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
    return [...this.#localHost.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, l]) => ({ address: addressToString(l.ip), port: l.port, score: l.score }));
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
          relayTxes: p.relayTxes,
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
