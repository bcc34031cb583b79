import { Reader, Writer, DecodeError } from '@ocean-ts/core';

/** `CKeyMetadata` (0.14): creation time, HD key path ("" for non-HD keys) and the HD master key id. */
export interface KeyMetadata {
  /** Seconds; 1 for `importprivkey`, 0 when unknown. */
  readonly createTime: number;
  /** `m/0'/0'/k'`, `m` for the HD seed itself, "" for other keys. */
  readonly hdKeypath: string;
  /** HASH160 of the seed key's public key (internal order), for HD keys. */
  readonly hdMasterKeyId?: Uint8Array | undefined;
}

const FLAG_COMPRESSED = 1;
const FLAG_CRYPTED = 2;
const FLAG_TWEAKED = 4;
const RECORD_VERSION = 1;

/**
 * One wallet key as stored. The wallet knows a key under its *address key* (the key an address
 * commits to): with the Ocean contract tweak (policy §8.3) that is `base + tweak`, otherwise the base
 * key itself. The record keeps the base ("derived") public key and the base secret — plain, or
 * encrypted under the wallet master key with IV = SHA256d(base pubkey)[0..16) — plus the tweak, so
 * the address key is `base + tweak` whatever the node's options are later.
 *
 * Encoding: u8 version (1) || u8 flags (1 compressed, 2 crypted, 4 tweaked) || var base pubkey ||
 * var pubkey || var secret (32 plain / 48 crypted) || [tweak (32) when tweaked] || i64le create time
 * || var keypath (UTF-8) || u8 has-master || [master key id (20)].
 */
export class StoredKey {
  constructor(
    readonly basePubkey: Uint8Array,
    /** The address key's public key (`basePubkey` when not tweaked). */
    readonly pubkey: Uint8Array,
    readonly compressed: boolean,
    /** Plain 32-byte base secret, or the 48-byte ciphertext when `crypted`. */
    readonly secret: Uint8Array,
    readonly crypted: boolean,
    readonly tweak: Uint8Array | undefined,
    readonly meta: KeyMetadata,
  ) {}

  encode(): Uint8Array {
    const w = new Writer(160)
      .u8(RECORD_VERSION)
      .u8((this.compressed ? FLAG_COMPRESSED : 0) | (this.crypted ? FLAG_CRYPTED : 0) | (this.tweak ? FLAG_TWEAKED : 0))
      .varBytes(this.basePubkey)
      .varBytes(this.pubkey)
      .varBytes(this.secret);
    if (this.tweak) w.bytes(this.tweak);
    w.i64le(BigInt(this.meta.createTime)).varBytes(new TextEncoder().encode(this.meta.hdKeypath));
    if (this.meta.hdMasterKeyId) w.u8(1).bytes(this.meta.hdMasterKeyId);
    else w.u8(0);
    return w.finish();
  }

  static decode(bytes: Uint8Array): StoredKey {
    const r = new Reader(bytes);
    const version = r.u8();
    if (version !== RECORD_VERSION) throw new DecodeError(`unknown key record version ${version}`);
    const flags = r.u8();
    if ((flags & ~7) !== 0) throw new DecodeError(`unknown key record flags 0x${flags.toString(16)}`);
    const basePubkey = r.varBytes('base pubkey');
    const pubkey = r.varBytes('pubkey');
    const secret = r.varBytes('secret');
    const tweak = (flags & FLAG_TWEAKED) !== 0 ? r.bytesCopy(32, 'tweak') : undefined;
    const createTime = Number(r.i64le());
    const hdKeypath = new TextDecoder('utf-8', { fatal: true }).decode(r.varBytes('keypath'));
    const hasMaster = r.u8();
    if (hasMaster > 1) throw new DecodeError('bad master-key flag');
    const hdMasterKeyId = hasMaster === 1 ? r.bytesCopy(20, 'master key id') : undefined;
    r.expectEnd('key record');
    const crypted = (flags & FLAG_CRYPTED) !== 0;
    if (secret.length !== (crypted ? 48 : 32)) throw new DecodeError(`key record secret is ${secret.length} bytes`);
    return new StoredKey(basePubkey, pubkey, (flags & FLAG_COMPRESSED) !== 0, secret, crypted, tweak, { createTime, hdKeypath, hdMasterKeyId });
  }

  withSecret(secret: Uint8Array, crypted: boolean): StoredKey {
    return new StoredKey(this.basePubkey, this.pubkey, this.compressed, secret, crypted, this.tweak, this.meta);
  }

  withCreateTime(createTime: number): StoredKey {
    return new StoredKey(this.basePubkey, this.pubkey, this.compressed, this.secret, this.crypted, this.tweak, { ...this.meta, createTime });
  }
}
