/**
 * `banlist.dat` in Bitcoin Core 0.14's `CBanDB` format: the chain's 4-byte message start, the
 * serialized `banmap_t` (`std::map<CSubNet, CBanEntry>`: CompactSize count, then per entry the subnet
 * — 16-byte network, 16-byte netmask, 1-byte valid flag — and the entry — int32 version 1, int64
 * create time, int64 ban end, uint8 reason), then the double-SHA256 of everything before it.
 */
import { Reader, Writer, bytesEqual, sha256d } from '@ocean-ts/core';
import type { BanEntry, BanReason } from './ban-list.js';
import { NetSubnet } from './net-subnet.js';

/** `CBanEntry::CURRENT_VERSION`. */
const BAN_ENTRY_VERSION = 1;
/** `BanReason` numbers: unknown 0, node misbehaving 1, manually added 2. */
const REASON_CODES: Readonly<Record<BanReason, number>> = { 'node misbehaving': 1, 'manually added': 2 };
const CHECKSUM_SIZE = 32;
const ENTRY_SIZE = 16 + 16 + 1 + 4 + 8 + 8 + 1;

/** Why a `banlist.dat` was not loaded: the text Core's `CBanDB::Read` logs (after `ERROR: `). */
export class BanListFileError extends Error {
  override readonly name = 'BanListFileError';
}

export function encodeBanList(entries: readonly BanEntry[], messageStart: Uint8Array): Uint8Array {
  const w = new Writer(messageStart.length + 9 + entries.length * ENTRY_SIZE + CHECKSUM_SIZE);
  w.bytes(messageStart).compactSize(entries.length);
  for (const e of entries) {
    w.bytes(e.subnet.network).bytes(e.subnet.netmask).u8(e.subnet.valid ? 1 : 0);
    w.i32le(BAN_ENTRY_VERSION).i64le(BigInt(e.createTime)).i64le(BigInt(e.banUntil)).u8(REASON_CODES[e.reason]);
  }
  w.bytes(sha256d(w.finish().slice()));
  return w.finish();
}

/** `CBanDB::Read`; throws `BanListFileError` with Core's message. */
export function decodeBanList(file: Uint8Array, messageStart: Uint8Array): BanEntry[] {
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length < CHECKSUM_SIZE) throw new BanListFileError('Read: Deserialize or I/O error - CAutoFile::read: end of file');
  const data = bytes.subarray(0, bytes.length - CHECKSUM_SIZE);
  if (!bytesEqual(sha256d(data), bytes.subarray(data.length))) throw new BanListFileError('Read: Checksum mismatch, data corrupted');
  if (data.length < messageStart.length || !bytesEqual(data.subarray(0, messageStart.length), messageStart)) {
    throw new BanListFileError('Read: Invalid network magic number');
  }
  const r = new Reader(data.subarray(messageStart.length));
  try {
    const n = r.count(ENTRY_SIZE, 'ban entries');
    const out: BanEntry[] = [];
    for (let i = 0; i < n; i++) {
      const network = r.bytesCopy(16, 'subnet network');
      const netmask = r.bytesCopy(16, 'subnet netmask');
      const valid = r.u8() !== 0;
      r.i32le(); // entry version
      const createTime = Number(r.i64le());
      const banUntil = Number(r.i64le());
      const code = r.u8();
      out.push({ subnet: NetSubnet.fromParts(network, netmask, valid), createTime, banUntil, reason: code === REASON_CODES['manually added'] ? 'manually added' : 'node misbehaving' });
    }
    return out;
  } catch (e) {
    throw new BanListFileError(`Read: Deserialize or I/O error - ${e instanceof Error ? e.message : String(e)}`);
  }
}
