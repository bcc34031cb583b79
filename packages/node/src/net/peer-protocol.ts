/**
 * The connection-level half of Core 0.14's net_processing that the connection manager owns: the
 * checks `ProcessMessages` makes around every message (checksum and header errors, decode errors →
 * `reject(malformed)`, limits → `Misbehaving`, bloom messages without NODE_BLOOM, messages before
 * `version`), the `version`/`verack` handshake with its exact replies, `ping`/`pong`, `addr`/
 * `getaddr`, and the first part of `SendMessages` (ping, ban check, address relay). Everything else
 * goes to the `MessageProcessor`.
 */
import { randomBytes } from 'node:crypto';
import { DecodeError, Reader, sha256d } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import {
  AddrMessage,
  BIP0031_VERSION,
  CADDR_TIME_VERSION,
  GetAddrMessage,
  MAX_ADDR_TO_SEND,
  MIN_PEER_PROTO_VERSION,
  MessageLimitError,
  NODE_BLOOM,
  NODE_NETWORK,
  NODE_WITNESS,
  NO_BLOOM_VERSION,
  NetAddress,
  PROTOCOL_VERSION,
  PingMessage,
  PongMessage,
  REJECT_DUPLICATE,
  REJECT_MALFORMED,
  REJECT_NONSTANDARD,
  REJECT_OBSOLETE,
  RejectMessage,
  SENDHEADERS_VERSION,
  SHORT_IDS_BLOCKS_VERSION,
  SendCmpctMessage,
  SendHeadersMessage,
  TimedNetAddress,
  UnknownMessage,
  VerackMessage,
  VersionMessage,
  decodeMessage,
  type AnyMessage,
  type FrameError,
  type FrameMessage,
} from '@ocean-ts/wire';
import type { AddrMan } from './addr-man.js';
import { isRoutableAddress, isValidAddress, serviceToString } from './ip-address.js';
import type { MessageProcessor } from './net-boundary.js';
import { nowMicros, type PeerConnection } from './peer-connection.js';
import type { TimeData } from './time-data.js';

/** `PING_INTERVAL`: seconds between pings. */
export const PING_INTERVAL = 2 * 60;
/** `AVG_ADDRESS_BROADCAST_INTERVAL` (seconds). */
const AVG_ADDRESS_BROADCAST_INTERVAL = 30;
/** `AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL` (seconds). */
const AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL = 24 * 24 * 60;
/** `REQUIRED_SERVICES`. */
const REQUIRED_SERVICES = NODE_NETWORK;
/** Size of `addrKnown` (a rolling bloom filter of 5000 in Core). */
const ADDR_KNOWN_SIZE = 5000;
/** The final alert Core 0.14 sends to peers at protocol 70012 or below. */
const FINAL_ALERT = Buffer.from(
  '60010000000000000000000000ffffff7f00000000ffffff7ffeffff7f01ffffff7f00000000ffffff7f00ffffff7f002f555247454e543a20416c657274206b657920636f6d70726f6d697365642c2075706772616465207265717569726564004630440220653febd6410f470f6bae11cad19c48413becb1ac2c17f908fd0fd53bdc3abd5202206d0e9c96fe88d4a0f01ed9dedae2b6f9e00da94cad0fecaae66ecf689bf71b50',
  'hex',
);

/** Core's `Misbehaving` score for a message over a protocol limit (ADR 0038), 0 = treat as malformed. */
function limitScore(e: MessageLimitError): number {
  switch (e.limit) {
    case 'MAX_INV_SZ':
      return e.command === 'notfound' ? 0 : 20;
    case 'MAX_HEADERS_RESULTS':
    case 'MAX_ADDR_TO_SEND':
      return 20;
    case 'MAX_BLOCKTXN_INDEX':
      return e.command === 'cmpctblock' ? 100 : 0;
    default:
      return 100;
  }
}

/** `SanitizeString` with `SAFE_CHARS_DEFAULT`. */
export function sanitizeString(s: string): string {
  return s.replace(/[^A-Za-z0-9 .,;\-_/:?@()]/g, '');
}

