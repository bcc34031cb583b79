// The daemon's signer transports over real sockets on loopback: ZeroMQ (profile A: PUB `C`/`T`,
// one SUB per signer on `S`, latest message per signer) and HTTP (profile B: strict validation of
// the signer's response; the original crashed on a bad one).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { toHex } from '@ocean-ts/core';
import { nullLogger } from '@ocean-ts/service-kit';
import { Publisher, Subscriber } from 'zeromq';
import { SignerTransportError } from '../../src/service/signer-transport.js';
import { HttpSignerTransport, parseWitnessResponse } from '../../src/signer/http-signer-transport.js';
import { serialiseFrames, unserialiseFrames } from '../../src/signer/zmq-framing.js';
import { ZmqSignerTransport } from '../../src/signer/zmq-signer-transport.js';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

/** A scripted zmq signer: answers every `T` with `answer(preimages)` on `S`. */
class ScriptedZmqSigner {
  readonly pub = new Publisher();
  readonly sub = new Subscriber();
  readonly received: { topic: string; payload: Buffer }[] = [];
  endpoint = '';
  answer: (items: Buffer[]) => Buffer[][] = (items) => [[Buffer.from('S'), serialiseFrames(items.map((_, i) => bytes(71, i + 1)))]];

  async bind(): Promise<string> {
    await this.pub.bind('tcp://127.0.0.1:*');
    this.endpoint = this.pub.lastEndpoint!.replace('tcp://', '');
    return this.endpoint;
  }

  connect(daemon: string): void {
    this.sub.connect(daemon);
    this.sub.subscribe('T', 'C');
    void (async () => {
      for (;;) {
        let frames: Buffer[];
        try {
          frames = await this.sub.receive();
        } catch {
          return;
        }
        this.received.push({ topic: frames[0]!.toString(), payload: frames[1]! });
        if (frames[0]!.toString() === 'T') for (const m of this.answer(unserialiseFrames(frames[1]!))) await this.pub.send(m);
      }
    })();
  }

  close(): void {
    this.sub.close();
    this.pub.close();
  }
}

