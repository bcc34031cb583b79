import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AssertionError, toHex } from '@ocean-ts/core';
import {
  FrameDecoder,
  FrameError,
  MAX_PROTOCOL_MESSAGE_LENGTH,
  MESSAGE_HEADER_SIZE,
  MessageHeader,
  OCEAN_MAGIC,
  PingMessage,
  commandToBytes,
  encodeFrame,
  frameMessage,
  isValidCommandBytes,
  type FrameEvent,
} from '../src/index.js';
import { handFrame } from './support/hand.js';

const hexOf = (b: Uint8Array) => toHex(b);
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** A frame with a raw 12-byte command field and an optionally wrong checksum / magic / length. */
function rawFrame(opts: { command: Uint8Array; payload: Uint8Array; badChecksum?: boolean; magic?: Uint8Array; length?: number }): Uint8Array {
  const h = MessageHeader.forPayload(OCEAN_MAGIC, 'x', opts.payload);
  const checksum = h.checksum.slice();
  if (opts.badChecksum) checksum[0]! ^= 0x01;
  const header = new MessageHeader(opts.magic ?? OCEAN_MAGIC, opts.command, opts.length ?? opts.payload.length, checksum);
  return cat(header.toBytes(), opts.payload);
}

/** Simplified event for comparisons. */
function summary(events: FrameEvent[]): string[] {
  return events.map((e) => (e.type === 'message' ? `msg:${e.command}:${hexOf(e.payload)}` : `err:${e.error.kind}:${e.error.command}`));
}

/** Push `stream` split at `cuts`, checking the memory bound after every push. */
function feed(decoder: FrameDecoder, stream: Uint8Array, cuts: number[], maxPayload = MAX_PROTOCOL_MESSAGE_LENGTH): FrameEvent[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const events: FrameEvent[] = [];
  let prev = 0;
  for (const p of [...points, stream.length]) {
    events.push(...decoder.push(stream.subarray(prev, p)));
    assert.ok(decoder.bufferedBytes <= MESSAGE_HEADER_SIZE + maxPayload, `buffered ${decoder.bufferedBytes}`);
    prev = p;
  }
  return events;
}

