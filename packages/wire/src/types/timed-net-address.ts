import { assert, type Reader, type Writer } from '@ocean-ts/core';
import { NetAddress } from './net-address.js';

/** A `CAddress` as in `addr` messages: uint32 time (last seen), then the `NetAddress`. 30 bytes. */
export class TimedNetAddress {
  static readonly SIZE = 4 + NetAddress.SIZE;

  constructor(
    readonly time: number,
    readonly address: NetAddress,
  ) {
    assert(Number.isInteger(time) && time >= 0 && time <= 0xffffffff, 'address time is a uint32');
  }

  write(w: Writer): void {
    w.u32le(this.time);
    this.address.write(w);
  }

  static read(r: Reader): TimedNetAddress {
    const time = r.u32le();
    return new TimedNetAddress(time, NetAddress.read(r));
  }
}