/** `PoissonNextSend` in microseconds. */
function poissonNextSend(nowUs: number, averageSeconds: number): number {
  return nowUs + Math.round(-Math.log1p(-Math.random()) * averageSeconds * 1_000_000);
}

function randomNonce(): bigint {
  let n = 0n;
  while (n === 0n) n = randomBytes(8).readBigUInt64LE();
  return n;
}

const addrKey = (a: NetAddress): string => `${Buffer.from(a.ip).toString('hex')}:${a.port}`;

/** What the protocol needs from the connection manager. */
export interface ProtocolHost {
  readonly logger: Logger;
  readonly localServices: bigint;
  readonly subVersion: string;
  /** `fRelayTxes` (false with -blocksonly). */
  readonly relayTxes: boolean;
  listening(): boolean;
  addrman(): AddrMan;
  readonly timeData: TimeData;
  /** `GetAdjustedTime` / `GetTime` seconds (mockable). */
  adjustedTime(): number;
  nodeTime(): number;
  bestHeight(): number;
  isInitialBlockDownload(): boolean;
  processor(): MessageProcessor;
  /** `CheckIncomingNonce`: false when the nonce is one of our own outbound handshakes. */
  checkIncomingNonce(nonce: bigint): boolean;
  misbehaving(peer: PeerConnection, howMuch: number, reason: string): void;
  /** `SendRejectsAndCheckIfBanned`: true when the peer was disconnected/banned. */
  checkBanned(peer: PeerConnection): boolean;
  /** The fully connected peers (`ForEachNode`). */
  connectedPeers(): PeerConnection[];
  /** What `version` processing advertises to an outbound peer (`GetLocalAddress`, else the address it sees us at). */
  versionLocalAddress(peer: PeerConnection): NetAddress | undefined;
  /** `AdvertiseLocal`: our address for the periodic refresh (undefined: nothing routable). */
  advertiseLocal(peer: PeerConnection): NetAddress | undefined;
  /** `SeenLocal`: an inbound peer sees us at this routable address. */
  seenLocal(ip: Uint8Array): void;
  /** `IsReachable(addr)`. */
  isReachable(ip: Uint8Array): boolean;
  /** Secret for the deterministic choice of address relays. */
  readonly relaySalt: Uint8Array;
}

export class PeerProtocol {
  constructor(private readonly host: ProtocolHost) {}

  private get log(): Logger {
    return this.host.logger;
  }

  /**
   * `PushNodeVersion`: our `version` message (outbound: right after connecting, with `GetTime()`;
   * inbound: after theirs, with `GetAdjustedTime()`).
   */
  pushVersion(peer: PeerConnection): void {
    const h = this.host;
    const time = peer.inbound ? h.adjustedTime() : h.nodeTime();
    const addrYou = isRoutableAddress(peer.ip) ? new NetAddress(peer.addrServices, peer.ip, peer.port) : NetAddress.empty(peer.addrServices);
    const addrMe = NetAddress.empty(h.localServices);
    peer.send(
      new VersionMessage({
        version: PROTOCOL_VERSION,
        services: h.localServices,
        time: BigInt(time),
        addrRecv: addrYou,
        addrFrom: addrMe,
        nonce: peer.localNonce,
        userAgent: h.subVersion,
        startHeight: peer.myStartingHeight,
        relay: h.relayTxes,
      }),
    );
    const them = isRoutableAddress(peer.ip) ? serviceToString(peer.ip, peer.port) : '[::]:0';
    this.log.debug(`send version message: version ${PROTOCOL_VERSION}, blocks=${peer.myStartingHeight}, us=[::]:0, them=${them}, peer=${peer.id}`, { category: 'net' });
  }

