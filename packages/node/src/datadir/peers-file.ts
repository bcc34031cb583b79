/**
 * `peers.dat` in Bitcoin Core 0.14's `CAddrDB` format: the chain's 4-byte message start, the
 * serialized `CAddrMan`, then the double-SHA256 of everything before it. oceand has no address
 * manager yet, so it writes an empty one (a fresh random key, no entries) and keeps the tables of a
 * file it read unchanged.
 */
import { Reader, Writer, bytesEqual, sha256d } from '@ocean-ts/core';

/** `ADDRMAN_NEW_BUCKET_COUNT`. */
export const ADDRMAN_NEW_BUCKET_COUNT = 1 << 10;
/** `ADDRMAN_TRIED_BUCKET_COUNT`. */
export const ADDRMAN_TRIED_BUCKET_COUNT = 1 << 8;
/** `ADDRMAN_BUCKET_SIZE`. */
export const ADDRMAN_BUCKET_SIZE = 1 << 6;
/** The serialization version `CAddrMan::Serialize` writes in 0.14. */
export const ADDRMAN_FORMAT_VERSION = 1;
/** A `CAddrInfo` on disk: CAddress (nVersion, nTime, nServices, ip, port), source ip, nLastSuccess, nAttempts. */
const ADDR_INFO_SIZE = 4 + 4 + 8 + 16 + 2 + 16 + 8 + 4;
const CHECKSUM_SIZE = 32;

/** Why a `peers.dat` was not loaded: the text Core's `CAddrDB::Read` logs (after `ERROR: `). */
export class PeersFileError extends Error {
  override readonly name = 'PeersFileError';
}

/** The serialized address manager from a `peers.dat`, kept as bytes. */
export class PeersFile {
  private constructor(
    /** `nKey`, the secret that places addresses in buckets. */
    readonly key: Uint8Array,
    /** Entries in the "new" table (`nNew`). */
    readonly newCount: number,
    /** Entries in the "tried" table (`nTried` as stored). */
    readonly triedCount: number,
    /** The `CAddrMan` serialization (version byte through the last bucket). */
    readonly addrman: Uint8Array,
  ) {}

  /** An empty address manager with `key` (Core: `GetRandHash()` in `CAddrMan::Clear`). */
  static empty(key: Uint8Array): PeersFile {
    if (key.length !== 32) throw new RangeError('addrman key must be 32 bytes');
    const w = new Writer(4 * ADDRMAN_NEW_BUCKET_COUNT + 64);
    w.u8(ADDRMAN_FORMAT_VERSION).u8(32).bytes(key);
    w.i32le(0).i32le(0); // nNew, nTried
    w.i32le(ADDRMAN_NEW_BUCKET_COUNT ^ (1 << 30));
    for (let bucket = 0; bucket < ADDRMAN_NEW_BUCKET_COUNT; bucket++) w.i32le(0);
    return new PeersFile(key.slice(), 0, 0, w.finish());
  }

  /** A serialized `CAddrMan` (e.g. from the address manager), validated as `decode` does. */
  static fromSerialized(addrman: Uint8Array): PeersFile {
    return PeersFile.read(new Reader(addrman));
  }

  /** The whole file: message start, address manager, checksum. */
  encode(messageStart: Uint8Array): Uint8Array {
    const w = new Writer(messageStart.length + this.addrman.length + CHECKSUM_SIZE);
    w.bytes(messageStart).bytes(this.addrman);
    const body = w.finish();
    const out = new Uint8Array(body.length + CHECKSUM_SIZE);
    out.set(body);
    out.set(sha256d(body), body.length);
    return out;
  }

  /**
   * Core's `CAddrDB::Read`: the checksum over all but the last 32 bytes, the message start, then a
   * full `CAddrMan::Unserialize` pass (bounds and limits checked, bytes after the tables ignored).
   * Throws `PeersFileError` with Core's message.
   */
  static decode(file: Uint8Array, messageStart: Uint8Array): PeersFile {
    const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength); // a Buffer's slices are Buffers
    if (bytes.length < CHECKSUM_SIZE) throw new PeersFileError('Read: Deserialize or I/O error - CAutoFile::read: end of file');
    const data = bytes.subarray(0, bytes.length - CHECKSUM_SIZE);
    if (!bytesEqual(sha256d(data), bytes.subarray(data.length))) throw new PeersFileError('Read: Checksum mismatch, data corrupted');
    if (data.length < messageStart.length) throw new PeersFileError('Read: Deserialize or I/O error - CDataStream::read(): end of data');
    if (!bytesEqual(data.subarray(0, messageStart.length), messageStart)) throw new PeersFileError('Read: Invalid network magic number');
    const r = new Reader(data.subarray(messageStart.length));
    try {
      return PeersFile.read(r);
    } catch (e) {
      const what = e instanceof PeersFileError ? e.message : 'CDataStream::read(): end of data';
      throw new PeersFileError(`Read: Deserialize or I/O error - ${what}`);
    }
  }

  /** `CAddrMan::Unserialize` (0.14) as a validating pass over `r`. */
  private static read(r: Reader): PeersFile {
    const start = r.offset;
    const version = r.u8();
    const keySize = r.u8();
    if (keySize !== 32) throw new PeersFileError('Incorrect keysize in addrman deserialization');
    const key = r.bytesCopy(32, 'addrman key');
    const nNew = r.i32le();
    const nTried = r.i32le();
    let nUBuckets = r.i32le();
    if (version !== 0) nUBuckets ^= 1 << 30;
    if (nNew > ADDRMAN_NEW_BUCKET_COUNT * ADDRMAN_BUCKET_SIZE) throw new PeersFileError('Corrupt CAddrMan serialization, nNew exceeds limit.');
    if (nTried > ADDRMAN_TRIED_BUCKET_COUNT * ADDRMAN_BUCKET_SIZE) throw new PeersFileError('Corrupt CAddrMan serialization, nTried exceeds limit.');
    const entries = Math.max(0, nNew) + Math.max(0, nTried);
    for (let n = 0; n < entries; n++) r.bytesView(ADDR_INFO_SIZE, 'addrman entry');
    // Every bucket costs at least 4 bytes, so a garbage count ends at the end of the data.
    for (let bucket = 0; bucket < nUBuckets; bucket++) {
      const size = r.i32le();
      for (let n = 0; n < size; n++) r.i32le();
    }
    return new PeersFile(key, Math.max(0, nNew), Math.max(0, nTried), r.bytes.slice(start, r.offset));
  }
}
