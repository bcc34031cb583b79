/**
 * Profile A's daemon side of the signer protocol over ZeroMQ (spec mainstay.md §6.1; the
 * original's `messengers/` and `attestation/attestsigner_zmq.go`):
 * - one PUB socket bound at `signer.publisher` (default `*:5000`) for topics `C` and `T`;
 * - one SUB socket per `signer.signers` entry (`host:port`, in initScript pubkey order) on topic
 *   `S`, rebuilt before each `T` and after a signing failure;
 * - every SUB socket is drained continuously and only the LAST non-empty `S` payload of each
 *   signer is kept (`SignatureCollector`); `collectSignatures` groups them per input.
 *
 * Everything a signer sends is untrusted: messages that are not exactly (`S`, payload) are
 * dropped, payloads are bounded (`maxMessageSize`), and the service verifies every signature.
 * OUR ADDITION: after rebuilding the subscriptions the transport waits `subscribeSettleMs`
 * before publishing `T`, so that a fast signer's answer is not lost to ZeroMQ's slow-joiner
 * behaviour.
 */
import type { Logger } from '@ocean-ts/service-kit';
import { Publisher, Subscriber } from 'zeromq';
import { SignerTransportError, type InputSignature, type SignerTransport, type SigningRequest } from '../service/signer-transport.js';
import { SignatureCollector } from './signature-collector.js';
import { SignerTopic } from './signer-topics.js';
import { serialiseFrames } from './zmq-framing.js';

export const DEFAULT_SUBSCRIBE_SETTLE_MS = 500;
/** Largest `S` message accepted: a few signatures of ≤ 73 bytes each, with ample room. */
export const MAX_SIGNER_MESSAGE_BYTES = 64 * 1024;

export interface ZmqSignerTransportOptions {
  /** `host:port` to bind the PUB socket on (`signer.publisher`, default `*:5000`). */
  readonly publisher: string;
  /** `host:port` of each signer's PUB socket, in initScript pubkey order. */
  readonly signers: readonly string[];
  readonly logger: Logger;
  readonly subscribeSettleMs?: number;
}

function endpoint(host: string): string {
  return host.includes('://') ? host : `tcp://${host}`;
}

export class ZmqSignerTransport implements SignerTransport {
  readonly #collector: SignatureCollector;
  #pub: Publisher | undefined;
  #subs: Subscriber[] = [];
  #loops: Promise<void>[] = [];
  #sendQueue: Promise<unknown> = Promise.resolve();
  #closed = false;
  #boundEndpoint = '';

  constructor(private readonly options: ZmqSignerTransportOptions) {
    if (options.signers.length === 0) throw new SignerTransportError('no signers configured (signer.signers)');
    this.#collector = new SignatureCollector(options.signers.length);
  }

  /** The bound publisher endpoint (e.g. `tcp://127.0.0.1:5000`), after `start`. */
  get publisherEndpoint(): string {
    return this.#boundEndpoint;
  }

  /** Bind the publisher and subscribe to every signer. */
  async start(): Promise<string> {
    const pub = new Publisher();
    try {
      await pub.bind(endpoint(this.options.publisher));
    } catch (e) {
      pub.close();
      throw new SignerTransportError(`cannot bind the signer publisher on ${endpoint(this.options.publisher)}: ${(e as Error).message}`);
    }
    this.#pub = pub;
    this.#boundEndpoint = pub.lastEndpoint ?? endpoint(this.options.publisher);
    await this.#subscribeAll();
    this.options.logger.info('signer transport (zmq) started', { publisher: this.#boundEndpoint, signers: this.options.signers });
    return this.#boundEndpoint;
  }

  async publishConfirmedHash(root: Uint8Array): Promise<void> {
    if (root.length !== 32) throw new SignerTransportError(`confirmed hash must be 32 bytes, got ${root.length}`);
    await this.#publish(SignerTopic.ConfirmedHash, Buffer.from(root));
  }

  async requestSignatures(request: SigningRequest): Promise<void> {
    const payload = serialiseFrames(request.items);
    this.#collector.reset();
    await this.#publish(SignerTopic.Transactions, payload);
  }

  async collectSignatures(): Promise<InputSignature[][]> {
    if (this.#closed) throw new SignerTransportError('signer transport is closed');
    const responded = this.#collector.respondedCount;
    if (responded === 0) throw new SignerTransportError('no signatures received from any signer');
    return this.#collector.signaturesByInput().map((sigs) => sigs.map((signature) => ({ signature: new Uint8Array(signature) })));
  }

  /** Close every SUB socket and connect fresh ones; forget the messages received so far. */
  async resubscribe(): Promise<void> {
    if (this.#closed) throw new SignerTransportError('signer transport is closed');
    await this.#closeSubs();
    await this.#subscribeAll();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#closeSubs();
    await this.#sendQueue.catch(() => undefined);
    this.#pub?.close();
    this.#pub = undefined;
  }

  async #subscribeAll(): Promise<void> {
    this.#collector.reset();
    this.#subs = this.options.signers.map((host) => {
      const sub = new Subscriber({ maxMessageSize: MAX_SIGNER_MESSAGE_BYTES });
      sub.connect(endpoint(host));
      sub.subscribe(SignerTopic.Signatures);
      return sub;
    });
    this.#loops = this.#subs.map((sub, i) => this.#drain(sub, i));
    const settle = this.options.subscribeSettleMs ?? DEFAULT_SUBSCRIBE_SETTLE_MS;
    if (settle > 0) await new Promise((r) => setTimeout(r, settle));
  }

  async #closeSubs(): Promise<void> {
    const subs = this.#subs;
    const loops = this.#loops;
    this.#subs = [];
    this.#loops = [];
    for (const s of subs) s.close();
    await Promise.all(loops);
  }

  /** Receive from one signer until its socket is closed, keeping the latest valid message. */
  async #drain(sub: Subscriber, index: number): Promise<void> {
    for (;;) {
      let frames: Buffer[];
      try {
        frames = await sub.receive();
      } catch {
        if (sub.closed) return;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      if (frames.length !== 2 || frames[0]!.toString('latin1') !== SignerTopic.Signatures) {
        this.options.logger.warn('signer transport: ignored a malformed message', { signer: this.options.signers[index], frames: frames.length });
        continue;
      }
      this.#collector.receive(index, frames[1]!);
    }
  }

  #publish(topic: string, payload: Buffer): Promise<void> {
    const pub = this.#pub;
    if (pub === undefined || this.#closed) return Promise.reject(new SignerTransportError('signer transport is not started'));
    const send = this.#sendQueue.then(() => pub.send([topic, payload]));
    this.#sendQueue = send.catch(() => undefined);
    return send.catch((e: unknown) => {
      throw new SignerTransportError(`cannot publish topic ${topic}: ${(e as Error).message}`);
    });
  }
}