  /** A framing problem reported by the decoder (Core's `ProcessMessages` / `ReceiveMsgBytes`). */
  frameError(peer: PeerConnection, e: FrameError): void {
    switch (e.kind) {
      case 'bad-magic':
        this.log.info(`PROCESSMESSAGE: INVALID MESSAGESTART ${sanitizeString(e.command)} peer=${peer.id}`);
        break;
      case 'oversized':
        this.log.info(`Oversized message from peer=${peer.id}, disconnecting`);
        break;
      case 'bad-command':
        this.log.info(`PROCESSMESSAGE: ERRORS IN HEADER ${sanitizeString(e.command)} peer=${peer.id}`);
        break;
      case 'bad-checksum':
        this.log.info(`ProcessMessages(${sanitizeString(e.command)}, ${e.length} bytes): CHECKSUM ERROR peer=${peer.id}`);
        break;
    }
  }

  /** One received message (`ProcessMessages` → `ProcessMessage`). Never throws. */
  async handle(peer: PeerConnection, msg: FrameMessage): Promise<void> {
    const { command, payload } = msg;
    this.log.debug(`received: ${sanitizeString(command)} (${payload.length} bytes) peer=${peer.id}`, { category: 'net' });
    let ok = true;
    try {
      ok = await this.process(peer, command, payload);
    } catch (e) {
      ok = false;
      if (e instanceof DecodeError) {
        peer.send(new RejectMessage(command, REJECT_MALFORMED, 'error parsing message'));
        this.log.info(`ProcessMessages(${sanitizeString(command)}, ${payload.length} bytes): Exception '${e.message}' caught, normally caused by a message being shorter than its stated length`);
      } else {
        this.log.error(`ProcessMessages(): EXCEPTION: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} peer=${peer.id}`);
      }
    }
    if (!ok) this.log.info(`ProcessMessages(${sanitizeString(command)}, ${payload.length} bytes) FAILED peer=${peer.id}`);
    this.host.checkBanned(peer);
  }

  /** `ProcessMessage`: false when the message failed (Core logs "FAILED"). */
  private async process(peer: PeerConnection, command: string, payload: Uint8Array): Promise<boolean> {
    const h = this.host;
    // 0.14 (PR 8709): only filterload/filteradd need NODE_BLOOM; filterclear just turns tx relay on.
    if ((h.localServices & NODE_BLOOM) === 0n && (command === 'filterload' || command === 'filteradd')) {
      if (peer.version >= NO_BLOOM_VERSION) h.misbehaving(peer, 100, '');
      else peer.disconnect('bloom message without NODE_BLOOM');
      return false;
    }
    if (command === 'version') return this.onVersion(peer, payload);
    if (peer.version === 0) {
      // Must have a version message before anything else
      h.misbehaving(peer, 1, '');
      return false;
    }
    if (command === 'verack') {
      this.onVerack(peer);
      return true;
    }
    if (command === 'pong') {
      this.onPong(peer, payload);
      return true;
    }
    let message: AnyMessage;
    try {
      message = decodeMessage(command, payload);
    } catch (e) {
      if (!(e instanceof MessageLimitError)) throw e;
      const score = limitScore(e);
      if (score === 0) throw new DecodeError(e.message);
      h.misbehaving(peer, score, e.message);
      this.log.info(`ERROR: ${e.message}`);
      return false;
    }
    if (message instanceof UnknownMessage) {
      this.log.debug(`Unknown command "${sanitizeString(command)}" from peer=${peer.id}`, { category: 'net' });
      return true;
    }
    if (message instanceof PingMessage) return this.onPing(peer, message);
    if (message instanceof AddrMessage) return this.onAddr(peer, message);
    if (message instanceof GetAddrMessage) {
      this.onGetAddr(peer);
      return true;
    }
    if (!peer.successfullyConnected) {
      this.log.debug(`ignoring ${command} before verack peer=${peer.id}`, { category: 'net' });
      return true;
    }
    await h.processor().processMessage(peer, message);
    return true;
  }

