import { NetSubnet, compareSubnets } from './net-subnet.js';

/** `BanReason` as `listbanned` prints it (`CBanEntry::banReasonToString`). */
export type BanReason = 'manually added' | 'node misbehaving';

export interface BanEntry {
  readonly subnet: NetSubnet;
  /** Seconds since the epoch. */
  readonly createTime: number;
  readonly banUntil: number;
  readonly reason: BanReason;
}

/**
 * Core 0.14's ban map (`CConnman::setBanned`, kept in memory only): subnet → ban entry, ordered like
 * `std::map<CSubNet, CBanEntry>`, with Core's expiry rules (banned while `now < banUntil`; swept
 * when `now > banUntil`).
 */
export class BanList {
  #entries: BanEntry[] = [];

  constructor(
    /** `-bantime` in seconds (the ban length when none is given). */
    private readonly defaultBanTime: number,
    /** Seconds since the epoch (`GetTime`, mockable). */
    private readonly clock: () => number,
  ) {}

  /** `IsBanned(CNetAddr)`: some unexpired entry matches the address. */
  isAddressBanned(addr: Uint8Array): boolean {
    const now = this.clock();
    return this.#entries.some((e) => e.subnet.match(addr) && now < e.banUntil);
  }

  /** `IsBanned(CSubNet)`: an unexpired entry for exactly this subnet. */
  isSubnetBanned(subnet: NetSubnet): boolean {
    const e = this.find(subnet);
    return e !== undefined && this.clock() < e.banUntil;
  }

  /**
   * `Ban`: a non-positive `banTimeOffset` means the default ban time from now; `sinceUnixEpoch`
   * makes the offset an absolute time. An existing entry is replaced only by a later end.
   */
  ban(subnet: NetSubnet, reason: BanReason, banTimeOffset = 0, sinceUnixEpoch = false): void {
    const now = this.clock();
    let offset = banTimeOffset;
    let absolute = sinceUnixEpoch;
    if (offset <= 0) {
      offset = this.defaultBanTime;
      absolute = false;
    }
    const entry: BanEntry = { subnet, createTime: now, banUntil: (absolute ? 0 : now) + offset, reason };
    const i = this.#entries.findIndex((e) => e.subnet.equals(subnet));
    if (i < 0) {
      this.#entries.push(entry);
      this.#entries.sort((a, b) => compareSubnets(a.subnet, b.subnet));
    } else if (this.#entries[i]!.banUntil < entry.banUntil) {
      this.#entries[i] = entry;
    }
  }

  /** `Unban`: false when there was no entry for exactly this subnet. */
  unban(subnet: NetSubnet): boolean {
    const i = this.#entries.findIndex((e) => e.subnet.equals(subnet));
    if (i < 0) return false;
    this.#entries.splice(i, 1);
    return true;
  }

  /** `GetBanned` (after `SweepBanned`): the unexpired entries in map order. */
  list(): BanEntry[] {
    const now = this.clock();
    this.#entries = this.#entries.filter((e) => !(now > e.banUntil));
    return [...this.#entries];
  }

  /** `ClearBanned`. */
  clear(): void {
    this.#entries = [];
  }

  /** Every entry, expired ones included, in map order (what `banlist.dat` stores). */
  all(): BanEntry[] {
    return [...this.#entries];
  }

  /** `SetBanned` from `banlist.dat`: replaces the map (entries are kept in map order). */
  load(entries: readonly BanEntry[]): void {
    this.#entries = [...entries].sort((a, b) => compareSubnets(a.subnet, b.subnet));
  }

  private find(subnet: NetSubnet): BanEntry | undefined {
    return this.#entries.find((e) => e.subnet.equals(subnet));
  }
}
