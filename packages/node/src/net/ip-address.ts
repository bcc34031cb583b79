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
