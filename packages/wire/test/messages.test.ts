import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DecodeError, Writer, toHex } from '@ocean-ts/core';
import {
  AddrMessage,
  CompactBlockMessage,
  FilterAddMessage,
  FilterLoadMessage,
  FrameDecoder,
  GetBlockTxnMessage,
  GetHeadersMessage,
  HeadersMessage,
  InvMessage,
  GetDataMessage,
  NotFoundMessage,
  MAX_INV_SZ,
  MessageLimitError,
  OCEAN_MAGIC,
  PingMessage,
  PrefilledTransaction,
  RejectMessage,
  SUPPORTED_COMMANDS,
  SendCmpctMessage,
  UnknownMessage,
  VersionMessage,
  decodeMessage,
  frameMessage,
  type KnownMessage,
} from '../src/index.js';
import { MESSAGE_ARBITRARIES } from './support/message-arbitraries.js';
import { arbHeader, arbTransaction } from './support/core-arbitraries.js';

const RUNS = 120;

/** Bytes from a hex string with spaces. */
const hb = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

function expectDecodeError(command: string, payload: Uint8Array, match?: RegExp): void {
  assert.throws(
    () => decodeMessage(command, payload),
    (e: unknown) => e instanceof DecodeError && (match === undefined || match.test(e.message)),
    `${command} should fail with DecodeError${match ? ` ${match}` : ''}`,
  );
}

function expectLimit(command: string, payload: Uint8Array, limit: string, actual: number): void {
  assert.throws(
    () => decodeMessage(command, payload),
    (e: unknown) => e instanceof MessageLimitError && e.limit === limit && e.actual === actual && e.command === command,
    `${command} should exceed ${limit}`,
  );
}

test('the 26 commands of ocean-core-p2p.md §3 are supported, in Core order', () => {
  assert.deepEqual(
    SUPPORTED_COMMANDS,
    'version verack addr inv getdata merkleblock getblocks getheaders tx headers block getaddr mempool ping pong notfound filterload filteradd filterclear reject sendheaders feefilter sendcmpct cmpctblock getblocktxn blocktxn'.split(' '),
  );
  assert.deepEqual(Object.keys(MESSAGE_ARBITRARIES).sort(), [...SUPPORTED_COMMANDS].sort());
});

for (const command of SUPPORTED_COMMANDS) {
  test(`${command}: decode(encode(x)) re-encodes to the same bytes, also through a frame`, () => {
    fc.assert(
      fc.property(MESSAGE_ARBITRARIES[command as KnownMessage['command']], (msg) => {
        assert.equal(msg.command, command);
        const bytes = msg.encode();
        const back = decodeMessage(command, bytes);
        assert.equal(back.command, command);
        assert.ok(!(back instanceof UnknownMessage));
        assert.equal(toHex(back.encode()), toHex(bytes));
        const events = new FrameDecoder(OCEAN_MAGIC).push(frameMessage(OCEAN_MAGIC, msg));
        assert.equal(events.length, 1);
        assert.ok(events[0]!.type === 'message' && events[0]!.command === command && toHex(events[0]!.payload) === toHex(bytes));
        // one trailing byte is never accepted (0x02: not even as version's optional relay bool)
        const longer = new Uint8Array(bytes.length + 1).fill(2);
        longer.set(bytes);
        assert.throws(() => decodeMessage(command, longer), DecodeError);
      }),
      { numRuns: command === 'block' || command === 'cmpctblock' ? 60 : RUNS },
    );
  });

  test(`${command}: arbitrary and mutated payloads fail with a typed error or re-encode to themselves`, () => {
    const arb = MESSAGE_ARBITRARIES[command as KnownMessage['command']];
    const mutated = fc.tuple(arb, fc.nat(), fc.nat({ max: 255 }), fc.nat()).map(([m, at, v, cut]) => {
      const b = m.encode().slice();
      if (b.length > 0) b[at % b.length] = v;
      return cut % 3 === 0 ? b.subarray(0, cut % (b.length + 1)) : b;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated), (payload) => {
        let msg;
        try {
          msg = decodeMessage(command, payload);
        } catch (e) {
          assert.ok(e instanceof DecodeError || e instanceof MessageLimitError, `untyped error ${String(e)}`);
          return;
        }
        const again = msg.encode();
        if (toHex(again) !== toHex(payload)) {
          // the one non-canonical transaction form core accepts (a flagged null issuance) is
          // canonicalised; re-encoding is then stable
          assert.ok(['tx', 'block', 'cmpctblock', 'blocktxn'].includes(command), `${command} did not re-encode to its input`);
          assert.equal(toHex(decodeMessage(command, again).encode()), toHex(again));
        }
      }),
      { numRuns: RUNS },
    );
  });
}

