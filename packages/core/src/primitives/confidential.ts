import type { Reader } from '../encoding/reader.js';
import type { Writer } from '../encoding/writer.js';
import { DecodeError, assert } from '../encoding/errors.js';
import { toDisplayHex, toHex } from '../encoding/hex.js';
import type { Amount } from './amount.js';

/**
 * A confidential field (asset, value or nonce): empty = null, otherwise all bytes including the
 * prefix byte. `explicitSize` is the full length of an explicit encoding; commitments are always
 * 33 bytes with one of two prefixes. The `0xff` "trust-me" prefix decodes with the explicit size.
 */
abstract class ConfidentialField {
  protected constructor(readonly data: Uint8Array) {}

  protected abstract get explicitSize(): number;
  protected abstract get prefixA(): number;

  get isNull(): boolean {
    return this.data.length === 0;
  }

  get isExplicit(): boolean {
    return this.data.length === this.explicitSize && this.data[0] === 1;
  }

  get isCommitment(): boolean {
    return this.data.length === 33 && (this.data[0] === this.prefixA || this.data[0] === this.prefixA + 1);
  }

  /** `IsValid` in the original: null, explicit, commitment, or the 0xff form. */
  get isValid(): boolean {
    if (this.isNull || this.isExplicit || this.isCommitment) return true;
    return this.data.length === this.explicitSize && this.data[0] === 0xff;
  }

  /** Serialized length. */
  get size(): number {
    return this.data.length === 0 ? 1 : this.data.length;
  }

  write(w: Writer): void {
    if (this.data.length === 0) w.u8(0);
    else w.bytes(this.data);
  }

  /** Hex of all bytes (the original's `GetHex` of a commitment). */
  get hex(): string {
    return toHex(this.data);
  }

  equals(other: ConfidentialField): boolean {
    if (this.data.length !== other.data.length) return false;
    for (let i = 0; i < this.data.length; i++) if (this.data[i] !== other.data[i]) return false;
    return true;
  }

  protected static readPayload(r: Reader, explicitSize: number, prefixA: number, what: string): Uint8Array {
    const prefix = r.peekU8();
    if (prefix === 0) {
      r.u8();
      return new Uint8Array(0);
    }
    if (prefix === 1 || prefix === 0xff) return r.bytesCopy(explicitSize, what);
    if (prefix === prefixA || prefix === prefixA + 1) return r.bytesCopy(33, what);
    throw new DecodeError(`Unrecognized serialization prefix reading ${what}`);
  }
}

export class ConfidentialAsset extends ConfidentialField {
  static readonly NULL = new ConfidentialAsset(new Uint8Array(0));
  protected get explicitSize(): number {
    return 33;
  }
  protected get prefixA(): number {
    return 0x0a;
  }
  /** Wrap raw field bytes (prefix included) — validated by the caller or by `isValid`. */
  static fromBytes(data: Uint8Array): ConfidentialAsset {
    return new ConfidentialAsset(data);
  }
  /** Explicit asset from its 32-byte id in internal order. */
  static fromId(id: Uint8Array): ConfidentialAsset {
    assert(id.length === 32, 'asset id must be 32 bytes');
    const d = new Uint8Array(33);
    d[0] = 1;
    d.set(id, 1);
    return new ConfidentialAsset(d);
  }
  static read(r: Reader): ConfidentialAsset {
    return new ConfidentialAsset(ConfidentialField.readPayload(r, 33, 0x0a, 'asset'));
  }
  /** The explicit asset id (internal order). Only for explicit assets. */
  get id(): Uint8Array {
    assert(this.isExplicit, 'asset is not explicit');
    return this.data.subarray(1);
  }
  /** Display hex of the explicit asset id. */
  get idHex(): string {
    return toDisplayHex(this.id);
  }
}

export class ConfidentialValue extends ConfidentialField {
  static readonly NULL = new ConfidentialValue(new Uint8Array(0));
  protected get explicitSize(): number {
    return 9;
  }
  protected get prefixA(): number {
    return 0x08;
  }
  static fromBytes(data: Uint8Array): ConfidentialValue {
    return new ConfidentialValue(data);
  }
  /** Explicit value: `01 || BE64(amount)`. */
  static fromAmount(amount: Amount): ConfidentialValue {
    const d = new Uint8Array(9);
    d[0] = 1;
    new DataView(d.buffer).setBigUint64(1, BigInt.asUintN(64, amount), false);
    return new ConfidentialValue(d);
  }
  static read(r: Reader): ConfidentialValue {
    return new ConfidentialValue(ConfidentialField.readPayload(r, 9, 0x08, 'value'));
  }
  /** The explicit amount (signed 64-bit, as `GetAmount` reads it). Only for explicit values. */
  get amount(): Amount {
    assert(this.isExplicit, 'value is not explicit');
    return new DataView(this.data.buffer, this.data.byteOffset, 9).getBigInt64(1, false);
  }
}

export class ConfidentialNonce extends ConfidentialField {
  static readonly NULL = new ConfidentialNonce(new Uint8Array(0));
  protected get explicitSize(): number {
    return 33;
  }
  protected get prefixA(): number {
    return 0x02;
  }
  static fromBytes(data: Uint8Array): ConfidentialNonce {
    return new ConfidentialNonce(data);
  }
  static read(r: Reader): ConfidentialNonce {
    return new ConfidentialNonce(ConfidentialField.readPayload(r, 33, 0x02, 'nonce'));
  }
}
