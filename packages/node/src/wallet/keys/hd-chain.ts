import { Reader, Writer } from '@ocean-ts/core';

/**
 * `CHDChain` (0.14 + Ocean): the HD seed's key id, the next child index of the external chain
 * `m/0'/0'/k'` (0.14 has no internal chain; change keys come from the same chain) and Ocean's
 * encryption-key chain `m/0'/2'/k'` (KYC / onboarding keys, ocean-policy §6.7).
 *
 * Record versions: 1 = version ‖ external counter ‖ master key id (28 bytes); 2 adds the
 * encryption counter (u32le, 32 bytes). A version-1 record reads with encryption counter 0.
 */
export class HdChain {
  static readonly VERSION_BASIC = 1;
  static readonly VERSION_ENCRYPTION_CHAIN = 2;
  static readonly CURRENT_VERSION = HdChain.VERSION_ENCRYPTION_CHAIN;

  constructor(
    readonly masterKeyId: Uint8Array,
    readonly externalCounter: number,
    readonly version: number = HdChain.CURRENT_VERSION,
    /** The next child index of `m/0'/2'`. */
    readonly encryptionCounter = 0,
  ) {}

  encode(): Uint8Array {
    const w = new Writer(32).u32le(this.version).u32le(this.externalCounter).bytes(this.masterKeyId);
    if (this.version >= HdChain.VERSION_ENCRYPTION_CHAIN) w.u32le(this.encryptionCounter);
    return w.finish();
  }

  static decode(bytes: Uint8Array): HdChain {
    const r = new Reader(bytes);
    const version = r.u32le();
    const counter = r.u32le();
    const id = r.bytesCopy(20, 'master key id');
    const enc = version >= HdChain.VERSION_ENCRYPTION_CHAIN ? r.u32le() : 0;
    r.expectEnd('hd chain record');
    return new HdChain(id, counter, version, enc);
  }

  withCounter(externalCounter: number): HdChain {
    return new HdChain(this.masterKeyId, externalCounter, this.version, this.encryptionCounter);
  }

  /** The same chain with the next encryption-key index (the record is upgraded to version 2). */
  withEncryptionCounter(encryptionCounter: number): HdChain {
    return new HdChain(this.masterKeyId, this.externalCounter, Math.max(this.version, HdChain.VERSION_ENCRYPTION_CHAIN), encryptionCounter);
  }
}