test('unknown commands come back as UnknownMessage with the payload', () => {
  const m = decodeMessage('xthinblock', hb('0102'));
  assert.ok(m instanceof UnknownMessage);
  assert.equal(m.command, 'xthinblock');
  assert.equal(toHex(m.encode()), '0102');
});

test('empty-payload messages reject any payload', () => {
  for (const c of ['verack', 'getaddr', 'mempool', 'sendheaders', 'filterclear']) expectDecodeError(c, hb('00'), /trailing/);
});

test('non-minimal CompactSize counts are rejected as in core', () => {
  expectDecodeError('inv', hb('fd0000'), /non-canonical ReadCompactSize/);
  expectDecodeError('addr', hb('fe01000000'), /non-canonical ReadCompactSize/);
  expectDecodeError('headers', hb('ff0100000000000000'), /non-canonical ReadCompactSize/);
  expectDecodeError('filteradd', hb('fd0100 00'), /non-canonical ReadCompactSize/);
  expectDecodeError('getblocktxn', new Uint8Array([...new Uint8Array(32), 0x01, 0xfd, 0x05, 0x00]), /non-canonical ReadCompactSize/);
  // above MAX_SIZE
  expectDecodeError('inv', hb('fe01000002'), /size too large/);
});

/** `Vector<CInv>` with `n` entries (type 1, hash = index). */
function invPayload(n: number): Uint8Array {
  const w = new Writer(5 + 36 * n);
  w.compactSize(n);
  for (let i = 0; i < n; i++) w.u32le(1).u32le(i).bytes(new Uint8Array(28));
  return w.finish();
}

test('inv / getdata / notfound: at most MAX_INV_SZ entries; a count beyond the payload fails before allocating', () => {
  for (const c of ['inv', 'getdata', 'notfound']) {
    assert.equal((decodeMessage(c, invPayload(MAX_INV_SZ)) as InvMessage | GetDataMessage | NotFoundMessage).items.length, MAX_INV_SZ);
    expectLimit(c, invPayload(MAX_INV_SZ + 1), 'MAX_INV_SZ', MAX_INV_SZ + 1);
    // a huge count with a short payload is "end of data", as Core's vector read fails first
    expectDecodeError(c, hb('fe00000002 01000000'), /end of data/);
    expectDecodeError(c, hb('fd50c3'), /end of data/);
  }
});

test('addr: at most 1000 addresses, 30 bytes each with the time field', () => {
  const payload = (n: number) => {
    const w = new Writer();
    w.compactSize(n);
    for (let i = 0; i < n; i++) w.u32le(i).u64le(1n).bytes(new Uint8Array(16)).u8(0x1b).u8(0x82);
    return w.finish();
  };
  const ok = AddrMessage.decode(payload(1000));
  assert.equal(ok.addresses.length, 1000);
  assert.equal(ok.addresses[7]!.time, 7);
  assert.equal(ok.addresses[7]!.address.port, 7042);
  expectLimit('addr', payload(1001), 'MAX_ADDR_TO_SEND', 1001);
  expectDecodeError('addr', payload(3).subarray(0, 60), /end of data/);
});

