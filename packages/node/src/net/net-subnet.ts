import { parseIp } from '../config/subnet.js';

/**
 * Core 0.14's `CNetAddr` / `CSubNet` as `setban` uses them (numeric addresses only, no name
 * lookups): 16-byte addresses with IPv4 held as IPv4-mapped IPv6, a netmask, Core's validity rules,
 * its map ordering and its `ToString`.
 */
export class NetSubnet {
  private constructor(
    /** 16 bytes, already masked. */
    readonly network: Uint8Array,
    /** 16 bytes. */
    readonly netmask: Uint8Array,
    readonly valid: boolean,
  ) {}

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
    const v4 = isIPv4(addr);
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
    const v4 = isIPv4(this.network);
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
    else mask = words(this.netmask).map((w) => w.toString(16)).join(':');
    return `${addressToString(this.network)}/${mask}`;
  }
}

/** The ban map's order (`CSubNet::operator<`): network bytes, then netmask bytes. */
export function compareSubnets(a: NetSubnet, b: NetSubnet): number {
  return compareBytes(a.network, b.network) || compareBytes(a.netmask, b.netmask);
}

/** `LookupHost(name, fAllowLookup=false)`: a numeric IPv4/IPv6 address (brackets allowed). */
export function lookupHost(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.includes('\0')) return undefined;
  return parseIp(text);
}

/** `CNetAddr::IsValid`. */
export function isValidAddress(ip: Uint8Array): boolean {
  // 3-byte shifted addresses from pre-0.2.9 garbage (`pchIPv4 + 3`)
  const shifted = [0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
  if (shifted.every((b, i) => ip[i] === b)) return false;
  if (ip.every((b) => b === 0)) return false; // unspecified ::
  if (ip[0] === 0x20 && ip[1] === 0x01 && ip[2] === 0x0d && ip[3] === 0xb8) return false; // RFC3849 documentation
  if (isIPv4(ip)) {
    const last = ip.subarray(12);
    if (last.every((b) => b === 0xff)) return false; // INADDR_NONE
    if (last.every((b) => b === 0)) return false;
  }
  return true;
}

export function isIPv4(ip: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/** `CNetAddr::ToStringIP`: dotted IPv4, else IPv6 as `getnameinfo(NI_NUMERICHOST)` prints it. */
export function addressToString(ip: Uint8Array): string {
  if (isIPv4(ip)) return [...ip.subarray(12)].join('.');
  const w = words(ip);
  // glibc inet_ntop: the longest run (≥ 2) of zero words becomes `::` (first one on ties)
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) best = -1;
  const hex = (ws: number[]) => ws.map((x) => x.toString(16)).join(':');
  // IPv4-compatible (`::a.b.c.d`) and IPv4-mapped forms keep the dotted tail
  if (best === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
    return `::${bestLen === 5 ? 'ffff:' : ''}${[...ip.subarray(12)].join('.')}`;
  }
  if (best < 0) return hex(w);
  return `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}

function words(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < 16; i += 2) out.push((b[i]! << 8) | b[i + 1]!);
  return out;
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
