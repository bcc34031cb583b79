/**
 * ZeroMQ notifications (Core 0.14 `zmq/`): `-zmqpubhashblock`, `-zmqpubhashtx`, `-zmqpubrawblock`,
 * `-zmqpubrawtx`. Each topic publishes multipart messages `[topic, body, sequence]` where the
 * sequence is a 4-byte little-endian counter per topic starting at 0; topics configured with the
 * same endpoint share one PUB socket. Bodies: `hashblock`/`hashtx` are the 32-byte hash in display
 * (reversed) byte order, `rawblock`/`rawtx` the serialized block / transaction.
 *
 * Events as Core 0.14 raises them: `SyncTransaction` for every transaction accepted to the mempool,
 * for every transaction of each disconnected block (tip first) and of each connected block (oldest
 * first); then `UpdatedBlockTip` for the new tip when at least one block was connected.
 */
import type { Block, Transaction } from '@ocean-ts/core';
import type { ZmqTopic } from '../config/notification-settings.js';

export interface ZmqLogger {
  info(message: string): void;
  warn(message: string): void;
}

interface PubSocket {
  bind(address: string): Promise<void>;
  send(message: Buffer[]): Promise<void>;
  close(): void;
  linger: number;
}

/** A block notification source: hash (internal order) and the block itself. */
export interface NotifiedBlock {
  readonly hash: Uint8Array;
  readonly block: Block | undefined;
}

function displayOrder(hash: Uint8Array): Buffer {
  return Buffer.from(hash).reverse();
}

class Channel {
  #queue: Promise<void> = Promise.resolve();
  constructor(
    readonly address: string,
    readonly socket: PubSocket,
    private readonly log: ZmqLogger,
  ) {}

  /** Sends in order; a failed send is logged and does not stop later ones. */
  send(parts: Buffer[]): void {
    this.#queue = this.#queue
      .then(() => this.socket.send(parts))
      .catch((e: unknown) => this.log.warn(`zmq: failed to publish on ${this.address}: ${e instanceof Error ? e.message : String(e)}`));
  }

  async drain(): Promise<void> {
    await this.#queue;
  }
}

export class ZmqNotifier {
  readonly #channels = new Map<string, Channel>();
  readonly #topics = new Map<ZmqTopic, Channel>();
  readonly #sequence = new Map<ZmqTopic, number>();
  #closed = false;

  private constructor(private readonly log: ZmqLogger) {}

  /** Bind a PUB socket per distinct endpoint. Rejects (after closing what was bound) on failure. */
  static async create(endpoints: ReadonlyMap<ZmqTopic, string>, log: ZmqLogger): Promise<ZmqNotifier> {
    const n = new ZmqNotifier(log);
    if (endpoints.size === 0) return n;
    const zmq = await import('zeromq');
    try {
      for (const [topic, address] of endpoints) {
        let ch = n.#channels.get(address);
        if (!ch) {
          const socket = new zmq.Publisher({ linger: 0 }) as unknown as PubSocket;
          try {
            await socket.bind(address);
          } catch (e) {
            socket.close();
            throw new Error(`Unable to bind ZMQ socket to ${address}: ${e instanceof Error ? e.message : String(e)}`);
          }
          ch = new Channel(address, socket, log);
          n.#channels.set(address, ch);
        }
        n.#topics.set(topic, ch);
        n.#sequence.set(topic, 0);
        log.info(`zmq: Notifier pub${topic} ready (address = ${address})`);
      }
    } catch (e) {
      await n.close();
      throw e;
    }
    return n;
  }

  get enabled(): boolean {
    return this.#topics.size > 0;
  }

  #publish(topic: ZmqTopic, body: Uint8Array): void {
    const ch = this.#topics.get(topic);
    if (!ch || this.#closed) return;
    const seq = this.#sequence.get(topic) ?? 0;
    this.#sequence.set(topic, (seq + 1) >>> 0);
    const seqBuf = Buffer.alloc(4);
    seqBuf.writeUInt32LE(seq, 0);
    ch.send([Buffer.from(topic, 'ascii'), Buffer.from(body), seqBuf]);
  }

  /** `SyncTransaction`: hashtx and rawtx. */
  notifyTransaction(tx: Transaction): void {
    if (!this.enabled) return;
    if (this.#topics.has('hashtx')) this.#publish('hashtx', displayOrder(tx.txid));
    if (this.#topics.has('rawtx')) this.#publish('rawtx', tx.toBytes());
  }

  /** `UpdatedBlockTip`: hashblock and rawblock of the new tip. */
  notifyBlock(b: NotifiedBlock): void {
    if (!this.enabled) return;
    if (this.#topics.has('hashblock')) this.#publish('hashblock', displayOrder(b.hash));
    if (this.#topics.has('rawblock') && b.block) this.#publish('rawblock', b.block.toBytes());
  }

  /**
   * The notifications of one tip change: transactions of the disconnected blocks (newest first) and
   * of the connected blocks (oldest first), then the new tip if anything was connected.
   */
  notifyTipChange(disconnected: readonly Block[], connected: readonly NotifiedBlock[]): void {
    if (!this.enabled) return;
    for (const b of disconnected) for (const tx of b.transactions) this.notifyTransaction(tx);
    for (const b of connected) for (const tx of b.block?.transactions ?? []) this.notifyTransaction(tx);
    const tip = connected[connected.length - 1];
    if (tip) this.notifyBlock(tip);
  }

  /** Flush queued messages and close the sockets. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const ch of this.#channels.values()) {
      await ch.drain();
      ch.socket.close();
    }
    this.#channels.clear();
    this.#topics.clear();
  }
}
