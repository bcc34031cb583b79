/**
 * One connected peer (Core 0.14's `CNode`): its socket, the incremental frame decoder, the send
 * queue and the queue of received messages with Core's flood limits (`fPauseRecv` once the
 * unprocessed messages exceed `-maxreceivebuffer`, `fPauseSend` while the unsent bytes exceed
 * `-maxsendbuffer`), traffic counters, and the per-connection state of the handshake, ping and
 * address relay. The messages of one peer are handled one at a time, in order; the peers do not
 * wait for each other.
 */
import type { Socket } from 'node:net';
import type { Logger } from '@ocean-ts/service-kit';
import { FrameDecoder, MESSAGE_HEADER_SIZE, SUPPORTED_COMMANDS, encodeFrame, type FrameError, type FrameMessage, type TimedNetAddress, type WireMessage } from '@ocean-ts/wire';
import type { Peer, PeerVersion } from './net-boundary.js';

/** `NET_MESSAGE_COMMAND_OTHER`: the traffic counter of commands Core does not know. */
export const OTHER_COMMAND = '*other*';
const KNOWN_COMMANDS = new Set(SUPPORTED_COMMANDS);

/** Microseconds on a monotonic clock (ping times). */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export interface PeerConnectionOptions {
  readonly id: number;
  readonly inbound: boolean;
  /** `addrName`: the `-connect`/`addnode` string, else `ip:port`. */
  readonly addrName: string;
  readonly ip: Uint8Array;
  readonly port: number;
  /** Services we expect the peer to offer (`nServicesExpected`, outbound from addrman only). */
  readonly servicesExpected: bigint;
  /** `addr.nServices`: what addrman knew of the peer's services (0 for inbound and named peers). */
  readonly addrServices?: bigint;
  readonly whitelisted: boolean;
  readonly socket: Socket;
  readonly magic: Uint8Array;
  /** `nLocalHostNonce`: our version nonce on this connection. */
  readonly localNonce: bigint;
  /** Our best height when the connection was made (`nMyStartingHeight`). */
  readonly myStartingHeight: number;
  readonly keyedNetGroup: bigint;
  /** `-maxsendbuffer` × 1000. */
  readonly sendBufferMax: number;
  /** `-maxreceivebuffer` × 1000. */
  readonly receiveFloodSize: number;
  readonly logger: Logger;
  /** Seconds (`GetSystemTimeInSeconds`). */
  readonly systemClock: () => number;
  readonly oneShot?: boolean;
  readonly feeler?: boolean;
  readonly addnode?: boolean;
  /** Handles one complete message; must not throw. */
  readonly onMessage: (peer: PeerConnection, message: FrameMessage) => Promise<void>;
  /** A framing problem (fatal ones have already disconnected the peer). */
  readonly onFrameError: (peer: PeerConnection, error: FrameError) => void;
  readonly onBytes: (sent: number, received: number) => void;
  readonly onClosed: (peer: PeerConnection) => void;
}

export class PeerConnection implements Peer {
  readonly id: number;
  readonly inbound: boolean;
  readonly whitelisted: boolean;
  readonly ip: Uint8Array;
  readonly port: number;
  readonly localNonce: bigint;
  readonly myStartingHeight: number;
  readonly keyedNetGroup: bigint;
  readonly servicesExpected: bigint;
  readonly addrServices: bigint;
  readonly oneShot: boolean;
  readonly feeler: boolean;
  addnode: boolean;
  #addrName: string;

  // ---- handshake (set from the peer's `version`)
  /** `nVersion`: 0 until `version` was received. */
  version = 0;
  services = 0n;
  startingHeight = -1;
  subVer = '';
  cleanSubVer = '';
  relayTxes = false;
  timeOffset = 0;
  /** `addrLocal`: how the peer sees us (`ip:port`), '' when invalid. */
  addrLocal = '';
  /** The IP of `addrLocal` (undefined when invalid). */
  addrLocalIp: Uint8Array | undefined;
  successfullyConnected = false;
  #versionInfo: PeerVersion | undefined;

  // ---- ping (microseconds)
  pingNonceSent = 0n;
  pingStartUs = 0;
  pingUs = 0;
  minPingUs = Number.MAX_SAFE_INTEGER;
  pingQueued = false;

