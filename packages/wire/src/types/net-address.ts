import { assert, type Reader, type Writer } from '@ocean-ts/core';

/**
 * A `CAddress` without its time (the form inside `version`): services (uint64 LE), 16-byte IPv6 or
 * IPv4-mapped address, port (uint16 **big-endian**).
 */
export class NetAddress {
  static readonly SIZE = 26;

  constructor(
    readonly services: bigint,
    readonly ip: Uint8Array,
    readonly port: number,
  ) {
    assert(services >= 0n && services <= 0xffffffffffffffffn, 'services is a uint64');
    assert(ip.length === 16, 'address is 16 bytes');
    assert(Number.isInteger(port) && port >= 0 && port <= 0xffff, 'port is a uint16');
  }

  /** `CAddress(CService(), services)`: all-zero address, port 0 (what Core sends as addr_from). */
  static empty(services = 0n): NetAddress {
    return new NetAddress(services, new Uint8Array(16), 0);
  }

  /** An IPv4 address in its IPv4-mapped IPv6 form `::ffff:a.b.c.d`. */
  static ipv4(octets: readonly [number, number, number, number], port: number, services = 0n): NetAddress {
    const ip = new Uint8Array(16);
    ip[10] = 0xff;
    ip[11] = 0xff;
    ip.set(octets, 12);
    return new NetAddress(services, ip, port);
  }

  write(w: Writer): void {
    w.u64le(this.services).bytes(this.ip).u8(this.port >> 8).u8(this.port & 0xff);
  }

  static read(r: Reader): NetAddress {
    const services = r.u64le();
    const ip = r.bytesCopy(16, 'address');
    const port = (r.u8() << 8) | r.u8();
    return new NetAddress(services, ip, port);
  }
}