async function waitFor<T>(f: () => Promise<T | undefined> | T | undefined, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch {
      // not yet
    }
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('ZmqSignerTransport (profile A)', () => {
  it('publishes C and T, collects the latest S of each signer grouped per input in signer order', async (t) => {
    const signers = [new ScriptedZmqSigner(), new ScriptedZmqSigner()];
    const hosts = await Promise.all(signers.map((s) => s.bind()));
    const transport = new ZmqSignerTransport({ publisher: '127.0.0.1:*', signers: hosts, logger: nullLogger, subscribeSettleMs: 200 });
    t.after(async () => {
      await transport.close();
      for (const s of signers) s.close();
    });
    const daemon = await transport.start();
    for (const s of signers) s.connect(daemon);
    await sleep(200);
    signers[0]!.answer = (items) => [
      [Buffer.from('S'), serialiseFrames(items.map(() => bytes(70, 0xaa)))], // superseded
      [Buffer.from('S'), Buffer.alloc(0)], // empty: ignored
      [Buffer.from('X'), serialiseFrames([bytes(70, 0xee)])], // another topic: not subscribed
      [Buffer.from('S'), serialiseFrames(items.map((_, i) => bytes(71, 0x10 + i)))],
    ];
    signers[1]!.answer = (items) => [[Buffer.from('S'), serialiseFrames(items.map((_, i) => bytes(72, 0x20 + i)))], [Buffer.from('S'), Buffer.from('x'), Buffer.from('y')]];
    const root = bytes(32, 7);
    await waitFor(async () => {
      await transport.publishConfirmedHash(root);
      return signers.every((s) => s.received.some((m) => m.topic === 'C')) ? true : undefined;
    }, 'C at both signers');
    assert.deepEqual([...signers[0]!.received.find((m) => m.topic === 'C')!.payload], [...root]);
    await transport.resubscribe();
    await transport.requestSignatures({ items: [bytes(100, 1), bytes(90, 2)], confirmedRoot: root });
    const sigs = await waitFor(async () => {
      const s = await transport.collectSignatures();
      return s.length === 2 && s.every((i) => i.length === 2) && s[0]![0]!.signature[0] === 0x10 ? s : undefined;
    }, 'signatures');
    assert.deepEqual(sigs.map((input) => input.map((s) => [s.signature.length, s.signature[0]])), [
      [[71, 0x10], [72, 0x20]],
      [[71, 0x11], [72, 0x21]],
    ]);
    const t0 = signers[0]!.received.find((m) => m.topic === 'T')!;
    assert.deepEqual(unserialiseFrames(t0.payload).map((b) => b.length), [100, 90]);
    // a re-subscription forgets the round
    await transport.resubscribe();
    await assert.rejects(transport.collectSignatures(), SignerTransportError);
  });

  it('rejects pre-images over 255 bytes, an empty signer list, and use after close', async () => {
    assert.throws(() => new ZmqSignerTransport({ publisher: '127.0.0.1:*', signers: [], logger: nullLogger }), SignerTransportError);
    const transport = new ZmqSignerTransport({ publisher: '127.0.0.1:*', signers: ['127.0.0.1:1'], logger: nullLogger, subscribeSettleMs: 0 });
    await transport.start();
    await assert.rejects(transport.requestSignatures({ items: [bytes(256, 1)], confirmedRoot: bytes(32, 0) }), /255/);
    await assert.rejects(transport.collectSignatures(), /no signatures/);
    await transport.close();
    await assert.rejects(transport.publishConfirmedHash(bytes(32, 0)), SignerTransportError);
  });

  it('a publisher address in use is a clear start-up error', async () => {
    const a = new ZmqSignerTransport({ publisher: '127.0.0.1:*', signers: ['127.0.0.1:1'], logger: nullLogger, subscribeSettleMs: 0 });
    const bound = await a.start();
    const b = new ZmqSignerTransport({ publisher: bound.replace('tcp://', ''), signers: ['127.0.0.1:1'], logger: nullLogger, subscribeSettleMs: 0 });
    await assert.rejects(b.start(), /cannot bind the signer publisher/);
    await a.close();
    await b.close();
  });
});

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function httpSigner(t: { after(fn: () => unknown): void }, handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  t.after(() => server.closeAllConnections());
  return `127.0.0.1:${(server.address() as AddressInfo).port}/sign`;
}

const DER = `30440220${'11'.repeat(32)}0220${'22'.repeat(32)}`;
const KEY = `02${'ab'.repeat(32)}`;

describe('HttpSignerTransport (profile B)', () => {
  it('POSTs sighashes and the display root as JSON; appends SIGHASH_ALL to each signature', async (t) => {
    let seen: { body: unknown; type: string | undefined; method: string | undefined; path: string | undefined } | undefined;
    const url = await httpSigner(t, (req, body, res) => {
      seen = { body: JSON.parse(body), type: req.headers['content-type'], method: req.method, path: req.url };
      res.end(JSON.stringify({ witness: [`${DER} ${KEY}`, `${DER} ${KEY}`] }));
    });
    const transport = new HttpSignerTransport({ url, logger: nullLogger });
    const root = new Uint8Array(32);
    root[0] = 0xab; // internal order: displayed last
    await transport.requestSignatures({ items: [bytes(32, 1), bytes(32, 2)], confirmedRoot: root });
    assert.deepEqual(seen, {
      body: { sighash_string: [toHex(bytes(32, 1)), toHex(bytes(32, 2))], merkle_root: `${'00'.repeat(31)}ab` },
      type: 'application/json',
      method: 'POST',
      path: '/sign',
    });
    const sigs = await transport.collectSignatures();
    assert.equal(sigs.length, 2);
    assert.equal(toHex(sigs[0]![0]!.signature), `${DER}01`);
    assert.equal(toHex(sigs[0]![0]!.pubkey!), KEY);
    await assert.rejects(transport.collectSignatures(), /no signatures/); // one round, one collection
  });

  const bad: [string, Handler, RegExp][] = [
    ['HTTP 500', (_q, _b, res) => res.writeHead(500).end('{"error":"hsm down"}'), /HTTP 500/],
    ['not JSON', (_q, _b, res) => res.end('<html>'), /not JSON/],
    ['no witness', (_q, _b, res) => res.end('{"sigs":[]}'), /no "witness" array/],
    ['too few', (_q, _b, res) => res.end(JSON.stringify({ witness: [`${DER} ${KEY}`] })), /1 witness entries for 2/],
    ['not a string', (_q, _b, res) => res.end(JSON.stringify({ witness: [1, 2] })), /not a string/],
    ['one field', (_q, _b, res) => res.end(JSON.stringify({ witness: [DER, DER] })), /must be/],
    ['bad hex', (_q, _b, res) => res.end(JSON.stringify({ witness: [`zz ${KEY}`, `zz ${KEY}`] })), /DER signature/],
    ['uncompressed key', (_q, _b, res) => res.end(JSON.stringify({ witness: [`${DER} 04${'ab'.repeat(64)}`, `${DER} ${KEY}`] })), /compressed key/],
    ['huge', (_q, _b, res) => res.end('x'.repeat(200_000)), /larger than/],
  ];
  for (const [name, handler, error] of bad) {
    it(`a bad response (${name}) is a SignerTransportError, never a crash`, async (t) => {
      const url = await httpSigner(t, handler);
      const transport = new HttpSignerTransport({ url: `http://${url}`, logger: nullLogger });
      await assert.rejects(transport.requestSignatures({ items: [bytes(32, 1), bytes(32, 2)], confirmedRoot: bytes(32, 0) }), (e: unknown) => {
        assert.ok(e instanceof SignerTransportError, String(e));
        assert.match((e as Error).message, error);
        return true;
      });
      await assert.rejects(transport.collectSignatures(), SignerTransportError);
    });
  }

  it('a signer that does not answer in time, or is not there', async (t) => {
    const url = await httpSigner(t, () => {
      /* never answers */
    });
    const slow = new HttpSignerTransport({ url, logger: nullLogger, timeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(slow.requestSignatures({ items: [bytes(32, 1)], confirmedRoot: bytes(32, 0) }), /did not answer within 300 ms/);
    assert.ok(Date.now() - started < 3000);
    const closed = new HttpSignerTransport({ url: '127.0.0.1:1/sign', logger: nullLogger });
    await assert.rejects(closed.requestSignatures({ items: [bytes(32, 1)], confirmedRoot: bytes(32, 0) }), /signer request failed/);
    assert.throws(() => new HttpSignerTransport({ url: 'ftp://x/y', logger: nullLogger }), /http or https/);
  });

  it('parseWitnessResponse rejects non-objects', () => {
    assert.throws(() => parseWitnessResponse([1], 1), /not a JSON object/);
    assert.throws(() => parseWitnessResponse(null, 1), /not a JSON object/);
  });
});
