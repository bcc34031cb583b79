import type { Reader } from '../encoding/reader.js';
import type { Writer } from '../encoding/writer.js';
import { compactSizeLength } from '../encoding/compact-size.js';
import { bytesEqual } from '../encoding/hex.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from './confidential.js';

/** A transaction output: asset | value | nonce | scriptPubKey. */
export class TxOut {
  constructor(
    readonly asset: ConfidentialAsset,
    readonly value: ConfidentialValue,
    readonly nonce: ConfidentialNonce,
    readonly scriptPubKey: Uint8Array,
  ) {}

  /** The all-null output (`00 00 00 00`), used by legacy SIGHASH_SINGLE. */
  static readonly NULL = new TxOut(ConfidentialAsset.NULL, ConfidentialValue.NULL, ConfidentialNonce.NULL, new Uint8Array(0));

  /** A fee output: empty script with explicit asset and value. */
  get isFee(): boolean {
    return this.scriptPubKey.length === 0 && this.asset.isExplicit && this.value.isExplicit;
  }

  get isNull(): boolean {
    return this.asset.isNull && this.value.isNull && this.nonce.isNull && this.scriptPubKey.length === 0;
  }

  get size(): number {
    return (
      this.asset.size + this.value.size + this.nonce.size + compactSizeLength(this.scriptPubKey.length) + this.scriptPubKey.length
    );
  }

  write(w: Writer): void {
    this.asset.write(w);
    this.value.write(w);
    this.nonce.write(w);
    w.varBytes(this.scriptPubKey);
  }

  static read(r: Reader): TxOut {
    const asset = ConfidentialAsset.read(r);
    const value = ConfidentialValue.read(r);
    const nonce = ConfidentialNonce.read(r);
    const script = r.varBytes('scriptPubKey');
    return new TxOut(asset, value, nonce, script);
  }

  equals(o: TxOut): boolean {
    return (
      this.asset.equals(o.asset) && this.value.equals(o.value) && this.nonce.equals(o.nonce) && bytesEqual(this.scriptPubKey, o.scriptPubKey)
    );
  }
}
