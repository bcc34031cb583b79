import { murmurHash3 } from '../crypto/murmur-hash3.js';
import { Writer } from '../encoding/writer.js';
import { OpReader } from '../script/op-reader.js';
import { TxoutType, solver } from '../script/standard.js';
import { OutPoint } from '../primitives/outpoint.js';
import type { Transaction } from '../primitives/transaction.js';

/** `BLOOM_UPDATE_*`: what `IsRelevantAndUpdate` inserts for a matched output (low two bits of the flags). */
export const BLOOM_UPDATE_NONE = 0;
export const BLOOM_UPDATE_ALL = 1;
export const BLOOM_UPDATE_P2PUBKEY_ONLY = 2;
export const BLOOM_UPDATE_MASK = 3;

/** `MAX_BLOOM_FILTER_SIZE` (bytes) and `MAX_HASH_FUNCS` of a BIP37 filter. */
export const MAX_BLOOM_FILTER_SIZE = 36_000;
export const MAX_HASH_FUNCS = 50;

const LN2SQUARED = 0.4804530139182014246671025263266649717305529515945455;
const LN2 = 0.6931471805599453094172321214581765680755001343602552;

/**
 * Bitcoin Core 0.14's `CBloomFilter` (BIP37) over Ocean transactions: bit `MurmurHash3(n ·
 * 0xFBA4C795 + nTweak, data) mod (8 · size)` for each of the `nHashFuncs` hash functions, the
 * "full" (matches everything) and "empty" (matches nothing) shortcuts, and
 * `IsRelevantAndUpdate`, which matches a transaction by txid, by any data push of an output's
 * scriptPubKey (inserting that output's outpoint as the flags say), by a spent outpoint or by a
 * data push of a scriptSig.
 */
export class BloomFilter {
  private readonly bits: Uint8Array;
  private full: boolean;
  private empty: boolean;

  private constructor(
    bits: Uint8Array,
    readonly hashFuncs: number,
    readonly tweak: number,
    readonly flags: number,
    state: { readonly full: boolean; readonly empty: boolean },
  ) {
    this.bits = bits;
    this.full = state.full;
    this.empty = state.empty;
  }

  /**
   * `CBloomFilter(nElements, nFPRate, nTweak, nFlags)`: the size for `elements` items at the
   * false-positive rate `fpRate`, capped at the protocol limits.
   */
  static create(elements: number, fpRate: number, tweak: number, flags: number): BloomFilter {
    const bitCount = Math.min(Math.trunc((-1 / LN2SQUARED) * elements * Math.log(fpRate)) >>> 0, MAX_BLOOM_FILTER_SIZE * 8);
    const size = Math.floor(bitCount / 8);
    const hashFuncs = Math.min(Math.trunc(Math.floor((size * 8) / elements) * LN2) >>> 0, MAX_HASH_FUNCS);
    return new BloomFilter(new Uint8Array(size), hashFuncs, tweak >>> 0, flags & 0xff, { full: false, empty: true });
  }

  /** A `filterload`ed filter (`pfilter = new CBloomFilter(filter); UpdateEmptyFull()`). */
  static load(data: Uint8Array, hashFuncs: number, tweak: number, flags: number): BloomFilter {
    const f = new BloomFilter(Uint8Array.from(data), hashFuncs >>> 0, tweak >>> 0, flags & 0xff, { full: false, empty: true });
    f.updateEmptyFull();
    return f;
  }

  /** `CBloomFilter()`: no data, matches everything (a peer's filter before `filterload` and after `filterclear` in 0.14). */
  static matchAll(): BloomFilter {
    return new BloomFilter(new Uint8Array(0), 0, 0, 0, { full: true, empty: false });
  }

  /** The filter bits (a copy). */
  get data(): Uint8Array {
    return Uint8Array.from(this.bits);
  }

  get isFull(): boolean {
    return this.full;
  }

  get isEmpty(): boolean {
    return this.empty;
  }