test('headers: at most 2000, checked on the count before the entries (Core order); tx count must be 0', () => {
  const header = fc.sample(arbHeader, 1)[0]!;
  const entry = (tx: number) => {
    const w = new Writer();
    header.write(w, true);
    w.compactSize(tx);
    return w.finish();
  };
  const payload = (n: number, tx = 0) => Uint8Array.from([...new Writer().compactSize(n).finish(), ...Array.from({ length: n }, () => [...entry(tx)]).flat()]);
  assert.equal(HeadersMessage.decode(payload(2000)).headers.length, 2000);
  // the count alone is enough for the limit, whatever follows
  expectLimit('headers', hb('fdd107'), 'MAX_HEADERS_RESULTS', 2001);
  expectDecodeError('headers', hb('fdd007'), /end of data/);
  expectDecodeError('headers', payload(2, 1), /transaction count 1/);
});

test('getblocks / getheaders: locator version, hashes bounded by the payload, stop hash', () => {
  const w = new Writer();
  w.i32le(70015).compactSize(2).bytes(new Uint8Array(32).fill(1)).bytes(new Uint8Array(32).fill(2)).bytes(new Uint8Array(32).fill(3));
  const m = GetHeadersMessage.decode(w.finish());
  assert.equal(m.locator.version, 70015);
  assert.equal(m.locator.hashes.length, 2);
  assert.equal(m.hashStop[0], 3);
  expectDecodeError('getblocks', hb('7f110100 fe40420f00'), /end of data/);
  expectDecodeError('getheaders', hb('7f110100 00'), /end of data/); // no stop hash
});

test('version: optional tail groups as Core reads them; bools must be 0 or 1; user agent ≤ 256', () => {
  const full = fc.sample(MESSAGE_ARBITRARIES.version, 50).find((m) => (m as VersionMessage).fields.relay !== undefined)! as VersionMessage;
  const bytes = full.encode();
  // cut inside addr_from/nonce → end of data; cut exactly between groups → accepted
  const base = 4 + 8 + 8 + 26;
  assert.equal(VersionMessage.decode(bytes.subarray(0, base)).fields.nonce, undefined);
  expectDecodeError('version', bytes.subarray(0, base + 10), /end of data/);
  expectDecodeError('version', bytes.subarray(0, base - 1), /end of data/);
  const relayAt = bytes.length - 1;
  const bad = bytes.slice();
  bad[relayAt] = 2;
  expectDecodeError('version', bad, /non-canonical bool/);
  const longUa = new VersionMessage({ ...full.fields, userAgent: 'x'.repeat(256) }).encode();
  assert.equal(VersionMessage.decode(longUa).fields.userAgent!.length, 256);
  const w = new Writer();
  w.bytes(bytes.subarray(0, base + 34)).compactSize(257).bytes(new Uint8Array(257).fill(0x41)).i32le(1).u8(1);
  expectDecodeError('version', w.finish(), /String length limit exceeded/);
});

test('ping: empty (pre-BIP31) or 8 bytes; pong needs the nonce', () => {
  assert.equal(PingMessage.decode(new Uint8Array(0)).nonce, undefined);
  assert.equal(new PingMessage().encode().length, 0);
  expectDecodeError('ping', hb('0102'), /end of data/);
  expectDecodeError('pong', new Uint8Array(0), /end of data/);
});

test('reject: command ≤ 12, reason ≤ 111, optional 32-byte hash, REJECT_PEGIN code', () => {
  const m = RejectMessage.decode(new RejectMessage('tx', 0x44, 'pegin-no-witness', new Uint8Array(32).fill(9)).encode());
  assert.equal(m.code, 0x44);
  assert.equal(m.reason, 'pegin-no-witness');
  assert.equal(m.data![0], 9);
  const w = new Writer();
  w.compactSize(13).bytes(new Uint8Array(13).fill(0x61)).u8(1).compactSize(0);
  expectDecodeError('reject', w.finish(), /String length limit exceeded/);
  const w2 = new Writer();
  w2.compactSize(2).bytes(hb('7478')).u8(0x10).compactSize(112).bytes(new Uint8Array(112).fill(0x61));
  expectDecodeError('reject', w2.finish(), /String length limit exceeded/);
  const w3 = new Writer();
  w3.compactSize(0).u8(1).compactSize(0).bytes(new Uint8Array(31));
  expectDecodeError('reject', w3.finish(), /31 trailing bytes/);
});