  private onVersion(peer: PeerConnection, payload: Uint8Array): boolean {
    const h = this.host;
    if (peer.version !== 0) {
      peer.send(new RejectMessage('version', REJECT_DUPLICATE, 'Duplicate version message'));
      h.misbehaving(peer, 1, '');
      return false;
    }
    const v = readVersion(payload);
    if (!peer.inbound) h.addrman().setServices({ ip: peer.ip, port: peer.port, services: v.services, time: 0 }, v.services);
    if ((peer.servicesExpected & ~v.services) !== 0n) {
      const hex = (x: bigint) => x.toString(16).padStart(8, '0');
      this.log.debug(`peer=${peer.id} does not offer the expected services (${hex(v.services)} offered, ${hex(peer.servicesExpected)} expected); disconnecting`, { category: 'net' });
      peer.send(new RejectMessage('version', REJECT_NONSTANDARD, `Expected to offer services ${hex(peer.servicesExpected)}`));
      peer.disconnect('');
      return false;
    }
    let version = v.version;
    if (version < MIN_PEER_PROTO_VERSION) {
      this.log.info(`peer=${peer.id} using obsolete version ${version}; disconnecting`);
      peer.send(new RejectMessage('version', REJECT_OBSOLETE, `Version must be ${MIN_PEER_PROTO_VERSION} or greater`));
      peer.disconnect('');
      return false;
    }
    if (version === 10300) version = 300;
    if (peer.inbound && !h.checkIncomingNonce(v.nonce)) {
      this.log.info(`connected to self at ${peer.addr}, disconnecting`);
      peer.disconnect('');
      return true;
    }
    if (peer.inbound && isRoutableAddress(v.addrMe.ip)) h.seenLocal(v.addrMe.ip);
    // Be shy and don't send version until we hear
    if (peer.inbound) this.pushVersion(peer);
    peer.send(new VerackMessage());
    peer.services = v.services;
    peer.addrLocal = isValidAddress(v.addrMe.ip) ? serviceToString(v.addrMe.ip, v.addrMe.port) : '';
    peer.addrLocalIp = isValidAddress(v.addrMe.ip) ? v.addrMe.ip : undefined;
    peer.subVer = v.userAgent;
    peer.cleanSubVer = sanitizeString(v.userAgent);
    peer.startingHeight = v.startHeight;
    peer.relayTxes = v.relay;
    peer.version = version;
    if (!peer.inbound) {
      // Advertise our address
      if (h.listening() && !h.isInitialBlockDownload()) {
        const local = h.versionLocalAddress(peer);
        if (local !== undefined) {
          this.log.debug(`ProcessMessages: advertising address ${serviceToString(local.ip, local.port)}`, { category: 'net' });
          this.pushAddress(peer, new TimedNetAddress(h.adjustedTime(), local));
        }
      }
      // Get recent addresses
      if (peer.oneShot || peer.version >= CADDR_TIME_VERSION || h.addrman().size < 1000) {
        peer.send(new GetAddrMessage());
        peer.getAddrSent = true;
      }
      h.addrman().good({ ip: peer.ip, port: peer.port, services: peer.services, time: 0 });
    }
    this.log.info(`receive version message: ${peer.cleanSubVer}: version ${peer.version}, blocks=${peer.startingHeight}, us=${v.addrMe.port === 0 && !isValidAddress(v.addrMe.ip) ? '[::]:0' : serviceToString(v.addrMe.ip, v.addrMe.port)}, peer=${peer.id}`);
    peer.timeOffset = v.time - h.nodeTime();
    h.timeData.add(Buffer.from(peer.ip).toString('hex'), peer.timeOffset);
    // If the peer is old enough to have the old alert system, send it the final alert.
    if (peer.version <= 70012) peer.sendRaw('alert', FINAL_ALERT);
    // Feeler connections exist only to verify if address is online.
    if (peer.feeler) peer.disconnect('feeler');
    return true;
  }

  private onVerack(peer: PeerConnection): void {
    const first = !peer.successfullyConnected;
    if (peer.version >= SENDHEADERS_VERSION) peer.send(new SendHeadersMessage());
    if (peer.version >= SHORT_IDS_BLOCKS_VERSION) {
      if ((this.host.localServices & NODE_WITNESS) !== 0n) peer.send(new SendCmpctMessage(false, 2n));
      peer.send(new SendCmpctMessage(false, 1n));
    }
    peer.markSuccessfullyConnected();
    if (first) this.host.processor().peerReady(peer);
  }