test('message header: layout and Core command validity rules', () => {
  const h = MessageHeader.forPayload(OCEAN_MAGIC, 'ping', Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
  assert.equal(hexOf(h.toBytes()) + '0102030405060708', handFrame('ping', '0102030405060708'));
  assert.equal(MessageHeader.decode(h.toBytes()).command, 'ping');
  const cmd = (s: string) => Uint8Array.from(Buffer.from(s.padEnd(24, '0').slice(0, 24), 'hex'));
  assert.ok(isValidCommandBytes(commandToBytes('sendheaders')));
  assert.ok(isValidCommandBytes(commandToBytes('abcdefghijkl'))); // 12 characters, no NUL
  assert.ok(isValidCommandBytes(new Uint8Array(12))); // empty command: valid, unknown
  assert.ok(isValidCommandBytes(cmd('7e20'))); // '~' and ' ' are printable
  assert.ok(!isValidCommandBytes(cmd('70696e670061'))); // non-NUL after the first NUL
  assert.ok(!isValidCommandBytes(cmd('1f'))); // control character
  assert.ok(!isValidCommandBytes(cmd('7f'))); // DEL
  assert.ok(!isValidCommandBytes(cmd('80'))); // high bit
  assert.throws(() => commandToBytes('abcdefghijklm'), AssertionError);
  assert.throws(() => commandToBytes('tab\t'), AssertionError);
  assert.throws(() => encodeFrame(OCEAN_MAGIC, 'block', new Uint8Array(MAX_PROTOCOL_MESSAGE_LENGTH + 1)), AssertionError);
});

test('many frames in one chunk and one byte at a time give the same messages', () => {
  const frames = Array.from({ length: 20 }, (_, i) => frameMessage(OCEAN_MAGIC, new PingMessage(BigInt(i))));
  const stream = cat(...frames, encodeFrame(OCEAN_MAGIC, 'verack', new Uint8Array(0)));
  const whole = summary(new FrameDecoder(OCEAN_MAGIC).push(stream));
  assert.equal(whole.length, 21);
  assert.equal(whole[20], 'msg:verack:');
  const d = new FrameDecoder(OCEAN_MAGIC);
  const byByte: FrameEvent[] = [];
  for (const b of stream) byByte.push(...d.push(Uint8Array.of(b)));
  assert.deepEqual(summary(byByte), whole);
  assert.ok(d.idle);
  assert.equal(d.bufferedBytes, 0);
});

test('payloads are copies: later changes to the pushed chunk do not leak into them', () => {
  const stream = frameMessage(OCEAN_MAGIC, new PingMessage(5n));
  const [e] = new FrameDecoder(OCEAN_MAGIC).push(stream);
  stream.fill(0);
  assert.ok(e!.type === 'message' && hexOf(e!.payload) === '0500000000000000');
});

test('bad checksum and bad command skip one frame; decoding continues', () => {
  const ok1 = frameMessage(OCEAN_MAGIC, new PingMessage(1n));
  const badSum = rawFrame({ command: commandToBytes('pong'), payload: new Uint8Array(8), badChecksum: true });
  const badCmd = rawFrame({ command: Uint8Array.from([0x70, 0x00, 0x67, ...new Uint8Array(9)]), payload: new Uint8Array(100) });
  const ok2 = frameMessage(OCEAN_MAGIC, new PingMessage(2n));
  const d = new FrameDecoder(OCEAN_MAGIC);
  const events = d.push(cat(ok1, badSum, badCmd, ok2));
  assert.deepEqual(summary(events), ['msg:ping:0100000000000000', 'err:bad-checksum:pong', 'err:bad-command:p', 'msg:ping:0200000000000000']);
  for (const e of events) if (e.type === 'error') assert.equal(e.error.fatal, false);
  assert.equal(d.failed, undefined);
});

test('a frame with an invalid command is skipped without buffering its payload', () => {
  const big = rawFrame({ command: Uint8Array.from([0x01, ...new Uint8Array(11)]), payload: new Uint8Array(1_000_000) });
  const d = new FrameDecoder(OCEAN_MAGIC);
  const events: FrameEvent[] = [];
  for (let i = 0; i < big.length; i += 4096) {
    events.push(...d.push(big.subarray(i, i + 4096)));
    assert.ok(d.bufferedBytes <= MESSAGE_HEADER_SIZE);
  }
  assert.deepEqual(summary(events), ['err:bad-command:\x01']);
});

test('bad magic is fatal: earlier frames are delivered, later input ignored', () => {
  const ok = frameMessage(OCEAN_MAGIC, new PingMessage(1n));
  const wrong = encodeFrame(Uint8Array.of(0xf9, 0xbe, 0xb4, 0xd9), 'ping', new Uint8Array(8));
  const d = new FrameDecoder(OCEAN_MAGIC);
  const events = d.push(cat(ok, wrong, ok));
  assert.deepEqual(summary(events), ['msg:ping:0100000000000000', 'err:bad-magic:ping']);
  const err = (events[1] as { error: FrameError }).error;
  assert.ok(err instanceof FrameError && err.fatal);
  assert.equal(d.failed, err);
  assert.deepEqual(d.push(ok), []);
  assert.equal(d.bufferedBytes, 0);
});

test('oversized length is fatal on the header, before any payload is allocated', () => {
  const d = new FrameDecoder(OCEAN_MAGIC);
  const header = new MessageHeader(OCEAN_MAGIC, commandToBytes('block'), MAX_PROTOCOL_MESSAGE_LENGTH + 1, new Uint8Array(4));
  const events = d.push(header.toBytes());
  assert.deepEqual(summary(events), ['err:oversized:block']);
  assert.equal((events[0] as { error: FrameError }).error.length, MAX_PROTOCOL_MESSAGE_LENGTH + 1);
  assert.equal(d.bufferedBytes, 0);
  // a custom bound
  const small = new FrameDecoder(OCEAN_MAGIC, 10);
  assert.deepEqual(summary(small.push(encodeFrame(OCEAN_MAGIC, 'ping', new Uint8Array(11)))), ['err:oversized:ping']);
});

test('a maximum-size payload is accepted, and the buffer grows with the bytes received', () => {
  const payload = new Uint8Array(MAX_PROTOCOL_MESSAGE_LENGTH).map((_, i) => i & 0xff);
  const frame = encodeFrame(OCEAN_MAGIC, 'block', payload);
  const d = new FrameDecoder(OCEAN_MAGIC);
  assert.deepEqual(d.push(frame.subarray(0, MESSAGE_HEADER_SIZE + 1)), []);
  // one payload byte received: far less than the declared 4 MB is held
  assert.ok(d.bufferedBytes <= 256 * 1024, `buffered ${d.bufferedBytes}`);
  let events: FrameEvent[] = [];
  for (let i = MESSAGE_HEADER_SIZE + 1; i < frame.length; i += 65_536) {
    events = events.concat(d.push(frame.subarray(i, i + 65_536)));
    assert.ok(d.bufferedBytes <= Math.max(256 * 1024, 2 * (i + 65_536)));
  }
  assert.equal(events.length, 1);
  assert.ok(events[0]!.type === 'message' && events[0]!.payload.length === payload.length && events[0]!.payload[999_999] === (999_999 & 0xff));
});

test('a truncated stream yields nothing until the rest arrives', () => {
  const frame = frameMessage(OCEAN_MAGIC, new PingMessage(9n));
  const d = new FrameDecoder(OCEAN_MAGIC);
  assert.deepEqual(d.push(frame.subarray(0, 30)), []);
  assert.ok(!d.idle);
  assert.deepEqual(summary(d.push(frame.subarray(30))), ['msg:ping:0900000000000000']);
  assert.ok(d.idle);
});

// ---- fuzz ----

type Spec =
  | { kind: 'ok'; command: string; payload: Uint8Array }
  | { kind: 'bad-checksum'; command: string; payload: Uint8Array }
  | { kind: 'bad-command'; raw: Uint8Array; payload: Uint8Array };

const printable = fc.integer({ min: 0x20, max: 0x7e });
const arbCommand = fc.array(printable, { minLength: 0, maxLength: 12 }).map((a) => String.fromCharCode(...a));
const arbInvalidCommand = fc
  .tuple(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.nat({ max: 11 }), fc.constantFrom(0x00, 0x1f, 0x7f, 0xff))
  .map(([b, at, v]) => {
    const c = b.slice();
    // force at least one violation: a bad byte, or a non-NUL after a NUL
    if (v === 0) {
      c[at] = 0;
      c[11] = c[11] === 0 ? 0x41 : c[11]!;
      if (at === 11) c[10] = 0;
    } else c[at] = v;
    return c;
  })
  .filter((c) => !isValidCommandBytes(c));
const arbPayload = fc.uint8Array({ maxLength: 300 });
const arbSpec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(arbCommand, arbPayload).map(([command, payload]) => ({ kind: 'ok' as const, command, payload })) },
  { weight: 1, arbitrary: fc.tuple(arbCommand, arbPayload).map(([command, payload]) => ({ kind: 'bad-checksum' as const, command, payload })) },
  { weight: 1, arbitrary: fc.tuple(arbInvalidCommand, arbPayload).map(([raw, payload]) => ({ kind: 'bad-command' as const, raw, payload })) },
);

