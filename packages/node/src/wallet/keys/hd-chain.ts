import { Reader, Writer } from '@ocean-ts/core';

/**
 * `CHDChain` (0.14): the HD seed's key id and the next child index of the external chain
 * `m/0'/0'/k'` (0.14 has no internal chain; change keys come from the same chain).
 */
export class HdChain {
  static readonly CURRENT_VERSION = 1;

  constructor(
    readonly masterKeyId: Uint8Array,
    readonly externalCounter: number,
    readonly version: number = HdChain.CURRENT_VERSION,
  ) {}

  encode(): Uint8Array {
    return new Writer(28).u32le(this.version).u32le(this.externalCounter).bytes(this.masterKeyId).finish();
  }

  static decode(bytes: Uint8Array): HdChain {
    const r = new Reader(bytes);
    const version = r.u32le();
    const counter = r.u32le();
    const id = r.bytesCopy(20, 'master key id');
    r.expectEnd('hd chain record');
    return new HdChain(id, counter, version);
  }

  withCounter(externalCounter: number): HdChain {
    return new HdChain(this.masterKeyId, externalCounter, this.version);
  }
}
