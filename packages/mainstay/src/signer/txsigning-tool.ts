/**
 * `txsigningtool` (spec mainstay.md §6.1, the original's `cmd/txsigningtool`): a Profile A signer.
 * It SUBscribes to the daemon's publisher (`-hostMain`, default `127.0.0.1:5000`) for topics `C`
 * and `T`, and PUBlishes its signatures on topic `S` at its own address (`-host`, default
 * `*:5002`), where the daemon's per-signer SUB socket connects.
 *
 * - `C` (32 raw bytes) sets the attested hash: the last confirmed root, internal order.
 * - `T` (framed pre-images) is signed (`preimage-signing.ts`) and answered on `S`.
 * - The SUB socket is re-created every 5 minutes (as the original), so a daemon restart or a lost
 *   connection heals.
 * - Malformed messages (wrong frame count, unknown topic, bad payload) are logged and ignored; the
 *   tool never stops because of its input.
 */
import { toDisplayHex, toHex } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import { Publisher, Subscriber } from 'zeromq';
import { KeySourceError, type KeySource } from './key-source.js';
import { answerTransactions, parseConfirmedHash, SignerInputError } from './preimage-signing.js';
import { SignerTopic } from './signer-topics.js';

export const DEFAULT_SIGNER_PUBLISH_HOST = '*:5002';
export const DEFAULT_DAEMON_PUBLISHER_HOST = '127.0.0.1:5000';
export const RESUBSCRIBE_INTERVAL_MS = 5 * 60 * 1000;
/** Largest message accepted from the daemon (pre-images are ≤ 255 bytes each). */
export const MAX_DAEMON_MESSAGE_BYTES = 1 << 20;

export interface TxSigningToolOptions {
  readonly keySource: KeySource;
  readonly logger: Logger;
  /** `host:port` of the daemon's PUB socket (`-hostMain`). */
  readonly daemonHost?: string;
  /** `host:port` to bind our PUB socket on (`-host`); port `*` = an ephemeral port. */
  readonly publishHost?: string;
  /** Re-create the SUB socket this often (default 5 minutes). */
  readonly resubscribeIntervalMs?: number;
}

/** Counters, for logs and tests. */
export interface TxSigningToolStats {
  confirmedHashes: number;
  signed: number;
  rejected: number;
  resubscriptions: number;
}

function endpoint(host: string): string {
  return host.includes('://') ? host : `tcp://${host}`;
}

export class TxSigningTool {
  private attested: Uint8Array = new Uint8Array(32);
  private pub: Publisher | undefined;
  private sub: Subscriber | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  readonly stats: TxSigningToolStats = { confirmedHashes: 0, signed: 0, rejected: 0, resubscriptions: 0 };
  private readonly daemonHost: string;
  private readonly publishHost: string;

  constructor(private readonly options: TxSigningToolOptions) {
    this.daemonHost = options.daemonHost ?? DEFAULT_DAEMON_PUBLISHER_HOST;
    this.publishHost = options.publishHost ?? DEFAULT_SIGNER_PUBLISH_HOST;
  }

  /** The attested hash (internal bytes) the next `T` is signed for. */
  get attestedHash(): Uint8Array {
    return this.attested.slice();
  }

  /** Bind the PUB socket, connect the SUB socket and start serving. Resolves with the bound PUB endpoint. */
  async start(): Promise<string> {
    if (this.running) throw new Error('txsigningtool already started');
    const pub = new Publisher();
    try {
      await pub.bind(endpoint(this.publishHost));
    } catch (e) {
      pub.close();
      throw new Error(`cannot bind the signature publisher on ${endpoint(this.publishHost)}: ${(e as Error).message}`);
    }
    this.pub = pub;
    this.running = true;
    this.subscribe();
    this.loop = this.receiveLoop();
    const every = this.options.resubscribeIntervalMs ?? RESUBSCRIBE_INTERVAL_MS;
    this.timer = setInterval(() => this.resubscribe(), every);
    this.timer.unref?.();
    const bound = pub.lastEndpoint ?? endpoint(this.publishHost);
    this.options.logger.info('txsigningtool started', {
      publish: bound,
      daemon: endpoint(this.daemonHost),
      keys: this.options.keySource.description,
      topup: this.options.keySource.hasTopupKey,
    });
    return bound;
  }

  /** Drop the SUB socket and connect a fresh one (every 5 minutes, and on demand). */
  resubscribe(): void {
    if (!this.running) return;
    const old = this.sub;
    this.subscribe();
    old?.close();
    this.stats.resubscriptions++;
    this.options.logger.debug('txsigningtool: re-subscribed to the daemon', { daemon: endpoint(this.daemonHost) });
  }

  private subscribe(): void {
    const sub = new Subscriber({ maxMessageSize: MAX_DAEMON_MESSAGE_BYTES });
    sub.connect(endpoint(this.daemonHost));
    sub.subscribe(SignerTopic.Transactions, SignerTopic.ConfirmedHash);
    this.sub = sub;
  }

  private async receiveLoop(): Promise<void> {
    while (this.running) {
      const sub = this.sub!;
      let frames: Buffer[];
      try {
        frames = await sub.receive();
      } catch (e) {
        if (!this.running || sub !== this.sub) continue; // closed by stop() or a re-subscription
        this.options.logger.warn('txsigningtool: receive failed', { error: (e as Error).message });
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const reply = await this.handle(frames);
      if (reply !== undefined && this.running) await this.publish(reply);
    }
  }

  private async publish(payload: Buffer): Promise<void> {
    try {
      await this.pub!.send([SignerTopic.Signatures, payload]);
    } catch (e) {
      this.options.logger.error('txsigningtool: cannot publish signatures', { error: (e as Error).message });
    }
  }

  /**
   * Process one multipart message from the daemon. Returns the `S` payload to publish for a valid
   * `T`, undefined otherwise. Never throws: bad input is logged and counted.
   */
  async handle(frames: readonly Uint8Array[]): Promise<Buffer | undefined> {
    const log = this.options.logger;
    const reject = (why: string): undefined => {
      this.stats.rejected++;
      log.warn(`txsigningtool: ignored message: ${why}`);
      return undefined;
    };
    if (frames.length !== 2) return reject(`expected 2 frames (topic, payload), got ${frames.length}`);
    const topic = Buffer.from(frames[0]!).toString('latin1');
    const payload = frames[1]!;
    try {
      if (topic === SignerTopic.ConfirmedHash) {
        this.attested = parseConfirmedHash(payload);
        this.stats.confirmedHashes++;
        log.info('txsigningtool: new attested hash', { hash: toDisplayHex(this.attested) });
        return undefined;
      }
      if (topic === SignerTopic.Transactions) {
        const reply = await answerTransactions(this.options.keySource, this.attested, payload);
        this.stats.signed++;
        log.info('txsigningtool: signed transaction pre-images', { attestedHash: toDisplayHex(this.attested), bytes: reply.length });
        return reply;
      }
      return reject(`unknown topic ${JSON.stringify(topic.length > 16 ? `${topic.slice(0, 16)}…` : topic)} (${toHex(frames[0]!.subarray(0, 16))})`);
    } catch (e) {
      if (e instanceof SignerInputError || e instanceof KeySourceError) return reject(e.message);
      return reject(`unexpected failure: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Stop serving and close both sockets (the key source is the caller's). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.sub?.close();
    this.pub?.close();
    await this.loop;
    this.options.logger.info('txsigningtool stopped', { stats: { ...this.stats } });
  }
}
