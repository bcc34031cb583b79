/**
 * The pool's indexes (`CTxMemPool::mapTx`, `mapNextTx`, `mapLinks`): entries by txid, the spender
 * of every outpoint, parent/child links, and the cached ancestor/descendant statistics, which are
 * recomputed for every entry whose package changes.
 */
import { OutPoint, outpointKey, toDisplayHex } from '@ocean-ts/core';
import type { MempoolEntry, PackageStats } from './mempool-entry.js';

export class PoolIndex {
  readonly entries = new Map<string, MempoolEntry>();
  /** outpoint key (`outpointKey`) → txid (display hex) of the pool transaction spending it. */
  readonly spenders = new Map<string, string>();
  totalSize = 0;
  totalUsage = 0;
  /** Bumped by every change (entries, links or statistics). */
  version = 0;
  /**
   * No entry entered before this (seconds): lowered by `add`, raised by a full scan in
   * `expireEntries`; removals leave it a valid bound. Lets `Expire` skip the scan when nothing can
   * have expired (Core walks its entry-time index from the oldest).
   */
  timeLowerBound = Infinity;

  get(txid: string): MempoolEntry | undefined {
    return this.entries.get(txid);
  }

  /** Insert `entry` (its inputs must not be spent by another pool entry) and link it. */
  add(entry: MempoolEntry): void {
    this.version++;
    const id = entry.txid;
    this.entries.set(id, entry);
    if (entry.time < this.timeLowerBound) this.timeLowerBound = entry.time;
    for (const input of entry.tx.inputs) {
      if (input.isPegin) continue;
      this.spenders.set(outpointKey(input.prevout), id);
      const parent = this.entries.get(toDisplayHex(input.prevout.txid));
      if (parent !== undefined) {
        entry.parents.add(parent.txid);
        parent.children.add(id);
      }
    }
    // Children already in the pool (a transaction resurrected after a reorg).
    for (let i = 0; i < entry.tx.outputs.length; i++) {
      const child = this.spenders.get(outpointKey(new OutPoint(entry.tx.txid, i)));
      if (child !== undefined && child !== id) {
        entry.children.add(child);
        this.entries.get(child)!.parents.add(id);
      }
    }
    this.totalSize += entry.vsize;
    this.totalUsage += entry.usage;
    const affected = this.ancestorsOf(id);
    for (const d of this.descendantsOf(id)) affected.add(d);
    affected.add(id);
    this.refresh(affected);
  }

  /** Remove the given entries (`RemoveStaged`); the statistics of the rest are refreshed. */
  remove(ids: Iterable<string>): MempoolEntry[] {
    const stage = new Set([...ids].filter((id) => this.entries.has(id)));
    if (stage.size > 0) this.version++;
    const affected = new Set<string>();
    for (const id of stage) {
      for (const a of this.ancestorsOf(id)) affected.add(a);
      for (const d of this.descendantsOf(id)) affected.add(d);
    }
    const removed: MempoolEntry[] = [];
    for (const id of stage) {
      const e = this.entries.get(id)!;
      for (const input of e.tx.inputs) {
        if (input.isPegin) continue;
        const k = outpointKey(input.prevout);
        if (this.spenders.get(k) === id) this.spenders.delete(k);
      }
      for (const p of e.parents) this.entries.get(p)?.children.delete(id);
      for (const c of e.children) this.entries.get(c)?.parents.delete(id);
      this.entries.delete(id);
      this.totalSize -= e.vsize;
      this.totalUsage -= e.usage;
      removed.push(e);
    }
    for (const id of stage) affected.delete(id);
    this.refresh(affected);
    return removed;
  }

  /** In-pool ancestors of `id` (excluding itself). */
  ancestorsOf(id: string): Set<string> {
    return this.closure(id, (e) => e.parents);
  }

  /** In-pool descendants of `id` (excluding itself). */
  descendantsOf(id: string): Set<string> {
    return this.closure(id, (e) => e.children);
  }

  /** `id` and all its descendants. */
  withDescendants(id: string): Set<string> {
    const s = this.descendantsOf(id);
    s.add(id);
    return s;
  }

  private closure(id: string, next: (e: MempoolEntry) => Set<string>): Set<string> {
    const out = new Set<string>();
    const start = this.entries.get(id);
    if (start === undefined) return out;
    const stack = [...next(start)];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (out.has(x)) continue;
      out.add(x);
      const e = this.entries.get(x);
      if (e !== undefined) for (const y of next(e)) if (!out.has(y)) stack.push(y);
    }
    return out;
  }

  /** Package statistics of `id` with the given relatives, recomputed from the entries. */
  stats(id: string, relatives: Set<string>): PackageStats {
    const self = this.entries.get(id)!;
    const s: PackageStats = { count: 1, size: self.vsize, modFees: self.modifiedFee, sigOpCost: self.sigOpCost };
    for (const r of relatives) {
      const e = this.entries.get(r)!;
      s.count++;
      s.size += e.vsize;
      s.modFees += e.modifiedFee;
      s.sigOpCost += e.sigOpCost;
    }
    return s;
  }

  /** Recompute the cached statistics of `ids`. */
  refresh(ids: Iterable<string>): void {
    this.version++;
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e === undefined) continue;
      e.ancestors = this.stats(id, this.ancestorsOf(id));
      e.descendants = this.stats(id, this.descendantsOf(id));
    }
  }
}
