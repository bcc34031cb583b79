import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import {
  DEFAULT_OCEAN_SERVICES,
  FrameDecoder,
  NetAddress,
  OCEAN_MAGIC,
  PROTOCOL_VERSION,
  VerackMessage,
  VersionMessage,
  encodeFrame,
  type FrameEvent,
  type WireMessage,
} from '@ocean-ts/wire';

export interface RawMessage {
  readonly command: string;
  readonly payload: Uint8Array;
}

export interface RawPeerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly port: number;
  /** Network magic (default Ocean's). */
  readonly magic?: Uint8Array;
  /** The start height announced in `version` (default 0). */
  readonly startHeight?: number;
  /** Default `/ocean-harness:0.1/`. */
  readonly userAgent?: string;
}

/**
 * A scripted P2P peer on a raw socket: it can speak the handshake like a node and then send
 * anything — valid messages, garbage bytes, frames with lying headers. Everything the node sends
 * is decoded and kept in order.
 */
export class RawPeer {
  readonly received: RawMessage[] = [];
  readonly magic: Uint8Array;
  #closed = false;
  #waiters: (() => void)[] = [];
  readonly #decoder: FrameDecoder;
  readonly closedPromise: Promise<void>;

  private constructor(
    readonly socket: Socket,
    readonly options: RawPeerOptions,
  ) {
    this.magic = options.magic ?? OCEAN_MAGIC;
    this.#decoder = new FrameDecoder(this.magic);
    this.closedPromise = new Promise((resolve) =>
      socket.once('close', () => {
        this.#closed = true;
        this.#wake();
        resolve();
      }),
    );
    socket.on('error', () => {});
    socket.on('data', (b: Buffer) => {
      for (const ev of this.#decoder.push(b) as FrameEvent[]) if (ev.type === 'message') this.received.push({ command: ev.command, payload: ev.payload });
      this.#wake();
    });
  }

  /** Opens the TCP connection (no handshake). */
  static open(options: RawPeerOptions): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: options.host ?? '127.0.0.1', port: options.port, noDelay: true });
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(new RawPeer(socket, options));
      });
      socket.once('error', reject);
    });
  }

  /** Opens the connection and completes the handshake (version → version + verack → verack). */
  static async handshake(options: RawPeerOptions, timeoutMs = 10_000): Promise<RawPeer> {
    const peer = await RawPeer.open(options);
    peer.send(
      new VersionMessage({
        version: PROTOCOL_VERSION,
        services: DEFAULT_OCEAN_SERVICES,
        time: BigInt(Math.floor(Date.now() / 1000)),
        addrRecv: NetAddress.ipv4([127, 0, 0, 1], options.port, 0n),
        addrFrom: NetAddress.empty(DEFAULT_OCEAN_SERVICES),
        nonce: randomBytes(8).readBigUInt64LE(),
        userAgent: options.userAgent ?? '/ocean-harness:0.1/',
        startHeight: options.startHeight ?? 0,
        relay: true,
      }),
    );
    await peer.waitForMessage('version', timeoutMs);
    await peer.waitForMessage('verack', timeoutMs);
    peer.send(new VerackMessage());
    return peer;
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(message: WireMessage): void {
    this.sendFrame(message.command, message.encode());
  }

  /** A correctly framed message with any command and payload. */
  sendFrame(command: string, payload: Uint8Array): void {
    this.sendRaw(encodeFrame(this.magic, command, payload));
  }

  /** Bytes as they are. */
  sendRaw(bytes: Uint8Array): void {
    if (!this.#closed) this.socket.write(bytes);
  }

  /** The first received message with `command` at or after index `from`; waits for it. */
  async waitForMessage(command: string, timeoutMs = 10_000, from = 0): Promise<RawMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.received.slice(from).find((x) => x.command === command);
      if (m !== undefined) return m;
      if (this.#closed) throw new Error(`connection closed before ${command} arrived`);
      if (!(await this.#wait(deadline - Date.now()))) throw new Error(`no ${command} within ${timeoutMs} ms (got ${this.received.map((x) => x.command).join(', ')})`);
    }
  }

  /** Waits until the node closes the connection; false on timeout. */
  async waitClosed(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#closed) if (!(await this.#wait(deadline - Date.now()))) return this.#closed;
    return true;
  }

  close(): void {
    this.socket.destroy();
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Waits for data or close, at most `ms`; false when the time ran out. */
  #wait(ms: number): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
