import { isIPv4 as isIPv4Text, isIPv6 as isIPv6Text } from 'node:net';

/**
 * Core 0.14's `CNetAddr` for numeric addresses: 16 bytes, IPv4 held as IPv4-mapped IPv6
 * (`::ffff:a.b.c.d`), with its validity rules and `ToStringIP`.
 */

/** Numeric IPv4 or IPv6 (optionally in brackets) → 16 bytes (IPv4 mapped), else undefined. */
export function parseIp(text: string): Uint8Array | undefined {
  const t = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4Text(t)) {
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    t.split('.').forEach((p, i) => (out[12 + i] = Number(p)));
    return out;
  }
  if (!isIPv6Text(t) || t.includes('%')) return undefined;
  let v6 = t;
  const lastColon = v6.lastIndexOf(':');
  const last = v6.slice(lastColon + 1);
  if (last.includes('.')) {
    // embedded IPv4 (`::ffff:1.2.3.4`): rewrite as two hex groups
    const p = last.split('.').map(Number) as [number, number, number, number];
    v6 = `${v6.slice(0, lastColon + 1)}${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  let w: number[];
  const gap = v6.indexOf('::');
  if (gap < 0) {
    w = groups(v6);
  } else {
    const l = groups(v6.slice(0, gap));
    const r = groups(v6.slice(gap + 2));
    w = [...l, ...new Array<number>(Math.max(8 - l.length - r.length, 0)).fill(0), ...r];
  }
  if (w.length !== 8) return undefined;
  const out = new Uint8Array(16);
  w.forEach((x, i) => {
    out[2 * i] = x >> 8;
    out[2 * i + 1] = x & 0xff;
  });
  return out;
}

/** `LookupHost(name, fAllowLookup=false)`: a numeric IPv4/IPv6 address (brackets allowed). */
export function lookupHost(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.includes('\0')) return undefined;
  return parseIp(text);
}

/** `CNetAddr::IsIPv4`: an IPv4-mapped address. */
export function isIPv4Address(ip: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/** `CNetAddr::IsValid`. */
export function isValidAddress(ip: Uint8Array): boolean {
  // 3-byte shifted addresses from pre-0.2.9 garbage (`pchIPv4 + 3`)
  const shifted = [0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
  if (shifted.every((b, i) => ip[i] === b)) return false;
  if (ip.every((b) => b === 0)) return false; // unspecified ::
  if (ip[0] === 0x20 && ip[1] === 0x01 && ip[2] === 0x0d && ip[3] === 0xb8) return false; // RFC3849 documentation
  if (isIPv4Address(ip)) {
    const last = ip.subarray(12);
    if (last.every((b) => b === 0xff)) return false; // INADDR_NONE
    if (last.every((b) => b === 0)) return false;
  }
  return true;
}

/** The eight 16-bit words of an address. */
export function addressWords(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < 16; i += 2) out.push((b[i]! << 8) | b[i + 1]!);
  return out;
}

/** `CNetAddr::ToStringIP`: dotted IPv4, else IPv6 as `getnameinfo(NI_NUMERICHOST)` prints it. */
export function addressToString(ip: Uint8Array): string {
  if (isIPv4Address(ip)) return [...ip.subarray(12)].join('.');
  const w = addressWords(ip);
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

/** Core's `enum Network` values used in address groups. */
export const NET_UNROUTABLE = 0;
export const NET_IPV4 = 1;
export const NET_IPV6 = 2;
export const NET_TOR = 3;

const prefix = (ip: Uint8Array, bytes: readonly number[]): boolean => bytes.every((b, i) => ip[i] === b);
/** `GetByte(n)` of Core: bytes counted from the end. */
const byteFromEnd = (ip: Uint8Array, n: number): number => ip[15 - n]!;

/** `CNetAddr::IsLocal`: 127/8, 0/8 and `::1`. */
export function isLocalAddress(ip: Uint8Array): boolean {
  if (isIPv4Address(ip) && (ip[12] === 127 || ip[12] === 0)) return true;
  return prefix(ip, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
}

/** `CNetAddr::IsTor`: the OnionCat prefix fd87:d87e:eb43::/48. */
export function isTorAddress(ip: Uint8Array): boolean {
  return prefix(ip, [0xfd, 0x87, 0xd8, 0x7e, 0xeb, 0x43]);
}

function isRfc6145(ip: Uint8Array): boolean {
  return prefix(ip, [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0]);
}
function isRfc6052(ip: Uint8Array): boolean {
  return prefix(ip, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]);
}
function isRfc3964(ip: Uint8Array): boolean {
  return ip[0] === 0x20 && ip[1] === 0x02;
}
function isRfc4380(ip: Uint8Array): boolean {
  return ip[0] === 0x20 && ip[1] === 0x01 && ip[2] === 0 && ip[3] === 0;
}

/** `CNetAddr::IsRoutable`: valid and not private, link-local, documentation, benchmarking or local. */
export function isRoutableAddress(ip: Uint8Array): boolean {
  if (!isValidAddress(ip) || isLocalAddress(ip)) return false;
  if (isIPv4Address(ip)) {
    const [a, b, c] = [ip[12]!, ip[13]!, ip[14]!];
    if (a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31)) return false; // RFC1918
    if (a === 198 && (b === 18 || b === 19)) return false; // RFC2544
    if (a === 169 && b === 254) return false; // RFC3927
    if (a === 100 && b >= 64 && b <= 127) return false; // RFC6598
    if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return false; // RFC5737
    return true;
  }
  if (prefix(ip, [0xfe, 0x80, 0, 0, 0, 0, 0, 0])) return false; // RFC4862
  if ((ip[0]! & 0xfe) === 0xfc && !isTorAddress(ip)) return false; // RFC4193
  if (ip[0] === 0x20 && ip[1] === 0x01 && ip[2] === 0x00 && (ip[3]! & 0xf0) === 0x10) return false; // RFC4843
  return true;
}

/** `CNetAddr::GetNetwork`. */
export function addressNetwork(ip: Uint8Array): number {
  if (!isRoutableAddress(ip)) return NET_UNROUTABLE;
  if (isIPv4Address(ip)) return NET_IPV4;
  if (isTorAddress(ip)) return NET_TOR;
  return NET_IPV6;
}

/**
 * `CNetAddr::GetGroup`: the network group peers are diversified by (/16 for IPv4, /32 for IPv6,
 * the embedded IPv4 of tunnels; one group for all unroutable addresses, local ones included).
 */
export function addressGroup(ip: Uint8Array): Uint8Array {
  let nClass = NET_IPV6;
  let start = 0;
  let bits = 16;
  if (isLocalAddress(ip)) {
    nClass = 255;
    bits = 0;
  }
  if (!isRoutableAddress(ip)) {
    nClass = NET_UNROUTABLE;
    bits = 0;
  } else if (isIPv4Address(ip) || isRfc6145(ip) || isRfc6052(ip)) {
    nClass = NET_IPV4;
    start = 12;
  } else if (isRfc3964(ip)) {
    nClass = NET_IPV4;
    start = 2;
  } else if (isRfc4380(ip)) {
    return Uint8Array.of(NET_IPV4, byteFromEnd(ip, 3) ^ 0xff, byteFromEnd(ip, 2) ^ 0xff);
  } else if (isTorAddress(ip)) {
    nClass = NET_TOR;
    start = 6;
    bits = 4;
  } else if (byteFromEnd(ip, 15) === 0x20 && byteFromEnd(ip, 14) === 0x01 && byteFromEnd(ip, 13) === 0x04 && byteFromEnd(ip, 12) === 0x70) {
    bits = 36;
  } else {
    bits = 32;
  }
  const out = [nClass];
  for (; bits >= 8; bits -= 8) out.push(ip[start++]!);
  if (bits > 0) out.push(ip[start]! | ((1 << (8 - bits)) - 1));
  return Uint8Array.from(out);
}

/** `CService::ToStringIPPort`: `a.b.c.d:port`, `[v6]:port`. */
export function serviceToString(ip: Uint8Array, port: number): string {
  return isIPv4Address(ip) ? `${addressToString(ip)}:${port}` : `[${addressToString(ip)}]:${port}`;
}

/**
 * `SplitHostPort`: `host:port`, `[v6]:port`, `[v6]`, `v6` (more than one colon, no brackets) or
 * `host`; the port is `defaultPort` when absent or not a valid port number.
 */
export function splitHostPort(text: string, defaultPort: number): { host: string; port: number } {
  let host = text;
  let port = defaultPort;
  const colon = text.lastIndexOf(':');
  // if a : is found, and it either follows a [...], or no other : is in the string, treat it as port separator
  const haveBracket = text.startsWith('[');
  if (colon >= 0 && (!haveBracket || text[colon - 1] === ']') && (haveBracket || text.indexOf(':') === colon)) {
    const p = text.slice(colon + 1);
    if (/^\d+$/.test(p) && Number(p) > 0 && Number(p) < 0x10000) {
      host = text.slice(0, colon);
      port = Number(p);
    }
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port };
}

/** IP bytes from the text form Node gives for a socket address (`::ffff:1.2.3.4` included). */
export function socketAddressBytes(address: string | undefined): Uint8Array {
  return (address !== undefined ? parseIp(address) : undefined) ?? new Uint8Array(16);
}
