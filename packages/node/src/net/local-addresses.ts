/**
 * Our own addresses as Core 0.14's net.cpp keeps them: `mapLocalHost` (`AddLocal`, `SeenLocal`,
 * `GetLocal` with `GetReachabilityFrom`, `GetnScore`) and the limited networks (`vfLimited`,
 * `IsLimited`, `IsReachable`) that `-onlynet` and the missing Tor proxy set.
 */
import { NET_IPV4, NET_IPV6, NET_TOR, NET_UNROUTABLE, addressNetwork, isRoutableAddress, serviceToString } from './ip-address.js';

/** `LOCAL_IF` / `LOCAL_BIND` / `LOCAL_UPNP` / `LOCAL_MANUAL` scores of `mapLocalHost`. */
export const LOCAL_IF = 1;
export const LOCAL_BIND = 2;
export const LOCAL_UPNP = 3;
export const LOCAL_MANUAL = 4;

/** `NET_TEREDO` of `GetExtNetwork` (one past `NET_MAX`'s real networks). */
const NET_TEREDO = 5;
/** `NET_UNKNOWN` of `GetExtNetwork`. */
const NET_UNKNOWN = 4;

/** Core's `enum Network` names (getnetworkinfo `networks`, `-onlynet`). */
export const NETWORK_NAMES = ['ipv4', 'ipv6', 'onion'] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

const networkOfName = (name: NetworkName): number => (name === 'ipv4' ? NET_IPV4 : name === 'ipv6' ? NET_IPV6 : NET_TOR);

const prefix = (ip: Uint8Array, bytes: readonly number[]): boolean => bytes.every((b, i) => ip[i] === b);
const isRfc4380 = (ip: Uint8Array): boolean => prefix(ip, [0x20, 0x01, 0, 0]);
const isRfc3964 = (ip: Uint8Array): boolean => prefix(ip, [0x20, 0x02]);
const isRfc6052 = (ip: Uint8Array): boolean => prefix(ip, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]);
const isRfc6145 = (ip: Uint8Array): boolean => prefix(ip, [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0]);

/** `GetExtNetwork`. */
function extNetwork(ip: Uint8Array | undefined): number {
  if (ip === undefined) return NET_UNKNOWN;
  if (isRfc4380(ip)) return NET_TEREDO;
  return addressNetwork(ip);
}

const REACH_UNREACHABLE = 0;
const REACH_DEFAULT = 1;
const REACH_TEREDO = 2;
const REACH_IPV6_WEAK = 3;
const REACH_IPV4 = 4;
const REACH_IPV6_STRONG = 5;
const REACH_PRIVATE = 6;

/** `CNetAddr::GetReachabilityFrom`: how well a peer at `partner` can reach us at `ours`. */
export function reachabilityFrom(ours: Uint8Array, partner: Uint8Array | undefined): number {
  if (!isRoutableAddress(ours)) return REACH_UNREACHABLE;
  const ourNet = extNetwork(ours);
  const theirNet = extNetwork(partner);
  const tunnel = isRfc3964(ours) || isRfc6052(ours) || isRfc6145(ours);
  switch (theirNet) {
    case NET_IPV4:
      return ourNet === NET_IPV4 ? REACH_IPV4 : REACH_DEFAULT;
    case NET_IPV6:
      if (ourNet === NET_TEREDO) return REACH_TEREDO;
      if (ourNet === NET_IPV4) return REACH_IPV4;
      // only prefer giving our IPv6 address if it's not tunnelled
      if (ourNet === NET_IPV6) return tunnel ? REACH_IPV6_WEAK : REACH_IPV6_STRONG;
      return REACH_DEFAULT;
    case NET_TOR:
      if (ourNet === NET_IPV4) return REACH_IPV4; // Tor users can connect to IPv4 as well
      if (ourNet === NET_TOR) return REACH_PRIVATE;
      return REACH_DEFAULT;
    case NET_TEREDO:
      if (ourNet === NET_TEREDO) return REACH_TEREDO;
      if (ourNet === NET_IPV6) return REACH_IPV6_WEAK;
      if (ourNet === NET_IPV4) return REACH_IPV4;
      return REACH_DEFAULT;
    default:
      if (ourNet === NET_TEREDO) return REACH_TEREDO;
      if (ourNet === NET_IPV6) return REACH_IPV6_WEAK;
      if (ourNet === NET_IPV4) return REACH_IPV4;
      if (ourNet === NET_TOR) return REACH_PRIVATE; // either from Tor, or don't care about our address
      return REACH_DEFAULT;
  }
}

