/**
 * Test helpers for the signers: vectors, keys, a fake daemon speaking the Profile A ZeroMQ protocol
 * over real loopback sockets, and the spawning of the built bins.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BITCOIN_REGTEST, decodeBitcoinWif, fromHex, type Secp256k1 } from '@ocean-ts/core';
import { Publisher, Subscriber } from 'zeromq';
import { readVector } from '../crypto/support.js';

export { bcoinVerifyInput, readVector, secp } from '../crypto/support.js';

export const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

export interface MultisigVector {
  name: string;
  redeem_script_hex: string;
  pubkeys_hex: string[];
  signer_privkeys_wif?: Record<string, string>;
  signer_privkeys_wif_in_pubkey_order?: string[];
  chaincodes_hex_in_pubkey_order?: string[];
}

export function multisigVector(name: string): MultisigVector {
  const v = readVector<{ p2sh_multisig: MultisigVector[] }>('multisig_and_addresses.json').p2sh_multisig.find((p) => p.name === name);
  if (v === undefined) throw new Error(`no multisig vector ${name}`);
  return v;
}

export interface TweakVector {
  base_privkey_wif: string;
  base_pubkey_hex_derived: string;
  chaincode_hex: string;
  commitment_display_hex: string;
  derived_tweaked_pubkey_hex: string;
  derived_tweaked_privkey_hex: string;
}

export function tweakVectors(): TweakVector[] {
  return readVector<{ vectors: TweakVector[] }>('tweak_extended_key.json').vectors;
}

export function wifKey(wif: string): Uint8Array {
  return decodeBitcoinWif(wif, BITCOIN_REGTEST).key;
}

/** A deterministic test private key. */
export function testKey(i: number): Uint8Array {
  return fromHex((0x40 + i).toString(16).repeat(64).slice(0, 64));
}

/** A DER signature (without sighash byte) → compact, asserting strict DER. */
export function compactOf(secp: Secp256k1, der: Uint8Array): Uint8Array {
  return secp.signatureImport(der);
}

const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** Whether the compact signature's S is at most n/2. */
export function isLowS(compact: Uint8Array): boolean {
  let s = 0n;
  for (const b of compact.subarray(32, 64)) s = (s << 8n) | BigInt(b);
  return s <= HALF_ORDER;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The daemon's side of the Profile A protocol on loopback: a PUB socket the signers subscribe to,
 * and SUB sockets connected to the signers' PUB sockets (topic `S`).
 */
export class FakeDaemon {
  readonly pub = new Publisher();
  private readonly subs: Subscriber[] = [];
  endpoint = '';

  /** Bind the PUB socket on an ephemeral loopback port; returns `host:port` for `-hostMain`. */
  async start(): Promise<string> {
    await this.pub.bind('tcp://127.0.0.1:*');
    this.endpoint = this.pub.lastEndpoint!;
    return this.endpoint.replace('tcp://', '');
  }

  /** Connect a SUB socket to a signer's PUB endpoint. */
  connectSigner(endpoint: string): Subscriber {
    const sub = new Subscriber({ receiveTimeout: 200 });
    sub.connect(endpoint);
    sub.subscribe('S');
    this.subs.push(sub);
    return sub;
  }

  async send(topic: string, payload: Uint8Array): Promise<void> {
    await this.pub.send([topic, payload]);
  }

  async sendFrames(frames: (string | Uint8Array)[]): Promise<void> {
    await this.pub.send(frames);
  }

  /**
   * Publish until `ready()` holds (PUB/SUB drops messages until the subscription has propagated):
   * `send` is called every 50 ms.
   */
  async publishUntil(send: () => Promise<void>, ready: () => boolean, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!ready()) {
      if (Date.now() > end) throw new Error('timed out waiting for the signer');
      await send();
      await sleep(50);
    }
  }

  /**
   * Act as the daemon for one round: drop whatever the signers sent before, then publish `T`
   * (every 100 ms, as subscriptions may not be up yet) until every SUB in `subs` has received an
   * `S`; returns the first `S` payload of each, then drains the answers to the repeated `T`s.
   */
  async requestSignatures(subs: Subscriber | Subscriber[], preimagesPayload: Uint8Array, timeoutMs = 10_000): Promise<Buffer[]> {
    const list = Array.isArray(subs) ? subs : [subs];
    for (const s of list) await drain(s);
    const replies: (Buffer | undefined)[] = list.map(() => undefined);
    const end = Date.now() + timeoutMs;
    while (replies.some((r) => r === undefined)) {
      if (Date.now() > end) throw new Error('timed out waiting for S messages');
      await this.send('T', preimagesPayload);
      for (let i = 0; i < list.length; i++) if (replies[i] === undefined) replies[i] = await receiveOrUndefined(list[i]!);
    }
    for (const s of list) await drain(s);
    return replies as Buffer[];
  }

  close(): void {
    for (const s of this.subs) s.close();
    this.pub.close();
  }
}

/** One `S` payload from `sub`, or undefined on its receive timeout. */
export async function receiveOrUndefined(sub: Subscriber): Promise<Buffer | undefined> {
  try {
    const frames = await sub.receive();
    if (frames.length !== 2 || frames[0]!.toString() !== 'S') throw new Error(`unexpected message with ${frames.length} frames`);
    return frames[1]!;
  } catch (e) {
    if ((e as { code?: string }).code === 'EAGAIN') return undefined;
    throw e;
  }
}

/** Drain everything `sub` has queued (until a receive times out). */
export async function drain(sub: Subscriber): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (;;) {
    const m = await receiveOrUndefined(sub);
    if (m === undefined) return out;
    out.push(m);
  }
}

/** A spawned bin with its output collected. */
export class BinProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (d: Buffer) => (this.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(name: string, args: string[], env: Record<string, string> = {}): BinProcess {
    return new BinProcess(spawn(process.execPath, [join(ROOT, 'bin', name), ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } }));
  }

  /** Wait until stdout matches `re`; returns the match. */
  async waitFor(re: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = this.stdout.match(re);
      if (m !== null) return m;
      if (this.child.exitCode !== null) throw new Error(`process exited (${this.child.exitCode}): ${this.stderr}${this.stdout}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}: ${this.stderr}${this.stdout}`);
      await sleep(50);
    }
  }

  /** SIGTERM and wait for the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}