  private onPing(peer: PeerConnection, m: PingMessage): boolean {
    if (peer.version > BIP0031_VERSION) {
      if (m.nonce === undefined) throw new DecodeError('CDataStream::read(): end of data');
      peer.send(new PongMessage(m.nonce));
    }
    return true;
  }

  private onPong(peer: PeerConnection, payload: Uint8Array): void {
    const end = nowMicros();
    let finished = false;
    let problem = '';
    let nonce = 0n;
    if (payload.length >= 8) {
      nonce = new Reader(payload).u64le();
      if (peer.pingNonceSent !== 0n) {
        if (nonce === peer.pingNonceSent) {
          finished = true;
          const t = end - peer.pingStartUs;
          if (t > 0) {
            peer.pingUs = t;
            peer.minPingUs = Math.min(peer.minPingUs, t);
          } else problem = 'Timing mishap';
        } else {
          problem = 'Nonce mismatch';
          if (nonce === 0n) {
            finished = true;
            problem = 'Nonce zero';
          }
        }
      } else problem = 'Unsolicited pong without ping';
    } else {
      finished = true;
      problem = 'Short payload';
    }
    if (problem !== '') {
      this.log.debug(`pong peer=${peer.id}: ${problem}, ${peer.pingNonceSent.toString(16)} expected, ${nonce.toString(16)} received, ${payload.length} bytes`, { category: 'net' });
    }
    if (finished) peer.pingNonceSent = 0n;
  }

  private onAddr(peer: PeerConnection, m: AddrMessage): boolean {
    const h = this.host;
    // Don't want addr from older versions unless seeding
    if (peer.version < CADDR_TIME_VERSION && h.addrman().size > 1000) return true;
    const now = h.adjustedTime();
    const since = now - 10 * 60;
    const ok: TimedNetAddress[] = [];
    for (const entry of m.addresses) {
      const a = entry.address;
      if ((a.services & REQUIRED_SERVICES) !== REQUIRED_SERVICES) continue;
      const time = entry.time <= 100000000 || entry.time > now + 10 * 60 ? now - 5 * 24 * 60 * 60 : entry.time;
      this.addKnown(peer, a);
      const reachable = h.isReachable(a.ip);
      const fixed = new TimedNetAddress(Math.max(0, time), a);
      if (time > since && !peer.getAddrSent && m.addresses.length <= 10 && isRoutableAddress(a.ip)) this.relayAddress(fixed, reachable);
      if (reachable) ok.push(fixed);
    }
    h.addrman().add(
      ok.map((t) => ({ ip: t.address.ip, port: t.address.port, services: t.address.services, time: t.time })),
      peer.ip,
      2 * 60 * 60,
    );
    if (m.addresses.length < MAX_ADDR_TO_SEND) peer.getAddrSent = false;
    if (peer.oneShot) peer.disconnect('one-shot connection done');
    return true;
  }

  private onGetAddr(peer: PeerConnection): void {
    // Only answer inbound peers, once per connection (fingerprinting and addr stamping).
    if (!peer.inbound) {
      this.log.debug(`Ignoring "getaddr" from outbound connection. peer=${peer.id}`, { category: 'net' });
      return;
    }
    if (peer.sentAddr) {
      this.log.debug(`Ignoring repeated "getaddr". peer=${peer.id}`, { category: 'net' });
      return;
    }
    peer.sentAddr = true;
    peer.addrToSend.length = 0;
    for (const a of this.host.addrman().getAddr()) this.pushAddress(peer, new TimedNetAddress(a.time >>> 0, new NetAddress(a.services, a.ip, a.port)));
  }

  private addKnown(peer: PeerConnection, a: NetAddress): void {
    if (peer.addrKnown.size >= ADDR_KNOWN_SIZE) peer.addrKnown.delete(peer.addrKnown.values().next().value!);
    peer.addrKnown.add(addrKey(a));
  }