function specBytes(s: Spec): Uint8Array {
  if (s.kind === 'ok') return encodeFrame(OCEAN_MAGIC, s.command, s.payload);
  if (s.kind === 'bad-checksum') return rawFrame({ command: commandToBytes(s.command), payload: s.payload, badChecksum: true });
  return rawFrame({ command: s.raw, payload: s.payload });
}

function specSummary(s: Spec): string {
  if (s.kind === 'ok') return `msg:${s.command}:${hexOf(s.payload)}`;
  if (s.kind === 'bad-checksum') return `err:bad-checksum:${s.command}`;
  let c = '';
  for (let i = 0; i < 12 && s.raw[i] !== 0; i++) c += String.fromCharCode(s.raw[i]!);
  return `err:bad-command:${c}`;
}

test('fuzz: random streams of frames under random chunking decode to exactly the expected events', () => {
  const arbTail = fc.constantFrom('none', 'bad-magic', 'oversized', 'truncated');
  fc.assert(
    fc.property(fc.array(arbSpec, { maxLength: 25 }), arbTail, fc.array(fc.nat(), { maxLength: 40 }), (specs, tail, cuts) => {
      const parts = specs.map(specBytes);
      const expected = specs.map(specSummary);
      if (tail === 'bad-magic') {
        parts.push(encodeFrame(Uint8Array.of(1, 2, 3, 4), 'tx', new Uint8Array(3)), specBytes(specs[0] ?? { kind: 'ok', command: 'ping', payload: new Uint8Array(0) }));
        expected.push('err:bad-magic:tx');
      } else if (tail === 'oversized') {
        parts.push(new MessageHeader(OCEAN_MAGIC, commandToBytes('block'), 5001, new Uint8Array(4)).toBytes(), new Uint8Array(100));
        expected.push('err:oversized:block');
      } else if (tail === 'truncated') {
        parts.push(encodeFrame(OCEAN_MAGIC, 'tx', new Uint8Array(50)).subarray(0, 40));
      }
      const d = new FrameDecoder(OCEAN_MAGIC, 5000);
      const got = summary(feed(d, cat(...parts), cuts, 5000));
      assert.deepEqual(got, expected);
      assert.equal(d.failed !== undefined, tail === 'bad-magic' || tail === 'oversized');
      assert.equal(d.idle, tail !== 'truncated');
    }),
    { numRuns: 300 },
  );
});

test('fuzz: garbage input only ever yields typed events, never an exception, within the memory bound', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 2000 }),
        // garbage after a valid magic, so headers get parsed
        fc.uint8Array({ maxLength: 2000 }).map((g) => cat(OCEAN_MAGIC, g)),
        // valid frames with random byte flips
        fc.tuple(fc.array(arbSpec, { maxLength: 8 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 6 })).map(([specs, flips]) => {
          const s = cat(...specs.map(specBytes));
          for (const [at, v] of flips) if (s.length > 0) s[at % s.length] = v;
          return s;
        }),
      ),
      fc.array(fc.nat(), { maxLength: 20 }),
      (stream, cuts) => {
        const d = new FrameDecoder(OCEAN_MAGIC, 1000);
        const events = feed(d, stream, cuts, 1000);
        for (const e of events) {
          if (e.type === 'error') assert.ok(e.error instanceof FrameError);
          else assert.ok(e.payload.length <= 1000);
        }
        const fatal = events.filter((e) => e.type === 'error' && e.error.fatal);
        assert.ok(fatal.length <= 1);
        if (fatal.length === 1) assert.equal(events[events.length - 1], fatal[0]);
      },
    ),
    { numRuns: 400 },
  );
});
