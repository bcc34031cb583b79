import { base58CheckDecode, base58CheckEncode } from '../encoding/base58.js';
import { DecodeError, assert } from '../encoding/errors.js';
import { bytesEqual, concatBytes } from '../encoding/hex.js';
import type { Base58Prefixes } from '../chain/base58-prefixes.js';

/** Size of the BIP32 body after the 4-byte version prefix. */
export const BIP32_EXTKEY_SIZE = 74;
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * A BIP32 extended key (xpub / xprv). Serialized as the chain's `EXT_PUBLIC_KEY` /
 * `EXT_SECRET_KEY` prefix and the standard 74-byte body:
 * `depth | parent fingerprint (4) | child number (BE32) | chain code (32) | key (33)` where a private
 * key is `00 || key32` and a public key is compressed.
 */
export class ExtendedKey {
  constructor(
    readonly isPrivate: boolean,
    readonly depth: number,
    readonly parentFingerprint: Uint8Array,
    readonly childNumber: number,
    readonly chainCode: Uint8Array,
    /** 32-byte private key or 33-byte compressed public key. */
    readonly key: Uint8Array,
  ) {
    assert(Number.isInteger(depth) && depth >= 0 && depth <= 255, 'depth must be a byte');
    assert(parentFingerprint.length === 4, 'parent fingerprint must be 4 bytes');
    assert(Number.isInteger(childNumber) && childNumber >= 0 && childNumber <= 0xffffffff, 'child number must be a uint32');
    assert(chainCode.length === 32, 'chain code must be 32 bytes');
    assert(key.length === (isPrivate ? 32 : 33), isPrivate ? 'private key must be 32 bytes' : 'public key must be 33 bytes');
  }

  /** The 74-byte BIP32 body. */
  encodeBody(): Uint8Array {
    const out = new Uint8Array(BIP32_EXTKEY_SIZE);
    out[0] = this.depth;
    out.set(this.parentFingerprint, 1);
    new DataView(out.buffer).setUint32(5, this.childNumber, false);
    out.set(this.chainCode, 9);
    if (this.isPrivate) out.set(this.key, 42);
    else out.set(this.key, 41);
    return out;
  }

  /** Base58Check with the chain's xpub / xprv prefix. */
  toBase58(prefixes: Base58Prefixes): string {
    return base58CheckEncode(concatBytes(this.isPrivate ? prefixes.extSecretKey : prefixes.extPublicKey, this.encodeBody()));
  }

  /**
   * Decode an xpub / xprv of the chain with `prefixes`. Throws `DecodeError` for a wrong length or
   * prefix, a private key not prefixed by `00` or outside 1…n−1, or a public key not in compressed
   * form.
   */
  static fromBase58(text: string, prefixes: Base58Prefixes): ExtendedKey {
    const raw = base58CheckDecode(text);
    if (raw.length !== 4 + BIP32_EXTKEY_SIZE) throw new DecodeError(`invalid extended key length ${raw.length}`);
    const prefix = raw.subarray(0, 4);
    const isPrivate = bytesEqual(prefix, prefixes.extSecretKey);
    if (!isPrivate && !bytesEqual(prefix, prefixes.extPublicKey)) throw new DecodeError('unknown extended key prefix');
    const body = raw.subarray(4);
    const depth = body[0]!;
    const fingerprint = body.slice(1, 5);
    const child = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(5, false);
    const chainCode = body.slice(9, 41);
    let key: Uint8Array;
    if (isPrivate) {
      if (body[41] !== 0) throw new DecodeError('extended private key must start with 00');
      key = body.slice(42, 74);
      let v = 0n;
      for (const b of key) v = (v << 8n) | BigInt(b);
      if (v === 0n || v >= CURVE_ORDER) throw new DecodeError('extended private key outside allowed range');
    } else {
      if (body[41] !== 2 && body[41] !== 3) throw new DecodeError('extended public key must be compressed');
      key = body.slice(41, 74);
    }
    return new ExtendedKey(isPrivate, depth, fingerprint, child, chainCode, key);
  }

  equals(o: ExtendedKey): boolean {
    return (
      this.isPrivate === o.isPrivate &&
      this.depth === o.depth &&
      this.childNumber === o.childNumber &&
      bytesEqual(this.parentFingerprint, o.parentFingerprint) &&
      bytesEqual(this.chainCode, o.chainCode) &&
      bytesEqual(this.key, o.key)
    );
  }
}
