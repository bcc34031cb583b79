import { Reader } from '../encoding/reader.js';
import { Writer } from '../encoding/writer.js';
import { DecodeError, assert } from '../encoding/errors.js';
import { fromHex, toDisplayHex, toHex } from '../encoding/hex.js';
import { sha256d } from '../crypto/hash.js';
import { BitcoinTxIn } from './bitcoin-tx-in.js';
import { BitcoinTxOut } from './bitcoin-tx-out.js';

/** Smallest serialized input (36 + 1 + 4) and output (8 + 1): bounds the counts before allocating. */
const MIN_TXIN_SIZE = 41;
const MIN_TXOUT_SIZE = 9;

export interface BitcoinTxDecodeOptions {
  /** Accept the BIP144 extended format (marker `00`, flag `01`); default true. */
  readonly allowWitness?: boolean;
}

/**
 * An immutable plain Bitcoin transaction (NOT Ocean's format):
 * `int32 version | vin | vout | u32 locktime`, or BIP144
 * `int32 version | 00 | 01 | vin | vout | witnesses | u32 locktime` when any input has a witness.
 * Decoding follows Bitcoin Core 0.14's `UnserializeTransaction` (including "Superfluous witness
 * record" and "Unknown transaction optional data"). Hashes are kept in internal byte order.
 */
export class BitcoinTransaction {
  private cache: { txid?: Uint8Array; wtxid?: Uint8Array; size?: number; strippedSize?: number } = {};

  constructor(
    readonly version: number,
    readonly inputs: readonly BitcoinTxIn[],
    readonly outputs: readonly BitcoinTxOut[],
    readonly locktime: number = 0,
  ) {
    assert(Number.isInteger(version) && version >= -0x80000000 && version <= 0x7fffffff, 'version must be an int32');
    assert(Number.isInteger(locktime) && locktime >= 0 && locktime <= 0xffffffff, 'locktime must be a uint32');
  }

  /** True when any input carries a non-empty witness stack. */
  get hasWitness(): boolean {
    return this.inputs.some((i) => i.witness.length > 0);
  }

  write(w: Writer, withWitness = true): void {
    const witness = withWitness && this.hasWitness;
    w.i32le(this.version);
    if (witness) w.u8(0).u8(1);
    w.compactSize(this.inputs.length);
    for (const i of this.inputs) {
      w.bytes(i.prevTxid).u32le(i.prevIndex).varBytes(i.scriptSig).u32le(i.sequence);
    }
    w.compactSize(this.outputs.length);
    for (const o of this.outputs) w.i64le(o.value).varBytes(o.scriptPubKey);
    if (witness) {
      for (const i of this.inputs) {
        w.compactSize(i.witness.length);
        for (const item of i.witness) w.varBytes(item);
      }
    }
    w.u32le(this.locktime);
  }

  /** Serialization with the witness when there is one (`withWitness`), else the legacy form. */
  toBytes(withWitness = true): Uint8Array {
    const w = new Writer(256);
    this.write(w, withWitness);
    return w.finish();
  }

  toHex(withWitness = true): string {
    return toHex(this.toBytes(withWitness));
  }

  /** Read one transaction at the reader's position (Core 0.14 `UnserializeTransaction`). */
  static read(r: Reader, options: BitcoinTxDecodeOptions = {}): BitcoinTransaction {
    const allowWitness = options.allowWitness ?? true;
    const version = r.i32le();
    let flags = 0;
    let inputs = readInputs(r);
    let outputs: BitcoinTxOut[] = [];
    if (inputs.length === 0 && allowWitness) {
      flags = r.u8();
      if (flags !== 0) {
        inputs = readInputs(r);
        outputs = readOutputs(r);
      }
    } else {
      outputs = readOutputs(r);
    }
    if (flags & 1 && allowWitness) {
      flags ^= 1;
      inputs = inputs.map((i) => {
        const n = r.count(1, 'witness stack');
        const stack: Uint8Array[] = [];
        for (let k = 0; k < n; k++) stack.push(r.varBytes('witness item'));
        return i.withWitness(stack);
      });
      if (!inputs.some((i) => i.witness.length > 0)) throw new DecodeError('Superfluous witness record');
    }
    if (flags !== 0) throw new DecodeError('Unknown transaction optional data');
    const locktime = r.u32le();
    return new BitcoinTransaction(version, inputs, outputs, locktime);
  }

