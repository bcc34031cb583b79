/**
 * In-memory P2P plumbing for message-processor tests: `FakePeer` records what the processor sent;
 * `Link` wires two processors back to back (every message is encoded and decoded with the wire
 * codecs on the way); `Misbehavior` records scores. Time is a settable millisecond clock.
 */
import { DEFAULT_OCEAN_SERVICES, PROTOCOL_VERSION, SENDHEADERS_VERSION, SHORT_IDS_BLOCKS_VERSION, SendCmpctMessage, SendHeadersMessage, decodeMessage, type WireMessage } from '@ocean-ts/wire';
import type { MisbehaviorSink, Peer, PeerVersion } from '../../../../src/net/net-boundary.js';
import { PeerLogic } from '../../../../src/net/processing/message-processor.js';
import type { MessageProcessorOptions, ProcessorHost } from '../../../../src/net/processing/processor-host.js';

let nextId = 1;

export class FakePeer implements Peer {
  readonly id = nextId++;
  readonly sent: WireMessage[] = [];
  disconnecting = false;
  disconnectReason: string | undefined;
  versionInfo: PeerVersion | undefined;
  /** Called for every message sent (the link forwards it). */
  onSend: ((m: WireMessage) => void) | undefined;

  constructor(
    readonly inbound: boolean,
    version: Partial<PeerVersion> = {},
    readonly whitelisted = false,
    readonly addr = '127.0.0.1:7042',
  ) {
    this.versionInfo = { version: PROTOCOL_VERSION, services: DEFAULT_OCEAN_SERVICES, startHeight: 0, userAgent: '/test/', relay: true, timeOffset: 0, ...version };
  }

  send(message: WireMessage): void {
    if (this.disconnecting) return;
    // round trip through the codec, as the socket would
    const decoded = decodeMessage(message.command, message.encode()) as WireMessage;
    this.sent.push(decoded);
    this.onSend?.(decoded);
  }

  disconnect(reason: string): void {
    this.disconnecting = true;
    this.disconnectReason = reason;
  }

  /** Sent messages of one command. */
  sentOf<T extends WireMessage>(command: string): T[] {
    return this.sent.filter((m) => m.command === command) as T[];
  }

  clear(): void {
    this.sent.length = 0;
  }
}

export class Misbehavior implements MisbehaviorSink {
  readonly events: { peer: number; howMuch: number; reason: string }[] = [];

  misbehaving(peer: Peer, howMuch: number, reason: string): void {
    this.events.push({ peer: peer.id, howMuch, reason });
  }

  scoreOf(peer: Peer): number {
    return this.events.filter((e) => e.peer === peer.id).reduce((a, e) => a + e.howMuch, 0);
  }
}

export class Clock {
  constructor(public ms: number) {}
  readonly now = (): number => this.ms;
}

/** A processor over `host` with recorded misbehaviour and log lines. */
export class ProcessorUnderTest {
  readonly misbehavior = new Misbehavior();
  readonly lines: string[] = [];
  readonly logic: PeerLogic;

  constructor(
    readonly host: ProcessorHost,
    readonly clock: Clock,
    extra: Partial<MessageProcessorOptions> = {},
  ) {
    const push = (m: string) => this.lines.push(m);
    this.logic = new PeerLogic({
      host,
      misbehavior: this.misbehavior,
      clockMs: clock.now,
      random: () => 0.5,
      logger: { info: push, debug: push, warn: push },
      ...extra,
    });
  }
}

/**
 * Two processors connected back to back: `a` made an outbound connection to `b`. `aPeer` is how
 * `a` sees `b` (outbound), `bPeer` how `b` sees `a` (inbound). Messages are queued and delivered
 * in order by `pump`, which also runs both sides' `sendMessages` until nothing moves.
 */
export class Link {
  readonly aPeer: FakePeer;
  readonly bPeer: FakePeer;
  private readonly toB: WireMessage[] = [];
  private readonly toA: WireMessage[] = [];
  delivered = 0;

  constructor(
    readonly a: ProcessorUnderTest,
    readonly b: ProcessorUnderTest,
    opts: { aServices?: bigint; bServices?: bigint } = {},
  ) {
    this.aPeer = new FakePeer(false, { services: opts.bServices ?? DEFAULT_OCEAN_SERVICES, startHeight: b.host.chain.height });
    this.bPeer = new FakePeer(true, { services: opts.aServices ?? DEFAULT_OCEAN_SERVICES, startHeight: a.host.chain.height });
    this.aPeer.onSend = (m) => this.toB.push(m);
    this.bPeer.onSend = (m) => this.toA.push(m);
  }

  /** The end of the handshake as the connection manager runs it: sendheaders, sendcmpct (v2, v1), then `peerReady`. */
  connect(): void {
    for (const [peer, side] of [[this.aPeer, this.a], [this.bPeer, this.b]] as const) {
      const v = peer.versionInfo!.version;
      if (v >= SENDHEADERS_VERSION) peer.send(new SendHeadersMessage());
      if (v >= SHORT_IDS_BLOCKS_VERSION) {
        peer.send(new SendCmpctMessage(false, 2n));
        peer.send(new SendCmpctMessage(false, 1n));
      }
      side.logic.peerReady(peer);
    }
  }

  /** Deliver queued messages and run SendMessages until quiet (or `maxRounds`). */
  async pump(maxRounds = 10_000): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      let moved = false;
      while (this.toB.length > 0 || this.toA.length > 0) {
        moved = true;
        const mb = this.toB.shift();
        if (mb !== undefined && !this.bPeer.disconnecting) {
          this.delivered++;
          await this.b.logic.processMessage(this.bPeer, mb);
        }
        const ma = this.toA.shift();
        if (ma !== undefined && !this.aPeer.disconnecting) {
          this.delivered++;
          await this.a.logic.processMessage(this.aPeer, ma);
        }
      }
      this.a.logic.sendMessages(this.aPeer, this.a.clock.ms);
      this.b.logic.sendMessages(this.bPeer, this.b.clock.ms);
      if (!moved && this.toA.length === 0 && this.toB.length === 0) return;
    }
    throw new Error('link did not settle');
  }
}
