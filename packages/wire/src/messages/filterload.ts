import { BloomFilter, assert } from '@ocean-ts/core';
import { MAX_BLOOM_FILTER_SIZE, MAX_HASH_FUNCS } from '../protocol/limits.js';
import { checkLimit, decodePayload, encodePayload } from './payload.js';
import type { WireMessage } from './wire-message.js';

/** `BLOOM_UPDATE_*` flags of a bloom filter (low two bits of `flags`); defined with core's `BloomFilter`. */
export { BLOOM_UPDATE_NONE, BLOOM_UPDATE_ALL, BLOOM_UPDATE_P2PUBKEY_ONLY, BLOOM_UPDATE_MASK } from '@ocean-ts/core';

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

  /** The message loading `filter`. */
  static fromFilter(filter: BloomFilter): FilterLoadMessage {
    return new FilterLoadMessage(filter.data, filter.hashFuncs, filter.tweak, filter.flags);
  }

  /** The filter it loads (`UpdateEmptyFull` applied). */
  toFilter(): BloomFilter {
    return BloomFilter.load(this.filter, this.hashFuncs, this.tweak, this.flags);
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
