import type { Reader } from '../encoding/reader.js';
import type { Writer } from '../encoding/writer.js';
import { compactSizeLength } from '../encoding/compact-size.js';
import { assert } from '../encoding/errors.js';
import { bytesEqual } from '../encoding/hex.js';
import { AssetIssuance } from './asset-issuance.js';
import {
  NULL_INDEX,
  OUTPOINT_INDEX_MASK,
  OUTPOINT_ISSUANCE_FLAG,
  OUTPOINT_PEGIN_FLAG,
  OutPoint,
} from './outpoint.js';

export const SEQUENCE_FINAL = 0xffffffff;

/** A transaction input. The prevout index is the masked index; flags live in `issuance`/`isPegin`. */
export class TxIn {
  constructor(
    readonly prevout: OutPoint,
    readonly scriptSig: Uint8Array,
    readonly sequence: number,
    readonly issuance: AssetIssuance = AssetIssuance.NULL,
    readonly isPegin = false,
  ) {
    // Index 2^30-1 with both flag bits serializes as 0xffffffff, which every reader (the original's
    // too) takes for the coinbase marker: such an input cannot exist on the wire.
    assert(
      !(prevout.index === OUTPOINT_INDEX_MASK && isPegin && !issuance.isNull),
      'an input with prevout index 2^30-1, an issuance and the peg-in flag cannot be serialized',
    );
  }

  get hasIssuance(): boolean {
    return !this.issuance.isNull;
  }

  /** The serialized prevout index with the issuance / peg-in flag bits. */
  get serializedIndex(): number {
    const n = this.prevout.index;
    if (n === NULL_INDEX) return n;
    assert(n <= OUTPOINT_INDEX_MASK, 'prevout index must be below 2^30');
    return (n | (this.hasIssuance ? OUTPOINT_ISSUANCE_FLAG : 0) | (this.isPegin ? OUTPOINT_PEGIN_FLAG : 0)) >>> 0;
  }

  get size(): number {
    const issuance = this.prevout.index !== NULL_INDEX && this.hasIssuance ? this.issuance.size : 0;
    return 36 + compactSizeLength(this.scriptSig.length) + this.scriptSig.length + 4 + issuance;
  }

  write(w: Writer): void {
    w.bytes(this.prevout.txid).u32le(this.serializedIndex);
    w.varBytes(this.scriptSig).u32le(this.sequence);
    if (this.prevout.index !== NULL_INDEX && this.hasIssuance) this.issuance.write(w);
  }

  static read(r: Reader): TxIn {
    const txid = r.bytesCopy(32, 'prevout hash');
    const nSer = r.u32le();
    const scriptSig = r.varBytes('scriptSig');
    const sequence = r.u32le();
    if (nSer === NULL_INDEX) return new TxIn(new OutPoint(txid, nSer), scriptSig, sequence);
    const hasIssuance = (nSer & OUTPOINT_ISSUANCE_FLAG) !== 0;
    const isPegin = (nSer & OUTPOINT_PEGIN_FLAG) !== 0;
    const issuance = hasIssuance ? AssetIssuance.read(r) : AssetIssuance.NULL;
    return new TxIn(new OutPoint(txid, nSer & OUTPOINT_INDEX_MASK), scriptSig, sequence, issuance, isPegin);
  }

  equals(o: TxIn): boolean {
    return (
      this.prevout.equals(o.prevout) &&
      bytesEqual(this.scriptSig, o.scriptSig) &&
      this.sequence === o.sequence &&
      this.isPegin === o.isPegin &&
      this.issuance.equals(o.issuance)
    );
  }
}
