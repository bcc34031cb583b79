import { addressToString, addressWords, isIPv4Address, isValidAddress, lookupHost } from './ip-address.js';

/**
 * Core 0.14's `CSubNet` and `LookupSubNet` (numeric addresses only, no name lookups), as `setban`,
 * `-rpcallowip` and `-whitelist` use them: a masked network and a netmask over 16-byte addresses
 * (IPv4 held as IPv4-mapped IPv6, so an IPv4-mapped client address matches an IPv4 network), Core's
 * validity rules, its map ordering and its `ToString`.
 */
export class NetSubnet {
  private constructor(
    /** 16 bytes, already masked. */
    readonly network: Uint8Array,
    /** 16 bytes. */
    readonly netmask: Uint8Array,
    readonly valid: boolean,
  ) {}

  /** A subnet as `banlist.dat` stores it: network, netmask and the validity flag. */
  static fromParts(network: Uint8Array, netmask: Uint8Array, valid: boolean): NetSubnet {
    return new NetSubnet(network.slice(), netmask.slice(), valid);
  }

  /** `CSubNet(addr)`: the single address; valid iff the address is (`CNetAddr::IsValid`). */
  static ofAddress(addr: Uint8Array): NetSubnet {
    return new NetSubnet(addr.slice(), new Uint8Array(16).fill(0xff), isValidAddress(addr));
  }

  /**
   * `LookupSubNet` without lookups: `addr`, `addr/bits` or `addr/netmask`. Undefined when the text
   * does not parse; a parsed but invalid subnet (e.g. too many bits) has `valid` false.
   */
  static parse(text: string): NetSubnet | undefined {
    const slash = text.lastIndexOf('/');
    const addr = lookupHost(slash < 0 ? text : text.slice(0, slash));
    if (addr === undefined) return undefined;
    if (slash < 0) return NetSubnet.ofAddress(addr);
    const maskText = text.slice(slash + 1);
    const v4 = isIPv4Address(addr);
    const start = v4 ? 12 : 0;
    const mask = new Uint8Array(16).fill(0xff);
    let valid = true;
    if (/^[+-]?\d+$/.test(maskText) && Math.abs(Number(maskText)) <= 0x7fffffff) {
      // `CSubNet(addr, int32)`: valid only within the address's bit count
      let n = Number(maskText);
      if (n >= 0 && n <= 128 - start * 8) {
        for (n += start * 8; n < 128; n++) mask[n >> 3]! &= ~(1 << (7 - (n & 7)));
      } else valid = false;
    } else {
      const m = lookupHost(maskText);
      if (m === undefined) return undefined;
      for (let x = start; x < 16; x++) mask[x] = m[x]!;
    }
    const network = addr.map((b, i) => b & mask[i]!);
    return new NetSubnet(network, mask, valid);
  }

  /** `CSubNet::Match`. */
  match(addr: Uint8Array): boolean {
    if (!this.valid || !isValidAddress(addr)) return false;
    for (let x = 0; x < 16; x++) if ((addr[x]! & this.netmask[x]!) !== this.network[x]) return false;
    return true;
  }

  /** `operator==` (the ban map's key equality). */
  equals(o: NetSubnet): boolean {
    return compareSubnets(this, o) === 0;
  }

  /** `CSubNet::ToString`: `network/cidr`, or `network/mask` when the mask is not a prefix. */
  toString(): string {
    const v4 = isIPv4Address(this.network);
    let cidr = 0;
    let validCidr = true;
    let n = v4 ? 12 : 0;
    for (; n < 16 && this.netmask[n] === 0xff; n++) cidr += 8;
    if (n < 16) {
      const bits = netmaskBits(this.netmask[n]!);
      if (bits < 0) validCidr = false;
      else cidr += bits;
      n++;
    }
    for (; n < 16 && validCidr; n++) if (this.netmask[n] !== 0) validCidr = false;
    let mask: string;
    if (validCidr) mask = String(cidr);
    else if (v4) mask = [...this.netmask.subarray(12)].join('.');
    else mask = addressWords(this.netmask).map((w) => w.toString(16)).join(':');
    return `${addressToString(this.network)}/${mask}`;
  }
}

/** The ban map's order (`CSubNet::operator<`): network bytes, then netmask bytes. */
export function compareSubnets(a: NetSubnet, b: NetSubnet): number {
  return compareBytes(a.network, b.network) || compareBytes(a.netmask, b.netmask);
}

/** `NetmaskBits`: the prefix length of one mask byte, -1 when it is not a prefix. */
function netmaskBits(x: number): number {
  const table: Record<number, number> = { 0x00: 0, 0x80: 1, 0xc0: 2, 0xe0: 3, 0xf0: 4, 0xf8: 5, 0xfc: 6, 0xfe: 7, 0xff: 8 };
  return table[x] ?? -1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