/** `vfLimited`: `-onlynet` limits every other network; onion is limited without a Tor proxy. */
export class NetworkLimits {
  readonly #limited = new Set<number>();

  constructor(onlyNet: readonly NetworkName[], torProxy = false) {
    if (onlyNet.length > 0) {
      // every network outside -onlynet, NET_UNROUTABLE included
      this.#limited.add(NET_UNROUTABLE);
      for (const n of NETWORK_NAMES) if (!onlyNet.includes(n)) this.#limited.add(networkOfName(n));
    }
    // SetLimited(NET_TOR) unless -proxy/-onion give a way to reach it
    if (!torProxy) this.#limited.add(NET_TOR);
  }

  /** `IsLimited(net)` by name. */
  isLimitedNetwork(name: NetworkName): boolean {
    return this.#limited.has(networkOfName(name));
  }

  /** `IsLimited(addr)`. */
  isLimited(ip: Uint8Array): boolean {
    return this.#limited.has(addressNetwork(ip));
  }

  /** `IsReachable(addr)` (0.14: the address's network is not limited). */
  isReachable(ip: Uint8Array): boolean {
    return !this.isLimited(ip);
  }
}

export interface LocalService {
  readonly ip: Uint8Array;
  readonly port: number;
  readonly score: number;
}

const key = (ip: Uint8Array): string => Buffer.from(ip).toString('hex');

/** `mapLocalHost`: our addresses (keyed by IP) with their port and score. */
export class LocalAddresses {
  readonly #map = new Map<string, LocalService>();

  constructor(
    private readonly opts: {
      /** `fDiscover`. */
      readonly discover: boolean;
      readonly limits: NetworkLimits;
      readonly log?: (message: string) => void;
    },
  ) {}

  get discover(): boolean {
    return this.opts.discover;
  }

  /** `AddLocal(addr, score)`: false when the address is not routable, not allowed or limited. */
  add(ip: Uint8Array, port: number, score: number): boolean {
    if (!isRoutableAddress(ip)) return false;
    if (!this.opts.discover && score < LOCAL_MANUAL) return false;
    if (this.opts.limits.isLimited(ip)) return false;
    this.opts.log?.(`AddLocal(${serviceToString(ip, port)},${score})`);
    const k = key(ip);
    const existing = this.#map.get(k);
    if (existing === undefined) this.#map.set(k, { ip: ip.slice(), port, score });
    else if (score >= existing.score) this.#map.set(k, { ip: existing.ip, port, score: score + 1 });
    return true;
  }

  /** `SeenLocal`: a peer saw us at this address (raises its score). */
  seen(ip: Uint8Array): boolean {
    const k = key(ip);
    const existing = this.#map.get(k);
    if (existing === undefined) return false;
    this.#map.set(k, { ...existing, score: existing.score + 1 });
    return true;
  }

  /** `IsLocal(addr)`: one of our addresses. */
  has(ip: Uint8Array): boolean {
    return this.#map.has(key(ip));
  }

  /** `GetnScore`. */
  score(ip: Uint8Array): number {
    return this.#map.get(key(ip))?.score ?? 0;
  }

  /** `GetLocal(addr, paddrPeer)`: the best reachable, then best scored, of our addresses. */
  best(peer: Uint8Array | undefined): LocalService | undefined {
    let best: LocalService | undefined;
    let bestReach = -1;
    let bestScore = -1;
    // std::map order (CNetAddr's operator<: the 16 bytes)
    for (const [, l] of [...this.#map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const reach = reachabilityFrom(l.ip, peer);
      if (reach > bestReach || (reach === bestReach && l.score > bestScore)) {
        best = l;
        bestReach = reach;
        bestScore = l.score;
      }
    }
    return bestScore >= 0 ? best : undefined;
  }

  /** The entries in `mapLocalHost` order (getnetworkinfo `localaddresses`). */
  list(): LocalService[] {
    return [...this.#map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, l]) => l);
  }
}
