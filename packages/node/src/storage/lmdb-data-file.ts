import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import { StorageError } from './storage-error.js';

/*
 * Header check of an LMDB data file (data.mdb), done before lmdb-js opens it.
 *
 * Why: lmdb@3.5.6 crashes the whole process (SIGSEGV in EnvWrap::closeEnv) when mdb_env_open fails
 * on a file that is not a valid LMDB file (MDB_INVALID, MDB_VERSION_MISMATCH) instead of throwing.
 * So we read the two meta pages ourselves and refuse the file with a StorageError, mirroring LMDB's
 * own checks (mdb_env_read_header): meta flag, magic, data version; plus a page-size sanity check,
 * a valid second meta page, and a file at least as long as the pages the newest meta refers to (a
 * truncated file would otherwise fault with SIGBUS when a missing page is read).
 *
 * Layout (64-bit LMDB as built into lmdb-js, little-endian): each meta page starts with a 24-byte page
 * header (pgno u64, txnid u64, pad u16, flags u16, lower/upper u32), then MDB_meta: magic u32,
 * version u32, address u64, mapsize u64, two MDB_db records of 48 bytes (the first one's md_pad is
 * the page size), last_pg u64, txnid u64.
 */

const PAGE_HEADER = 24;
const P_META = 0x08;
const MDB_MAGIC = 0xbeefc0de;
const MDB_DATA_VERSION = 2;
const OFF_FLAGS = 18;
const OFF_MAGIC = PAGE_HEADER;
const OFF_VERSION = PAGE_HEADER + 4;
const OFF_PSIZE = PAGE_HEADER + 24;
const OFF_LAST_PG = PAGE_HEADER + 120;
const OFF_TXNID = PAGE_HEADER + 128;
const META_BYTES = PAGE_HEADER + 144;

interface Meta {
  readonly psize: number;
  readonly lastPage: bigint;
  readonly txnid: bigint;
}

function readMeta(file: string, page: Buffer, which: string): Meta {
  const corrupt = (what: string): StorageError =>
    new StorageError('corrupt', `${file} is not a valid lmdb data file (${which} meta page: ${what})`, file);
  if ((page.readUInt16LE(OFF_FLAGS) & P_META) === 0) throw corrupt('not a meta page');
  const magic = page.readUInt32LE(OFF_MAGIC);
  if (magic !== MDB_MAGIC) throw corrupt(`bad magic 0x${magic.toString(16)}`);
  const version = page.readUInt32LE(OFF_VERSION) & 0xffff;
  if (version !== MDB_DATA_VERSION) throw corrupt(`data format version ${version}, expected ${MDB_DATA_VERSION}`);
  const psize = page.readUInt32LE(OFF_PSIZE);
  if (psize < 512 || psize > 65536 || (psize & (psize - 1)) !== 0) throw corrupt(`implausible page size ${psize}`);
  return { psize, lastPage: page.readBigUInt64LE(OFF_LAST_PG), txnid: page.readBigUInt64LE(OFF_TXNID) };
}

/**
 * Throws a StorageError unless `file` is absent, empty (LMDB initialises both) or starts with two
 * valid LMDB meta pages and is long enough for the newest one.
 */
export function checkLmdbDataFile(file: string): void {
  let size: number;
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    if (st === undefined) return;
    if (!st.isFile()) throw new StorageError('unreadable', `${file} is not a regular file`, file);
    size = st.size;
  } catch (e) {
    if (e instanceof StorageError) throw e;
    throw new StorageError('unreadable', `cannot stat ${file}: ${(e as Error).message}`, file, { cause: e });
  }
  if (size === 0) return;
  if (endianness() !== 'LE') return; // the layout above is little-endian; LMDB checks the rest itself
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new StorageError('unreadable', `cannot open ${file}: ${(e as Error).message}`, file, { cause: e });
  }
  try {
    if (size < META_BYTES) {
      throw new StorageError('corrupt', `${file} is not a valid lmdb data file (only ${size} bytes)`, file);
    }
    const page = Buffer.alloc(META_BYTES);
    readSync(fd, page, 0, META_BYTES, 0);
    const m0 = readMeta(file, page, 'first');
    if (size < 2 * m0.psize) {
      throw new StorageError('corrupt', `${file} is truncated (${size} bytes, shorter than its two ${m0.psize}-byte meta pages)`, file);
    }
    readSync(fd, page, 0, META_BYTES, m0.psize);
    const m1 = readMeta(file, page, 'second');
    const newest = m1.txnid > m0.txnid ? m1 : m0;
    const needed = (newest.lastPage + 1n) * BigInt(newest.psize);
    const actual = BigInt(fstatSync(fd).size);
    if (actual < needed) {
      throw new StorageError('corrupt', `${file} is truncated (${actual} bytes, its newest meta page needs ${needed})`, file);
    }
  } catch (e) {
    if (e instanceof StorageError) throw e;
    throw new StorageError('unreadable', `cannot read ${file}: ${(e as Error).message}`, file, { cause: e });
  } finally {
    closeSync(fd);
  }
}
