import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Writer, sha256d, toHex } from '@ocean-ts/core';
import { ADDRMAN_NEW_BUCKET_COUNT, PeersFile, PeersFileError } from '../../src/datadir/peers-file.js';

const MAGIC = Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda);
const KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

/** Frame an address-manager payload as peers.dat: magic, payload, SHA256d checksum. */
function frame(payload: Uint8Array, magic = MAGIC): Uint8Array {
  const body = new Uint8Array([...magic, ...payload]);
  return new Uint8Array([...body, ...sha256d(body)]);
}

/** A CAddrMan serialization written field by field (independently of PeersFile.empty). */
function addrman(o: { version?: number; keySize?: number; nNew?: number; nTried?: number; entries?: number; buckets?: number[][] }): Uint8Array {
  const w = new Writer();
  w.u8(o.version ?? 1).u8(o.keySize ?? 32).bytes(KEY.subarray(0, o.keySize ?? 32));
  w.i32le(o.nNew ?? 0).i32le(o.nTried ?? 0);
  const buckets = o.buckets ?? Array.from({ length: ADDRMAN_NEW_BUCKET_COUNT }, () => []);
  w.i32le(buckets.length ^ (1 << 30));
  for (let i = 0; i < (o.entries ?? 0); i++) {
    // CAddrInfo: nVersion, nTime, nServices, ip (IPv4-mapped 127.0.0.1), port (BE), source ip, nLastSuccess, nAttempts
    w.i32le(140200).u32le(1_500_000_000 + i).u64le(1n);
    w.bytes(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1)).u8(0x1b).u8(0x82);
    w.bytes(new Uint8Array(16)).i64le(0n).i32le(0);
  }
  for (const b of buckets) {
    w.i32le(b.length);
    for (const idx of b) w.i32le(idx);
  }
  return w.finish();
}

test('an empty address manager is Core 0.14 peers.dat: magic, version 1, 32-byte key, no entries, 1024 empty buckets, SHA256d', () => {
  const bytes = PeersFile.empty(KEY).encode(MAGIC);
  assert.equal(bytes.length, 4 + 1 + 1 + 32 + 4 + 4 + 4 + 4 * 1024 + 32);
  assert.deepEqual(bytes, frame(addrman({})));
  assert.equal(toHex(bytes.subarray(0, 6)), 'fabfb5da0120');
  assert.equal(toHex(bytes.subarray(38, 50)), '00000000' + '00000000' + '00040040');
  const decoded = PeersFile.decode(bytes, MAGIC);
  assert.deepEqual(decoded.key, KEY);
  assert.equal(decoded.newCount, 0);
  assert.equal(decoded.triedCount, 0);
  assert.deepEqual(decoded.encode(MAGIC), bytes);
});

test('a file with addresses is accepted and its tables are kept byte for byte; trailing bytes are ignored', () => {
  const buckets: number[][] = Array.from({ length: ADDRMAN_NEW_BUCKET_COUNT }, () => []);
  buckets[7] = [0];
  buckets[900] = [1];
  const payload = addrman({ nNew: 2, nTried: 1, entries: 3, buckets });
  const decoded = PeersFile.decode(frame(new Uint8Array([...payload, 1, 2, 3]).subarray(0, payload.length)), MAGIC);
  assert.equal(decoded.newCount, 2);
  assert.equal(decoded.triedCount, 1);
  assert.deepEqual(decoded.addrman, payload);
  const withTrailing = frame(new Uint8Array([...payload, 9, 9, 9]));
  assert.deepEqual(PeersFile.decode(withTrailing, MAGIC).addrman, payload);
});

test('corrupt files are refused with Core’s CAddrDB::Read messages', () => {
  const good = PeersFile.empty(KEY).encode(MAGIC);
  const flipped = good.slice();
  flipped[100]! ^= 1;
  const cases: [string, Uint8Array, string][] = [
    ['flipped byte', flipped, 'Read: Checksum mismatch, data corrupted'],
    ['shorter than a checksum', good.subarray(0, 20), 'Read: Deserialize or I/O error - CAutoFile::read: end of file'],
    ['empty file', new Uint8Array(0), 'Read: Deserialize or I/O error - CAutoFile::read: end of file'],
    ['other network', frame(addrman({}), Uint8Array.of(0xf9, 0xbe, 0xb4, 0xd9)), 'Read: Invalid network magic number'],
    ['truncated tables', frame(addrman({}).subarray(0, 2000)), 'Read: Deserialize or I/O error - CDataStream::read(): end of data'],
    ['key size 31', frame(addrman({ keySize: 31 })), 'Read: Deserialize or I/O error - Incorrect keysize in addrman deserialization'],
    ['too many new', frame(addrman({ nNew: 1024 * 64 + 1 })), 'Read: Deserialize or I/O error - Corrupt CAddrMan serialization, nNew exceeds limit.'],
    ['too many tried', frame(addrman({ nTried: 256 * 64 + 1 })), 'Read: Deserialize or I/O error - Corrupt CAddrMan serialization, nTried exceeds limit.'],
    ['entries missing', frame(addrman({ nNew: 3, entries: 2 })), 'Read: Deserialize or I/O error - CDataStream::read(): end of data'],
    ['only the checksum of nothing', sha256d(new Uint8Array(0)), 'Read: Deserialize or I/O error - CDataStream::read(): end of data'],
  ];
  for (const [name, bytes, message] of cases) {
    assert.throws(() => PeersFile.decode(bytes, MAGIC), (e: unknown) => e instanceof PeersFileError && e.message === message, name);
  }
});

test('any byte string either decodes or fails with a PeersFileError (never another exception)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (body, checksummed) => {
      const bytes = checksummed ? frame(body) : body;
      try {
        const p = PeersFile.decode(bytes, MAGIC);
        assert.ok(p.addrman.length <= bytes.length);
      } catch (e) {
        assert.ok(e instanceof PeersFileError, String(e));
      }
    }),
  );
});

test('the key must be 32 bytes', () => {
  assert.throws(() => PeersFile.empty(new Uint8Array(31)), RangeError);
});
