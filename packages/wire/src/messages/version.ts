import { DecodeError, assert } from '@ocean-ts/core';
import { MAX_SUBVERSION_LENGTH } from '../protocol/limits.js';
import { NetAddress } from '../types/net-address.js';
import { readBool, readLimitedString, writeString } from '../types/wire-string.js';
import { decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

export interface VersionFields {
  /** int32 protocol version (70015). */
  readonly version: number;
  /** uint64 service bits. */
  readonly services: bigint;
  /** int64 seconds since the epoch. */
  readonly time: bigint;
  /** The address of the receiving peer as seen by the sender (no time field). */
  readonly addrRecv: NetAddress;
  /** The sender's address (Core sends services + empty address). Present together with `nonce`. */
  readonly addrFrom?: NetAddress;
  /** uint64 nonce, detects connections to self. */
  readonly nonce?: bigint;
  /** User agent (`strSubVer`), at most 256 bytes. */
  readonly userAgent?: string;
  /** int32 best height of the sender. */
  readonly startHeight?: number;
  /** BIP37 relay flag (false with -blocksonly); absent means true. */
  readonly relay?: boolean;
}

/**
 * `version`: int32 version, uint64 services, int64 time, addr_recv, [addr_from, uint64 nonce,
 * [user agent, [int32 start height, [bool relay]]]] — the trailing groups are optional exactly as
 * Core 0.14 reads them (`if (!vRecv.empty())` before each). Addresses carry no time field.
 */
export class VersionMessage implements WireMessage {
  static readonly COMMAND = 'version';
  readonly command = VersionMessage.COMMAND;

  constructor(readonly fields: VersionFields) {
    const f = fields;
    assert(Number.isInteger(f.version) && f.version >= -0x80000000 && f.version <= 0x7fffffff, 'version is an int32');
    assert((f.addrFrom === undefined) === (f.nonce === undefined), 'addr_from and nonce go together');
    assert(f.userAgent === undefined || f.nonce !== undefined, 'user agent needs addr_from and nonce');
    assert(f.startHeight === undefined || f.userAgent !== undefined, 'start height needs the user agent');
    assert(f.relay === undefined || f.startHeight !== undefined, 'relay needs the start height');
    assert(f.userAgent === undefined || f.userAgent.length <= MAX_SUBVERSION_LENGTH, 'user agent is at most 256 bytes');
  }

  encode(): Uint8Array {
    const f = this.fields;
    return encodePayload((w) => {
      w.i32le(f.version).u64le(f.services).i64le(f.time);
      f.addrRecv.write(w);
      if (f.addrFrom === undefined || f.nonce === undefined) return;
      f.addrFrom.write(w);
      w.u64le(f.nonce);
      if (f.userAgent === undefined) return;
      writeString(w, f.userAgent);
      if (f.startHeight === undefined) return;
      w.i32le(f.startHeight);
      if (f.relay === undefined) return;
      w.u8(f.relay ? 1 : 0);
    }, 128);
  }

  static decode(payload: Uint8Array): VersionMessage {
    return decodePayload(payload, VersionMessage.COMMAND, (r) => {
      const version = r.i32le();
      const services = r.u64le();
      const time = r.i64le();
      const addrRecv = NetAddress.read(r);
      if (r.done) return new VersionMessage({ version, services, time, addrRecv });
      const addrFrom = NetAddress.read(r);
      const nonce = r.u64le();
      if (r.done) return new VersionMessage({ version, services, time, addrRecv, addrFrom, nonce });
      const userAgent = readLimitedString(r, MAX_SUBVERSION_LENGTH);
      if (r.done) return new VersionMessage({ version, services, time, addrRecv, addrFrom, nonce, userAgent });
      const startHeight = r.i32le();
      if (r.done) return new VersionMessage({ version, services, time, addrRecv, addrFrom, nonce, userAgent, startHeight });
      const relay = readBool(r, 'version relay');
      if (!r.done) throw new DecodeError(`version: ${r.remaining} unexpected trailing bytes`);
      return new VersionMessage({ version, services, time, addrRecv, addrFrom, nonce, userAgent, startHeight, relay });
    });
  }
}
