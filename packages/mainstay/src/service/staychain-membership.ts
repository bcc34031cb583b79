/**
 * The staychain membership test (spec mainstay.md §2.1 `verifyTxOnSubchain`) with a cache (§8.6):
 * a transaction is on the staychain iff following `vin[0]` back reaches `txid0`. The original
 * walked the whole chain through RPC for every candidate; here every txid a walk visits is
 * remembered (member or not), so after the first walk a check costs at most one lookup per new
 * transaction. The cache is seeded with `txid0` and the attestations the store knows.
 */
import { RpcCallError, type BitcoinClient, type UnspentOutput } from '@ocean-ts/rpc-client';

/** Forget the non-member cache beyond this many entries (members are few: one per attestation). */
const MAX_NON_MEMBERS = 100_000;

export class StaychainMembership {
  readonly #members = new Set<string>();
  readonly #nonMembers = new Set<string>();

  constructor(
    private readonly bitcoin: BitcoinClient,
    readonly txid0: string,
  ) {
    this.#members.add(txid0);
  }

  /** Record transactions known to be on the staychain (the store's attestations, a sent attestation). */
  addMembers(txids: Iterable<string>): void {
    for (const t of txids) {
      this.#members.add(t);
      this.#nonMembers.delete(t);
    }
  }

  /** Number of cached members (tests). */
  get memberCount(): number {
    return this.#members.size;
  }

  /**
   * Whether `txid` is on the staychain. A lookup that the node answers with an error (unknown
   * transaction) ends the walk: not a member, as the original. Transport failures propagate and
   * cache nothing.
   */
  async isMember(txid: string): Promise<boolean> {
    const path: string[] = [];
    let current: string | undefined = txid;
    let result = false;
    for (;;) {
      if (current === undefined) break;
      if (this.#members.has(current)) {
        result = true;
        break;
      }
      if (this.#nonMembers.has(current)) break;
      path.push(current);
      let prev: string | undefined;
      try {
        prev = (await this.bitcoin.getRawTransaction(current)).vin[0]?.txid;
      } catch (e) {
        if (e instanceof RpcCallError) break;
        throw e;
      }
      current = prev;
    }
    if (result) this.addMembers(path);
    else {
      if (this.#nonMembers.size + path.length > MAX_NON_MEMBERS) this.#nonMembers.clear();
      for (const t of path) this.#nonMembers.add(t);
    }
    return result;
  }

  /**
   * The staychain tip among `listunspent` entries: the first whose txid is a member (§2.2). OUR
   * GUARD: an output of `txid0` only counts when it pays to the staychain base script (the base
   * transaction may also have a change output that the wallet lists).
   */
  async findTip(unspent: readonly UnspentOutput[], baseScriptHex: string): Promise<UnspentOutput | undefined> {
    for (const u of unspent) {
      if (u.txid === this.txid0 && u.scriptPubKey !== baseScriptHex) continue;
      if (await this.isMember(u.txid)) return u;
    }
    return undefined;
  }
}

/** At most one topup output (§2.2): the first entry paying to `topupAddress` that is not `txid0`. */
export function findTopup(unspent: readonly UnspentOutput[], topupAddress: string | undefined, txid0: string): UnspentOutput | undefined {
  if (topupAddress === undefined) return undefined;
  return unspent.find((u) => u.address === topupAddress && u.txid !== txid0);
}
