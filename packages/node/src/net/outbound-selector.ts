/**
 * The decisions of Core 0.14's `ThreadOpenConnections` once `-connect` is not used: when to make a
 * feeler connection (`FEELER_INTERVAL`, Poisson-distributed, only while the outbound slots are
 * full) and which addrman address to try (`nTries` rules: one peer per network group, no local or
 * limited addresses, full nodes only, recently tried ones only after 30 tries, ones without the
 * relevant services only after 40 and while less than half the slots are used, the default port
 * unless 50 tries failed, at most 100 tries). Clocks and randomness are injected.
 */
import { NODE_NETWORK } from '@ocean-ts/wire';
import type { AddrInfo, AddrMan } from './addr-man.js';
import { addressGroup, isValidAddress } from './ip-address.js';

/** `FEELER_INTERVAL`: average seconds between feeler connections. */
export const FEELER_INTERVAL = 120;
/** `FEELER_SLEEP_WINDOW`: seconds of random delay before a feeler connection. */
export const FEELER_SLEEP_WINDOW = 1;
/** `REQUIRED_SERVICES`. */
const REQUIRED_SERVICES = NODE_NETWORK;

/** `PoissonNextSend(nNow, average_interval_seconds)` in microseconds; `random` is uniform in [0, 1). */
export function poissonNextSend(nowUs: number, averageSeconds: number, random: () => number = Math.random): number {
  return nowUs + Math.trunc(-Math.log1p(-random()) * averageSeconds * 1_000_000 + 0.5);
}

/** `nNextFeeler`: starts one Poisson interval after the loop starts. */
export class FeelerTimer {
  #next: number;

  constructor(
    startUs: number,
    private readonly random: () => number = Math.random,
  ) {
    this.#next = poissonNextSend(startUs, FEELER_INTERVAL, random);
  }

  /** Microseconds of the next feeler. */
  get next(): number {
    return this.#next;
  }

  /** The outbound slots are full: true when a feeler is due now (the next one is then scheduled). */
  due(nowUs: number): boolean {
    if (nowUs <= this.#next) return false;
    this.#next = poissonNextSend(nowUs, FEELER_INTERVAL, this.random);
    return true;
  }
}

/** The network group key of an address (`GetGroup`), as a set key. */
export const groupKey = (ip: Uint8Array): string => Buffer.from(addressGroup(ip)).toString('hex');

export interface OutboundChoice {
  readonly addrman: AddrMan;
  /** A feeler picks from the new table only (`Select(fFeeler)`). */
  readonly feeler: boolean;
  /** Groups of our outbound, non-addnode peers (`setConnected`). */
  readonly connectedGroups: ReadonlySet<string>;
  /** Our outbound, non-addnode peers (`nOutbound`). */
  readonly outboundCount: number;
  readonly maxOutbound: number;
  /** `GetAdjustedTime`, seconds. */
  readonly now: number;
  readonly defaultPort: number;
  /** `nRelevantServices`. */
  readonly relevantServices: bigint;
  /** `IsLocal(addr)`: one of our own addresses (`mapLocalHost`). */
  readonly isLocal: (ip: Uint8Array) => boolean;
  /** `IsLimited(addr)`. */
  readonly isLimited: (ip: Uint8Array) => boolean;
  /** Stop early (`interruptNet`). */
  readonly interrupted?: () => boolean;
}

/** The address loop of `ThreadOpenConnections`: the address to connect to, or undefined. */
export function selectOutboundAddress(c: OutboundChoice): AddrInfo | undefined {
  let tries = 0;
  while (!(c.interrupted?.() ?? false)) {
    const addr = c.addrman.select(c.feeler);
    // if we selected an invalid address, restart
    if (addr === undefined || !isValidAddress(addr.ip) || c.connectedGroups.has(groupKey(addr.ip)) || c.isLocal(addr.ip)) break;
    // after 100 unsuitable addresses let the outer loop run again
    tries++;
    if (tries > 100) break;
    if (c.isLimited(addr.ip)) continue;
    // only connect to full nodes
    if ((addr.services & REQUIRED_SERVICES) !== REQUIRED_SERVICES) continue;
    // only consider very recently tried nodes after 30 failed attempts
    if (c.now - addr.lastTry < 600 && tries < 30) continue;
    // only consider nodes missing relevant services after 40 failed attempts and only if less than half the outbound are up
    if ((addr.services & c.relevantServices) !== c.relevantServices && (tries < 40 || c.outboundCount >= c.maxOutbound >> 1)) continue;
    // do not allow non-default ports, unless after 50 invalid addresses selected already
    if (addr.port !== c.defaultPort && tries < 50) continue;
    return addr;
  }
  return undefined;
}