  private hash(n: number, key: Uint8Array): number {
    return murmurHash3((Math.imul(n, 0xfba4c795) + this.tweak) >>> 0, key) % (this.bits.length * 8);
  }

  insert(key: Uint8Array): void {
    if (this.full || this.bits.length === 0) return;
    for (let i = 0; i < this.hashFuncs; i++) {
      const index = this.hash(i, key);
      this.bits[index >>> 3]! |= 1 << (7 & index);
    }
    this.empty = false;
  }

  /** `insert(COutPoint)`: the 36-byte serialization (txid, index). */
  insertOutPoint(outpoint: OutPoint): void {
    this.insert(outpointBytes(outpoint));
  }

  contains(key: Uint8Array): boolean {
    if (this.full) return true;
    if (this.empty || this.bits.length === 0) return false;
    for (let i = 0; i < this.hashFuncs; i++) {
      const index = this.hash(i, key);
      if ((this.bits[index >>> 3]! & (1 << (7 & index))) === 0) return false;
    }
    return true;
  }

  containsOutPoint(outpoint: OutPoint): boolean {
    return this.contains(outpointBytes(outpoint));
  }

  /** `IsWithinSizeConstraints`: at most 36,000 bytes and 50 hash functions. */
  isWithinSizeConstraints(): boolean {
    return this.bits.length <= MAX_BLOOM_FILTER_SIZE && this.hashFuncs <= MAX_HASH_FUNCS;
  }

  /** `clear()`. */
  clear(): void {
    this.bits.fill(0);
    this.full = false;
    this.empty = true;
  }

  /** `UpdateEmptyFull`: all bits set → matches everything; none → matches nothing. */
  updateEmptyFull(): void {
    let full = true;
    let empty = true;
    for (const b of this.bits) {
      full &&= b === 0xff;
      empty &&= b === 0;
    }
    this.full = full;
    this.empty = empty;
  }

  /**
   * `IsRelevantAndUpdate`: whether `tx` matches; a matched output's outpoint is inserted
   * (`BLOOM_UPDATE_ALL`, or `BLOOM_UPDATE_P2PUBKEY_ONLY` for pay-to-pubkey and bare multisig
   * outputs) so the transactions spending it match too.
   */
  isRelevantAndUpdate(tx: Transaction): boolean {
    if (this.full) return true;
    if (this.empty) return false;
    const txid = tx.txid;
    let found = this.contains(txid);
    const update = this.flags & BLOOM_UPDATE_MASK;
    tx.outputs.forEach((out, i) => {
      const ops = new OpReader(out.scriptPubKey);
      while (!ops.atEnd) {
        if (!ops.next()) break;
        if (ops.data.length === 0 || !this.contains(ops.data)) continue;
        found = true;
        if (update === BLOOM_UPDATE_ALL) this.insertOutPoint(new OutPoint(txid, i));
        else if (update === BLOOM_UPDATE_P2PUBKEY_ONLY) {
          const s = solver(out.scriptPubKey);
          if (s.ok && (s.type === TxoutType.PUBKEY || s.type === TxoutType.MULTISIG)) this.insertOutPoint(new OutPoint(txid, i));
        }
        break;
      }
    });
    if (found) return true;
    for (const input of tx.inputs) {
      if (this.containsOutPoint(input.prevout)) return true;
      const ops = new OpReader(input.scriptSig);
      while (!ops.atEnd) {
        if (!ops.next()) break;
        if (ops.data.length !== 0 && this.contains(ops.data)) return true;
      }
    }
    return false;
  }

  /** The network serialization (`filterload`'s payload): VarBytes data, u32 nHashFuncs, u32 nTweak, u8 nFlags. */
  toBytes(): Uint8Array {
    return new Writer().varBytes(this.bits).u32le(this.hashFuncs).u32le(this.tweak).u8(this.flags).finish();
  }
}

function outpointBytes(outpoint: OutPoint): Uint8Array {
  const w = new Writer();
  outpoint.write(w);
  return w.finish();
}
