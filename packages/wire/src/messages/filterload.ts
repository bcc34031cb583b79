import { assert } from '@ocean-ts/core';
import { MAX_BLOOM_FILTER_SIZE, MAX_HASH_FUNCS } from '../protocol/limits.js';
import { checkLimit, decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `BLOOM_UPDATE_*` flags of a bloom filter (low two bits of `flags`). */
export const BLOOM_UPDATE_NONE = 0;
export const BLOOM_UPDATE_ALL = 1;
export const BLOOM_UPDATE_P2PUBKEY_ONLY = 2;
export const BLOOM_UPDATE_MASK = 3;

/**
 * `filterload` (BIP37): `CBloomFilter` = VarBytes filter, uint32 hash function count, uint32
 * tweak, uint8 flags. After parsing, a filter above 36,000 bytes or 50 hash functions is a
 * `MessageLimitError` (Core: `IsWithinSizeConstraints` fails → `Misbehaving(100)`).
 */
export class FilterLoadMessage implements WireMessage {
  static readonly COMMAND = 'filterload';
  readonly command = FilterLoadMessage.COMMAND;

  constructor(
    readonly filter: Uint8Array,
    readonly hashFuncs: number,
    readonly tweak: number,
    readonly flags: number,
  ) {
    assert(Number.isInteger(hashFuncs) && hashFuncs >= 0 && hashFuncs <= 0xffffffff, 'hash function count is a uint32');
    assert(Number.isInteger(tweak) && tweak >= 0 && tweak <= 0xffffffff, 'tweak is a uint32');
    assert(Number.isInteger(flags) && flags >= 0 && flags <= 0xff, 'flags is a uint8');
  }

  encode(): Uint8Array {
    return encodePayload((w) => w.varBytes(this.filter).u32le(this.hashFuncs).u32le(this.tweak).u8(this.flags), this.filter.length + 14);
  }

  static decode(payload: Uint8Array): FilterLoadMessage {
    const m = decodePayload(payload, FilterLoadMessage.COMMAND, (r) => new FilterLoadMessage(r.varBytes('bloom filter'), r.u32le(), r.u32le(), r.u8()));
    checkLimit(FilterLoadMessage.COMMAND, 'MAX_BLOOM_FILTER_SIZE', MAX_BLOOM_FILTER_SIZE, m.filter.length);
    checkLimit(FilterLoadMessage.COMMAND, 'MAX_HASH_FUNCS', MAX_HASH_FUNCS, m.hashFuncs);
    return m;
  }
}