test('sendcmpct: bool + uint64 version', () => {
  const m = SendCmpctMessage.decode(hb('01 0200000000000000'));
  assert.equal(m.announce, true);
  assert.equal(m.version, 2n);
  expectDecodeError('sendcmpct', hb('02 0200000000000000'), /non-canonical bool/);
});

test('filterload / filteradd: 36,000-byte filter, 50 hash functions, 520-byte element', () => {
  const load = (size: number, funcs: number) => new FilterLoadMessage(new Uint8Array(size), funcs, 7, 1).encode();
  assert.equal(FilterLoadMessage.decode(load(36_000, 50)).filter.length, 36_000);
  expectLimit('filterload', load(36_001, 1), 'MAX_BLOOM_FILTER_SIZE', 36_001);
  expectLimit('filterload', load(10, 51), 'MAX_HASH_FUNCS', 51);
  // truncated after the filter: a parse error, not a limit (Core parses the whole filter first)
  expectDecodeError('filterload', load(36_001, 1).subarray(0, 36_004), /end of data/);
  assert.equal(FilterAddMessage.decode(new FilterAddMessage(new Uint8Array(520)).encode()).data.length, 520);
  expectLimit('filteradd', new FilterAddMessage(new Uint8Array(521)).encode(), 'MAX_SCRIPT_ELEMENT_SIZE', 521);
});

test('getblocktxn: differential indexes, 16-bit overflow rejected like Core', () => {
  const hash = new Uint8Array(32).fill(5);
  const m = new GetBlockTxnMessage(hash, [0, 1, 5, 65_535]);
  // diffs: 0, 0, 3, 65529
  assert.equal(toHex(m.encode()), toHex(hash) + '04' + '00' + '00' + '03' + 'fdf9ff');
  assert.deepEqual(GetBlockTxnMessage.decode(m.encode()).indexes, [0, 1, 5, 65_535]);
  expectDecodeError('getblocktxn', Uint8Array.from([...hash, 1, 0xfe, 0x00, 0x00, 0x01, 0x00]), /index overflowed 16 bits/);
  expectDecodeError('getblocktxn', Uint8Array.from([...hash, 2, 0xfd, 0xff, 0xff, 0x00]), /indexes overflowed 16 bits/);
  expectDecodeError('getblocktxn', Uint8Array.from([...hash, 0xfe, 0x00, 0x00, 0x01, 0x00]), /end of data/);
});

test('cmpctblock: short ids as uint32 + uint16, differential prefilled indexes, index overflow', () => {
  const [header] = fc.sample(arbHeader, 1);
  const txs = fc.sample(arbTransaction, 3);
  const m = new CompactBlockMessage(header!, 7n, [0x0000_1122_3344_5566n], [new PrefilledTransaction(0, txs[0]!), new PrefilledTransaction(3, txs[1]!)], false);
  const bytes = m.encode();
  const hdr = header!.toBytes(true);
  const at = hdr.length + 8;
  assert.equal(toHex(bytes.subarray(hdr.length, at)), '0700000000000000');
  assert.equal(toHex(bytes.subarray(at, at + 7)), '01' + '66554433' + '2211');
  assert.equal(bytes[at + 7], 2); // prefilled count
  assert.equal(bytes[at + 8], 0); // first index 0 → diff 0
  const back = CompactBlockMessage.decode(bytes);
  assert.deepEqual(back.prefilled.map((p) => p.index), [0, 3]);
  // a differential index that fits 16 bits but makes the absolute index overflow
  const w = new Writer();
  header!.write(w, true);
  w.u64le(7n).compactSize(0).compactSize(2).compactSize(0xffff);
  txs[0]!.write(w, true);
  w.compactSize(0);
  txs[1]!.write(w, true);
  expectLimit('cmpctblock', w.finish(), 'MAX_BLOCKTXN_INDEX', 0x10000);
  const w2 = new Writer();
  header!.write(w2, true);
  w2.u64le(7n).compactSize(0).compactSize(1).compactSize(0x10000);
  txs[0]!.write(w2, true);
  expectDecodeError('cmpctblock', w2.finish(), /index overflowed 16-bits/);
});