  /** `CNode::PushAddress`. */
  pushAddress(peer: PeerConnection, a: TimedNetAddress): void {
    if (!isValidAddress(a.address.ip) || peer.addrKnown.has(addrKey(a.address))) return;
    if (peer.addrToSend.length >= MAX_ADDR_TO_SEND) peer.addrToSend[Math.floor(Math.random() * peer.addrToSend.length)] = a;
    else peer.addrToSend.push(a);
  }

  /** `RelayAddress`: to the 2 (1 if unreachable) peers ranked highest by a keyed hash of the address and the day. */
  private relayAddress(a: TimedNetAddress, reachable: boolean): void {
    const n = reachable ? 2 : 1;
    const day = Math.floor(this.host.adjustedTime() / (24 * 60 * 60));
    const base = Buffer.concat([this.host.relaySalt, Buffer.from(addrKey(a.address)), Buffer.from(String(day))]);
    const ranked = this.host
      .connectedPeers()
      .filter((p) => p.version >= CADDR_TIME_VERSION)
      .map((p) => ({ p, k: Buffer.from(sha256d(Buffer.concat([base, Buffer.from(String(p.id))]))).readBigUInt64LE() }))
      .sort((x, y) => (x.k < y.k ? 1 : x.k > y.k ? -1 : 0));
    for (const { p } of ranked.slice(0, n)) this.pushAddress(p, a);
  }

  /** The connection manager's part of `SendMessages`, then the processor's. */
  sendMessages(peer: PeerConnection): void {
    if (!peer.successfullyConnected || peer.disconnecting) return;
    const now = nowMicros();
    // Message: ping
    let pingSend = peer.pingQueued;
    if (peer.pingNonceSent === 0n && peer.pingStartUs + PING_INTERVAL * 1_000_000 < now) pingSend = true;
    if (pingSend) {
      const nonce = randomNonce();
      peer.pingQueued = false;
      peer.pingStartUs = now;
      if (peer.version > BIP0031_VERSION) {
        peer.pingNonceSent = nonce;
        peer.send(new PingMessage(nonce));
      } else {
        // Peer is too old to support ping command with nonce, pong will never arrive.
        peer.pingNonceSent = 0n;
        peer.send(new PingMessage());
      }
    }
    if (this.host.checkBanned(peer)) return;
    // Address refresh broadcast
    if (!this.host.isInitialBlockDownload() && peer.nextLocalAddrSendUs < now) {
      const local = this.host.advertiseLocal(peer);
      if (local !== undefined) this.pushAddress(peer, new TimedNetAddress(this.host.adjustedTime(), local));
      peer.nextLocalAddrSendUs = poissonNextSend(now, AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL);
    }
    // Message: addr
    if (peer.nextAddrSendUs < now) {
      peer.nextAddrSendUs = poissonNextSend(now, AVG_ADDRESS_BROADCAST_INTERVAL);
      let batch: TimedNetAddress[] = [];
      for (const a of peer.addrToSend) {
        if (peer.addrKnown.has(addrKey(a.address))) continue;
        this.addKnown(peer, a.address);
        batch.push(a);
        if (batch.length >= MAX_ADDR_TO_SEND) {
          peer.send(new AddrMessage(batch));
          batch = [];
        }
      }
      peer.addrToSend.length = 0;
      if (batch.length > 0) peer.send(new AddrMessage(batch));
    }
    this.host.processor().sendMessages(peer, Date.now());
  }
}

interface ParsedVersion {
  readonly version: number;
  readonly services: bigint;
  readonly time: number;
  readonly addrMe: NetAddress;
  readonly nonce: bigint;
  readonly userAgent: string;
  readonly startHeight: number;
  readonly relay: boolean;
}

/** The `version` fields with Core's defaults for the optional tail (nonce 1, height -1, relay true). */
function readVersion(payload: Uint8Array): ParsedVersion {
  const f = VersionMessage.decode(payload).fields;
  return {
    version: f.version,
    services: f.services,
    time: Number(f.time),
    addrMe: f.addrRecv,
    nonce: f.nonce ?? 1n,
    userAgent: f.userAgent ?? '',
    startHeight: f.startHeight ?? -1,
    relay: f.relay ?? true,
  };
}
