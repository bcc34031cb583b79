import type { Reader } from '../encoding/reader.js';
import type { Writer } from '../encoding/writer.js';
import { assert } from '../encoding/errors.js';
import { ConfidentialValue } from './confidential.js';
import { bytesEqual, isAllZero } from '../encoding/hex.js';

const ZERO32 = new Uint8Array(32);

/** An input's asset issuance. Null iff both amount and inflation keys are null. */
export class AssetIssuance {
  constructor(
    /** Zero for a new issuance; the token blinding factor (or ff…ff) for a reissuance. */
    readonly assetBlindingNonce: Uint8Array,
    /** Contract hash for a new issuance; the asset entropy for a reissuance. */
    readonly assetEntropy: Uint8Array,
    readonly amount: ConfidentialValue,
    readonly inflationKeys: ConfidentialValue,
  ) {
    assert(assetBlindingNonce.length === 32 && assetEntropy.length === 32, 'issuance nonce/entropy must be 32 bytes');
  }

  static readonly NULL = new AssetIssuance(ZERO32, ZERO32, ConfidentialValue.NULL, ConfidentialValue.NULL);

  get isNull(): boolean {
    return this.amount.isNull && this.inflationKeys.isNull;
  }

  /** A reissuance has a non-zero blinding nonce. */
  get isReissuance(): boolean {
    return !isAllZero(this.assetBlindingNonce);
  }

  get size(): number {
    return 64 + this.amount.size + this.inflationKeys.size;
  }

  write(w: Writer): void {
    w.bytes(this.assetBlindingNonce).bytes(this.assetEntropy);
    this.amount.write(w);
    this.inflationKeys.write(w);
  }

  static read(r: Reader): AssetIssuance {
    const nonce = r.bytesCopy(32, 'issuance nonce');
    const entropy = r.bytesCopy(32, 'issuance entropy');
    const amount = ConfidentialValue.read(r);
    const keys = ConfidentialValue.read(r);
    return new AssetIssuance(nonce, entropy, amount, keys);
  }

  equals(o: AssetIssuance): boolean {
    return (
      bytesEqual(this.assetBlindingNonce, o.assetBlindingNonce) &&
      bytesEqual(this.assetEntropy, o.assetEntropy) &&
      this.amount.equals(o.amount) &&
      this.inflationKeys.equals(o.inflationKeys)
    );
  }
}