  // ---- address relay
  readonly addrToSend: TimedNetAddress[] = [];
  /** `addrKnown` keys (ip+port hex); bounded like Core's rolling filter. */
  readonly addrKnown = new Set<string>();
  /** `fGetAddr`: we asked this peer for addresses. */
  getAddrSent = false;
  /** `fSentAddr`: we answered this peer's getaddr. */
  sentAddr = false;
  nextAddrSendUs = 0;
  nextLocalAddrSendUs = 0;

  // ---- misbehaviour (`CNodeState::nMisbehavior`, `fShouldBan`)
  misbehavior = 0;
  shouldBan = false;

  // ---- statistics
  readonly timeConnected: number;
  lastSend = 0;
  lastRecv = 0;
  bytesSent = 0;
  bytesReceived = 0;
  lastBlockTime = 0;
  lastTxTime = 0;
  readonly sendBytesPerMsg = new Map<string, number>();
  readonly recvBytesPerMsg = new Map<string, number>();

  readonly #opts: PeerConnectionOptions;
  readonly #socket: Socket;
  readonly #decoder: FrameDecoder;
  #sendSize = 0;
  readonly #queue: FrameMessage[] = [];
  #queueBytes = 0;
  #pausedRecv = false;
  #pumping = false;
  #disconnecting = false;
  #closed = false;
  #drainWaiters: (() => void)[] = [];
  readonly #closedPromise: Promise<void>;

