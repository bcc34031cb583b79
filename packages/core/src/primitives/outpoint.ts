import type { Reader } from '../encoding/reader.js';
import type { Writer } from '../encoding/writer.js';
import { bytesEqual, isAllZero, toDisplayHex } from '../encoding/hex.js';
import { assert } from '../encoding/errors.js';

export const OUTPOINT_ISSUANCE_FLAG = 0x80000000;
export const OUTPOINT_PEGIN_FLAG = 0x40000000;
export const OUTPOINT_INDEX_MASK = 0x3fffffff;
export const NULL_INDEX = 0xffffffff;

/** A previous output reference. `index` is the real (masked) index, or 0xffffffff for null. */
export class OutPoint {
  constructor(
    /** Transaction id in internal byte order. */
    readonly txid: Uint8Array,
    readonly index: number,
  ) {
    assert(txid.length === 32, 'outpoint txid must be 32 bytes');
  }

  static readonly NULL = new OutPoint(new Uint8Array(32), NULL_INDEX);

  get isNull(): boolean {
    return this.index === NULL_INDEX && isAllZero(this.txid);
  }

  /** Plain 36-byte serialization with the masked index (UTXO keys, sighash, entropy). */
  write(w: Writer): void {
    w.bytes(this.txid).u32le(this.index);
  }

  static read(r: Reader): OutPoint {
    return new OutPoint(r.bytesCopy(32, 'outpoint'), r.u32le());
  }

  equals(o: OutPoint): boolean {
    return this.index === o.index && bytesEqual(this.txid, o.txid);
  }

  /** `txid:index` in display form. */
  toString(): string {
    return `${toDisplayHex(this.txid)}:${this.index}`;
  }
}