  /** Decode exactly one transaction; trailing bytes are an error. */
  static fromBytes(bytes: Uint8Array, options: BitcoinTxDecodeOptions = {}): BitcoinTransaction {
    const r = new Reader(bytes);
    const tx = BitcoinTransaction.read(r, options);
    r.expectEnd('bitcoin transaction');
    return tx;
  }

  static fromHex(hex: string, options: BitcoinTxDecodeOptions = {}): BitcoinTransaction {
    return BitcoinTransaction.fromBytes(fromHex(hex), options);
  }

  /** SHA256d of the legacy (no-witness) serialization, internal byte order. */
  get txid(): Uint8Array {
    return (this.cache.txid ??= sha256d(this.toBytes(false))).slice();
  }

  /** SHA256d of the full serialization (equals the txid without witness), internal byte order. */
  get wtxid(): Uint8Array {
    return (this.cache.wtxid ??= sha256d(this.toBytes(true))).slice();
  }

  /** The txid as bitcoind prints it (display hex). */
  get txidHex(): string {
    return toDisplayHex(this.txid);
  }

  get wtxidHex(): string {
    return toDisplayHex(this.wtxid);
  }

  /** Serialized size including the witness. */
  get size(): number {
    return (this.cache.size ??= this.toBytes(true).length);
  }

  /** Serialized size without the witness (the "base size"). */
  get strippedSize(): number {
    return (this.cache.strippedSize ??= this.toBytes(false).length);
  }

  /** BIP141 weight: base size × 3 + total size. */
  get weight(): number {
    return this.strippedSize * 3 + this.size;
  }

  /** Virtual size: weight / 4 rounded up. */
  get vsize(): number {
    return Math.ceil(this.weight / 4);
  }

  withInputs(inputs: readonly BitcoinTxIn[]): BitcoinTransaction {
    return new BitcoinTransaction(this.version, inputs, this.outputs, this.locktime);
  }

  withOutputs(outputs: readonly BitcoinTxOut[]): BitcoinTransaction {
    return new BitcoinTransaction(this.version, this.inputs, outputs, this.locktime);
  }

  /** A copy with input `index` replaced. */
  withInput(index: number, input: BitcoinTxIn): BitcoinTransaction {
    assert(index >= 0 && index < this.inputs.length, 'input index out of range');
    return this.withInputs(this.inputs.map((i, k) => (k === index ? input : i)));
  }

  /** A copy with output `index` replaced. */
  withOutput(index: number, output: BitcoinTxOut): BitcoinTransaction {
    assert(index >= 0 && index < this.outputs.length, 'output index out of range');
    return this.withOutputs(this.outputs.map((o, k) => (k === index ? output : o)));
  }

  /** A copy with every scriptSig emptied and every witness removed (the unsigned form). */
  stripped(): BitcoinTransaction {
    return this.withInputs(this.inputs.map((i) => new BitcoinTxIn(i.prevTxid, i.prevIndex, new Uint8Array(0), i.sequence)));
  }
}

function readInputs(r: Reader): BitcoinTxIn[] {
  const n = r.count(MIN_TXIN_SIZE, 'inputs');
  const out: BitcoinTxIn[] = [];
  for (let k = 0; k < n; k++) {
    const txid = r.bytesCopy(32, 'prevout txid');
    const index = r.u32le();
    const scriptSig = r.varBytes('scriptSig');
    const sequence = r.u32le();
    out.push(new BitcoinTxIn(txid, index, scriptSig, sequence));
  }
  return out;
}

function readOutputs(r: Reader): BitcoinTxOut[] {
  const n = r.count(MIN_TXOUT_SIZE, 'outputs');
  const out: BitcoinTxOut[] = [];
  for (let k = 0; k < n; k++) {
    const value = r.i64le();
    out.push(new BitcoinTxOut(value, r.varBytes('scriptPubKey')));
  }
  return out;
}
