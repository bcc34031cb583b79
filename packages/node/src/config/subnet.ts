import { isIPv4, isIPv6 } from 'node:net';

/**
 * An IP network as `-rpcallowip` and `-whitelist` take it (Bitcoin Core's `CSubNet` /
 * `LookupSubNet`, numeric addresses only): a single address, `addr/CIDR` or `addr/netmask`;
 * `[v6]` brackets allowed. IPv4 is held as IPv4-mapped IPv6 (`::ffff:a.b.c.d`), like the
 * original, so an IPv4-mapped client address matches an IPv4 network.
 */
export class Subnet {
  private constructor(
    /** 16 bytes, already masked. */
    private readonly network: Uint8Array,
    /** 16 bytes. */
    private readonly mask: Uint8Array,
    readonly isIPv4: boolean,
  ) {}

  /** Parse, or undefined when the text is not a valid subnet. */
  static parse(text: string): Subnet | undefined {
    const slash = text.indexOf('/');
    const addrText = slash >= 0 ? text.slice(0, slash) : text;
    const addr = parseIp(addrText);
    if (!addr) return undefined;
    const v4 = isMappedV4(addr);
    let mask: Uint8Array;
    if (slash < 0) {
      mask = new Uint8Array(16).fill(0xff);
    } else {
      const maskText = text.slice(slash + 1);
      if (/^[+-]?\d+$/.test(maskText)) {
        const bits = Number(maskText);
        const max = v4 ? 32 : 128;
        if (bits < 0 || bits > max) return undefined;
        mask = prefixMask(v4 ? 96 + bits : bits);
      } else {
        const m = parseIp(maskText);
        if (!m || isMappedV4(m) !== v4) return undefined;
        mask = m;
        if (v4) mask.fill(0xff, 0, 12);
      }
    }
    const network = addr.map((b, i) => b & mask[i]!);
    return new Subnet(network, mask, v4);
  }

  /** Whether an address (text, e.g. a socket's `remoteAddress`) lies in this network. */
  contains(address: string): boolean {
    const a = parseIp(address);
    if (!a) return false;
    for (let i = 0; i < 16; i++) if ((a[i]! & this.mask[i]!) !== this.network[i]) return false;
    return true;
  }

  /** `1.2.3.0/24`, `::1/128`, or `net/mask` for a mask that is not a prefix. */
  toString(): string {
    const prefix = prefixLength(this.mask);
    if (this.isIPv4) {
      const net = [...this.network.subarray(12)].join('.');
      return prefix === undefined ? `${net}/${[...this.mask.subarray(12)].join('.')}` : `${net}/${prefix - 96}`;
    }
    return prefix === undefined ? `${formatV6(this.network)}/${formatV6(this.mask)}` : `${formatV6(this.network)}/${prefix}`;
  }
}

/** Numeric IPv4 or IPv6 (optionally in brackets) → 16 bytes (IPv4 mapped), else undefined. */
export function parseIp(text: string): Uint8Array | undefined {
  const t = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(t)) {
    const out = new Uint8Array(16);
    out[10] = 0xff;
    out[11] = 0xff;
    t.split('.').forEach((p, i) => (out[12 + i] = Number(p)));
    return out;
  }
  if (!isIPv6(t) || t.includes('%')) return undefined;
  let v6 = t;
  const lastColon = v6.lastIndexOf(':');
  const last = v6.slice(lastColon + 1);
  if (last.includes('.')) {
    // embedded IPv4 (`::ffff:1.2.3.4`): rewrite as two hex groups
    const p = last.split('.').map(Number) as [number, number, number, number];
    v6 = `${v6.slice(0, lastColon + 1)}${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  let words: number[];
  const gap = v6.indexOf('::');
  if (gap < 0) {
    words = groups(v6);
  } else {
    const l = groups(v6.slice(0, gap));
    const r = groups(v6.slice(gap + 2));
    words = [...l, ...new Array<number>(Math.max(8 - l.length - r.length, 0)).fill(0), ...r];
  }
  if (words.length !== 8) return undefined;
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

function isMappedV4(a: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (a[i] !== 0) return false;
  return a[10] === 0xff && a[11] === 0xff;
}

function prefixMask(bits: number): Uint8Array {
  const m = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const b = Math.min(Math.max(bits - 8 * i, 0), 8);
    m[i] = (0xff << (8 - b)) & 0xff;
  }
  return m;
}

function prefixLength(mask: Uint8Array): number | undefined {
  let bits = 0;
  let ended = false;
  for (const byte of mask) {
    for (let k = 7; k >= 0; k--) {
      const set = ((byte >> k) & 1) === 1;
      if (set && ended) return undefined;
      if (set) bits++;
      else ended = true;
    }
  }
  return bits;
}

function formatV6(a: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((a[i]! << 8) | a[i + 1]!);
  // compress the longest run (≥ 2) of zero words, as RFC 5952 does
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (best < 0) return hex(words);
  return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}
