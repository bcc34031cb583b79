// A scripted peer over a real loopback socket, and a connection manager to talk to.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { OptionValues } from '@ocean-ts/core';
import { RecordingLogger } from '@ocean-ts/service-kit';
import { FrameDecoder, NetAddress, OCEAN_MAGIC, VersionMessage, encodeFrame, type FrameEvent, type WireMessage } from '@ocean-ts/wire';
import { OptionReader } from '../../../src/config/option-reader.js';
import { readNetSettings } from '../../../src/config/net-settings.js';
import { ConnectionManager, type ConnectionManagerOptions } from '../../../src/net/connection-manager.js';
import type { MessageProcessor, Peer } from '../../../src/net/net-boundary.js';
import type { WireMessage as AnyWire } from '@ocean-ts/wire';

export const CLOCK = 1_700_000_000;

/** A processor that records what the connection manager hands it. */
export class RecordingProcessor implements MessageProcessor {
  readonly ready: Peer[] = [];
  readonly messages: { peer: number; command: string }[] = [];
  readonly gone: number[] = [];
  peerReady(peer: Peer): void {
    this.ready.push(peer);
  }
  async processMessage(peer: Peer, message: AnyWire): Promise<void> {
    this.messages.push({ peer: peer.id, command: message.command });
  }
  sendMessages(): void {}
  peerGone(peer: Peer): void {
    this.gone.push(peer.id);
  }
}

export interface TestManager {
  readonly manager: ConnectionManager;
  readonly logger: RecordingLogger;
  readonly processor: RecordingProcessor;
  readonly port: number;
}

/** A started manager listening on 127.0.0.1 (ephemeral port), no outbound loops to speak of. */
export async function startManager(args: readonly string[] = [], extra: Partial<ConnectionManagerOptions> = {}): Promise<TestManager> {
  const settings = readNetSettings(new OptionReader(OptionValues.fromSources(['-bind=127.0.0.1', '-discover=0', ...args], [])), 7042);
  const logger = new RecordingLogger();
  const processor = new RecordingProcessor();
  const manager = new ConnectionManager({
    settings: { ...settings, port: 0 },
    magic: OCEAN_MAGIC,
    defaultPort: 7042,
    clock: () => CLOCK,
    bestHeight: () => 7,
    isInitialBlockDownload: () => false,
    logger,
    tickMs: 20,
    ...extra,
  });
  manager.setProcessor(processor);
  await manager.start();
  const port = Number(manager.listenAddresses[0]!.split(':').pop());
  return { manager, logger, processor, port };
}

/** Collects frames from a socket; `next()` waits for the next event. */
export class FrameReader {
  readonly events: FrameEvent[] = [];
  #waiters: (() => void)[] = [];
  closed = false;
  readonly decoder = new FrameDecoder(OCEAN_MAGIC);
  readonly raw: Buffer[] = [];

  constructor(readonly socket: Socket) {
    socket.on('data', (b: Buffer) => {
      this.raw.push(b);
      this.events.push(...this.decoder.push(b));
      for (const w of this.#waiters.splice(0)) w();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.#waiters.splice(0)) w();
    });
    socket.on('error', () => {});
  }

  #cursor = 0;

  /** The next message (command + payload); throws on timeout or close. */
  async next(timeoutMs = 3000): Promise<{ command: string; payload: Uint8Array }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ev = this.events[this.#cursor];
      if (ev !== undefined) {
        this.#cursor++;
        if (ev.type === 'message') return { command: ev.command, payload: ev.payload };
        throw new Error(`frame error ${ev.error.message}`);
      }
      if (this.closed) throw new Error('socket closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timeout waiting for a message');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The commands of the next `n` messages. */
  async commands(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await this.next()).command);
    return out;
  }

  /** Resolves when the socket closes (rejects after the timeout). */
  async waitClosed(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket still open');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export function frame(message: WireMessage): Buffer {
  return Buffer.from(encodeFrame(OCEAN_MAGIC, message.command, message.encode()));
}

export function rawFrame(command: string, payload: Uint8Array): Buffer {
  return Buffer.from(encodeFrame(OCEAN_MAGIC, command, payload));
}

/** A version message as a modern peer sends it. */
export function peerVersion(over: Partial<ConstructorParameters<typeof VersionMessage>[0]> = {}): VersionMessage {
  return new VersionMessage({
    version: 70015,
    services: 9n,
    time: BigInt(CLOCK),
    addrRecv: NetAddress.empty(0n),
    addrFrom: NetAddress.empty(9n),
    nonce: 0x1122334455667788n,
    userAgent: '/Fake:1.0/',
    startHeight: 3,
    relay: true,
    ...over,
  });
}

export async function connectTo(port: number): Promise<{ socket: Socket; reader: FrameReader }> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return { socket, reader: new FrameReader(socket) };
}

/** A listening fake peer; resolves the accepted socket. */
export async function fakeListener(): Promise<{ server: Server; port: number; accepted: Promise<{ socket: Socket; reader: FrameReader }> }> {
  const server = createServer();
  let resolveAccepted!: (v: { socket: Socket; reader: FrameReader }) => void;
  const accepted = new Promise<{ socket: Socket; reader: FrameReader }>((r) => (resolveAccepted = r));
  server.on('connection', (socket) => resolveAccepted({ socket, reader: new FrameReader(socket) }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port, accepted };
}

export async function waitFor(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