  constructor(opts: PeerConnectionOptions) {
    this.#opts = opts;
    this.id = opts.id;
    this.inbound = opts.inbound;
    this.whitelisted = opts.whitelisted;
    this.ip = opts.ip;
    this.port = opts.port;
    this.localNonce = opts.localNonce;
    this.myStartingHeight = opts.myStartingHeight;
    this.keyedNetGroup = opts.keyedNetGroup;
    this.servicesExpected = opts.servicesExpected;
    this.addrServices = opts.addrServices ?? 0n;
    this.oneShot = opts.oneShot ?? false;
    this.feeler = opts.feeler ?? false;
    this.addnode = opts.addnode ?? false;
    this.#addrName = opts.addrName;
    this.timeConnected = opts.systemClock();
    this.#socket = opts.socket;
    this.#decoder = new FrameDecoder(opts.magic);
    const socket = opts.socket;
    socket.setNoDelay(true);
    this.#closedPromise = new Promise((resolve) => {
      socket.once('close', () => {
        this.#closed = true;
        this.#disconnecting = true;
        this.#queue.length = 0;
        for (const w of this.#drainWaiters.splice(0)) w();
        opts.onClosed(this);
        resolve();
      });
    });
    socket.on('error', (e) => {
      if (!this.#disconnecting) opts.logger.debug(`socket recv error ${e.message} peer=${this.id}`, { category: 'net' });
      this.#disconnecting = true;
    });
    socket.on('end', () => {
      if (!this.#disconnecting) opts.logger.debug(`socket closed peer=${this.id}`, { category: 'net' });
      this.disconnect('');
    });
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
  }

  // ------------------------------------------------------------ Peer

  /** `addrName`. */
  get addr(): string {
    return this.#addrName;
  }

  /** `MaybeSetAddrName`: keep the name used to connect. */
  setAddrName(name: string): void {
    if (this.#addrName === '') this.#addrName = name;
  }

  get versionInfo(): PeerVersion | undefined {
    return this.#versionInfo;
  }

  get disconnecting(): boolean {
    return this.#disconnecting;
  }

  /** The handshake completed (`verack` received). */
  markSuccessfullyConnected(): void {
    this.successfullyConnected = true;
    this.#versionInfo = {
      version: this.version,
      services: this.services,
      startHeight: this.startingHeight,
      userAgent: this.cleanSubVer,
      relay: this.relayTxes,
      timeOffset: this.timeOffset,
    };
  }

  noteNewBlock(): void {
    this.lastBlockTime = this.#opts.systemClock();
  }

  noteNewTransaction(): void {
    this.lastTxTime = this.#opts.systemClock();
  }

  send(message: WireMessage): void {
    if (this.#disconnecting) return;
    this.sendRaw(message.command, message.encode());
  }

  /** `PushMessage` of a payload under `command` (also commands the wire package has no class for). */
  sendRaw(command: string, payload: Uint8Array): void {
    if (this.#disconnecting) return;
    const frame = encodeFrame(this.#opts.magic, command, payload);
    const key = KNOWN_COMMANDS.has(command) ? command : OTHER_COMMAND;
    this.sendBytesPerMsg.set(key, (this.sendBytesPerMsg.get(key) ?? 0) + frame.length);
    this.#sendSize += frame.length;
    this.#opts.logger.debug(`sending ${command} (${payload.length} bytes) peer=${this.id}`, { category: 'net' });
    this.#socket.write(frame, (err) => {
      this.#sendSize -= frame.length;
      if (!err) {
        this.bytesSent += frame.length;
        this.lastSend = this.#opts.systemClock();
        this.#opts.onBytes(frame.length, 0);
      }
      if (this.#sendSize <= this.#opts.sendBufferMax) for (const w of this.#drainWaiters.splice(0)) w();
    });
  }

  /** `fDisconnect`: stop processing, flush what was queued, then close. */
  disconnect(reason: string): void {
    if (this.#disconnecting) return;
    this.#disconnecting = true;
    if (reason !== '') this.#opts.logger.debug(`disconnecting peer=${this.id}: ${reason}`, { category: 'net' });
    this.#queue.length = 0;
    this.#socket.end();
    setTimeout(() => this.#socket.destroy(), 1000).unref();
  }

  /** `CloseSocketDisconnect`: close at once, dropping unsent data. */
  destroy(): void {
    this.#disconnecting = true;
    this.#socket.destroy();
  }

  /** Resolves once the socket has closed. */
  get closed(): Promise<void> {
    return this.#closedPromise;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** `fPauseSend`. */
  get sendPaused(): boolean {
    return this.#sendSize > this.#opts.sendBufferMax;
  }

  /** `fPauseRecv`. */
  get receivePaused(): boolean {
    return this.#pausedRecv;
  }

  /** Bytes queued for sending (`nSendSize`). */
  get sendQueueBytes(): number {
    return this.#sendSize;
  }

  // ------------------------------------------------------------ receiving

  #receive(chunk: Buffer): void {
    if (this.#disconnecting) return;
    this.lastRecv = this.#opts.systemClock();
    this.bytesReceived += chunk.length;
    this.#opts.onBytes(0, chunk.length);
    const events = this.#decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    for (const ev of events) {
      if (ev.type === 'error') {
        const e = ev.error;
        const key = KNOWN_COMMANDS.has(e.command) ? e.command : OTHER_COMMAND;
        if (!e.fatal) this.recvBytesPerMsg.set(key, (this.recvBytesPerMsg.get(key) ?? 0) + e.length + MESSAGE_HEADER_SIZE);
        this.#opts.onFrameError(this, e);
        if (e.fatal) this.disconnect(e.message);
        continue;
      }
      const size = ev.payload.length + MESSAGE_HEADER_SIZE;
      const key = KNOWN_COMMANDS.has(ev.command) ? ev.command : OTHER_COMMAND;
      this.recvBytesPerMsg.set(key, (this.recvBytesPerMsg.get(key) ?? 0) + size);
      this.#queue.push(ev);
      this.#queueBytes += size;
    }
    if (this.#queueBytes > this.#opts.receiveFloodSize && !this.#pausedRecv) {
      this.#pausedRecv = true;
      this.#socket.pause();
    }
    this.#pump();
  }

  /** Handles the queued messages one at a time; yields to the event loop between messages. */
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    void (async () => {
      try {
        while (this.#queue.length > 0 && !this.#disconnecting) {
          if (this.sendPaused) {
            await new Promise<void>((resolve) => this.#drainWaiters.push(resolve));
            continue;
          }
          const msg = this.#queue.shift()!;
          this.#queueBytes -= msg.payload.length + MESSAGE_HEADER_SIZE;
          if (this.#pausedRecv && this.#queueBytes <= this.#opts.receiveFloodSize) {
            this.#pausedRecv = false;
            if (!this.#disconnecting) this.#socket.resume();
          }
          await this.#opts.onMessage(this, msg);
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      } finally {
        this.#pumping = false;
      }
      if (this.#queue.length > 0 && !this.#disconnecting) this.#pump();
    })().catch((e: unknown) => {
      this.#opts.logger.error(`message loop peer=${this.id}: ${e instanceof Error ? e.message : String(e)}`);
      this.disconnect('message loop failed');
    });
  }
}
