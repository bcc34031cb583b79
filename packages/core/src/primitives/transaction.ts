import { Reader } from '../encoding/reader.js';
import { Writer } from '../encoding/writer.js';
import { DecodeError, assert } from '../encoding/errors.js';
import { toDisplayHex } from '../encoding/hex.js';
import { sha256d } from '../crypto/hash.js';
import { TxIn } from './tx-in.js';
import { TxOut } from './tx-out.js';
import { TxInWitness, TxOutWitness } from './witness.js';
import { fastMerkleRoot } from './merkle.js';

export const WITNESS_SCALE_FACTOR = 4;
/** Smallest possible serialized input (36 + 1 + 4) and output (4 × 1 byte): bounds counts. */
const MIN_TXIN_SIZE = 41;
const MIN_TXOUT_SIZE = 4;

/**
 * An immutable Ocean transaction:
 * `int32 version | u8 flags | vin | vout | u32 locktime | [witness if flags & 1]`.
 * `inWitness`/`outWitness` always have exactly one record per input/output (empty ones included).
 * Hashes are computed lazily and cached — safe because instances never change.
 */
export class Transaction {
  readonly inWitness: readonly TxInWitness[];
  readonly outWitness: readonly TxOutWitness[];
  /** Hashes and sizes, computed once. Serializations are not kept (a mempool would hold them twice). */
  private cache: { txid?: Uint8Array; hash?: Uint8Array; witnessHash?: Uint8Array; size?: number; strippedSize?: number } = {};

  constructor(
    readonly version: number,
    readonly inputs: readonly TxIn[],
    readonly outputs: readonly TxOut[],
    readonly locktime: number,
    inWitness: readonly TxInWitness[] = [],
    outWitness: readonly TxOutWitness[] = [],
  ) {
    assert(inWitness.length <= inputs.length && outWitness.length <= outputs.length, 'more witness records than inputs/outputs');
    this.inWitness =
      inWitness.length === inputs.length ? inWitness : [...inWitness, ...Array(inputs.length - inWitness.length).fill(TxInWitness.EMPTY)];
    this.outWitness =
      outWitness.length === outputs.length
        ? outWitness
        : [...outWitness, ...Array(outputs.length - outWitness.length).fill(TxOutWitness.EMPTY)];
  }

  /** True when any input or output witness record is non-empty. */
  get hasWitness(): boolean {
    return this.inWitness.some((w) => !w.isNull) || this.outWitness.some((w) => !w.isNull);
  }

  get isCoinbase(): boolean {
    return this.inputs.length === 1 && this.inputs[0]!.prevout.isNull;
  }

  write(w: Writer, withWitness = true): void {
    const flags = withWitness && this.hasWitness ? 1 : 0;
    w.i32le(this.version).u8(flags);
    w.compactSize(this.inputs.length);
    for (const i of this.inputs) i.write(w);
    w.compactSize(this.outputs.length);
    for (const o of this.outputs) o.write(w);
    w.u32le(this.locktime);
    if (flags & 1) {
      for (const iw of this.inWitness) iw.write(w);
      for (const ow of this.outWitness) ow.write(w);
    }
  }

  /** Full serialization (witness included when present), or the no-witness form. A fresh array. */
  toBytes(withWitness = true): Uint8Array {
    const w = new Writer((withWitness ? this.cache.size : this.cache.strippedSize) ?? 256);
    this.write(w, withWitness);
    const bytes = w.finish();
    if (withWitness) this.cache.size = bytes.length;
    else this.cache.strippedSize = bytes.length;
    return bytes;
  }

  static read(r: Reader): Transaction {
    const version = r.i32le();
    const flags = r.u8();
    const nIn = r.count(MIN_TXIN_SIZE, 'vin');
    const inputs: TxIn[] = [];
    for (let i = 0; i < nIn; i++) inputs.push(TxIn.read(r));
    const nOut = r.count(MIN_TXOUT_SIZE, 'vout');
    const outputs: TxOut[] = [];
    for (let i = 0; i < nOut; i++) outputs.push(TxOut.read(r));
    const locktime = r.u32le();
    if ((flags & ~1) !== 0) throw new DecodeError('Unknown transaction optional data');
    if ((flags & 1) === 0) return new Transaction(version, inputs, outputs, locktime);
    const inWitness: TxInWitness[] = [];
    for (let i = 0; i < nIn; i++) inWitness.push(TxInWitness.read(r));
    const outWitness: TxOutWitness[] = [];
    for (let i = 0; i < nOut; i++) outWitness.push(TxOutWitness.read(r));
    const tx = new Transaction(version, inputs, outputs, locktime, inWitness, outWitness);
    if (!tx.hasWitness) throw new DecodeError('Superfluous witness record');
    return tx;
  }

  /** Decode exactly one transaction from `bytes` (trailing bytes are an error). */
  static decode(bytes: Uint8Array): Transaction {
    const r = new Reader(bytes);
    const tx = Transaction.read(r);
    r.expectEnd('transaction');
    return tx;
  }

  /** txid: SHA256d of the no-witness serialization (internal order). */
  get txid(): Uint8Array {
    return (this.cache.txid ??= sha256d(this.toBytes(false)));
  }

  /** "hash": SHA256d of the full serialization, or the txid when there is no witness. */
  get hash(): Uint8Array {
    return (this.cache.hash ??= this.hasWitness ? sha256d(this.toBytes(true)) : this.txid);
  }

  /**
   * Witness hash: fast Merkle root over the witness data only; a null-prevout (coinbase) input
   * contributes an empty input witness leaf.
   */
  get witnessHash(): Uint8Array {
    if (this.cache.witnessHash) return this.cache.witnessHash;
    const inLeaves = this.inputs.map((inp, i) => (inp.prevout.isNull ? TxInWitness.EMPTY : this.inWitness[i]!).leafHash());
    const outLeaves = this.outWitness.map((w) => w.leafHash());
    return (this.cache.witnessHash = fastMerkleRoot([fastMerkleRoot(inLeaves), fastMerkleRoot(outLeaves)]));
  }

  get txidHex(): string {
    return toDisplayHex(this.txid);
  }

  /** Length of the full serialization. */
  get size(): number {
    return this.cache.size ?? this.toBytes(true).length;
  }

  /** Length of the no-witness serialization. */
  get strippedSize(): number {
    return this.cache.strippedSize ?? this.toBytes(false).length;
  }

  get weight(): number {
    return this.strippedSize * (WITNESS_SCALE_FACTOR - 1) + this.size;
  }

  /** Policy virtual size: ceil(max(weight, sigopCost × bytesPerSigOp) / 4). */
  virtualSize(sigopCost = 0, bytesPerSigOp = 20): number {
    return Math.floor((Math.max(this.weight, sigopCost * bytesPerSigOp) + WITNESS_SCALE_FACTOR - 1) / WITNESS_SCALE_FACTOR);
  }

  equals(o: Transaction): boolean {
    return (
      this.version === o.version &&
      this.locktime === o.locktime &&
      this.inputs.length === o.inputs.length &&
      this.outputs.length === o.outputs.length &&
      this.inputs.every((x, i) => x.equals(o.inputs[i]!)) &&
      this.outputs.every((x, i) => x.equals(o.outputs[i]!)) &&
      this.inWitness.every((x, i) => x.equals(o.inWitness[i]!)) &&
      this.outWitness.every((x, i) => x.equals(o.outWitness[i]!))
    );
  }
}
