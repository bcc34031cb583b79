// Watches a staychain in a bcoin regtest node from the outside, the way an auditor would: it polls
// the mempool (every `intervalMs`), records every transaction that spends a staychain output (the
// base output of `initTx`, or output 0 of a recorded staychain transaction) with the time it was
// first seen, and mines a block whenever a staychain transaction waits in the mempool and mining is
// on. `safety()` checks the double-spend property over everything seen and over the whole chain.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BitcoinClient, DecodedTransaction } from '@ocean-ts/rpc-client';
import type { BcoinRegtest } from '@ocean-ts/test-harness';

/** A staychain transaction seen in the mempool (or, if it arrived just before a block the watch mined, in that block). */
export interface SeenSpend {
  readonly txid: string;
  /** The staychain outpoint its input 0 spends, `txid:vout`. */
  readonly spends: string;
  /** Its only output: the script (the attested root's address) and value in satoshis. */
  readonly scriptHex: string;
  readonly value: number;
  /** `Date.now()` of the poll that first saw it. */
  readonly firstSeen: number;
}

const outpoint = (txid: string | undefined, vout: number | undefined): string => `${txid ?? 'coinbase'}:${vout ?? -1}`;

export class StaychainWatch {
  /** Every staychain transaction seen, in the order seen. */
  readonly seen: SeenSpend[] = [];
  /** Problems found while polling (a staychain output spent by an input other than 0, …). */
  readonly violations: string[] = [];
  /** Mine a block whenever a staychain transaction is in the mempool. */
  mining = true;
  /** The mempool at the last poll. */
  mempool: readonly string[] = [];
  /** Blocks mined by the watch. */
  blocksMined = 0;
  /** Staychain outputs (`txid:vout`) → nothing; the base output and output 0 of every seen spend. */
  readonly #outputs = new Set<string>();
  readonly #byTxid = new Map<string, SeenSpend>();
  readonly #decoded = new Map<string, DecodedTransaction>();
  #running = false;
  #loop: Promise<void> | undefined;
  #lastError: unknown;
  #polls = 0;

  constructor(
    private readonly bcoin: BcoinRegtest,
    private readonly bitcoin: BitcoinClient,
    readonly txid0: string,
    readonly baseVout: number,
    private readonly intervalMs = 100,
  ) {
    this.#outputs.add(outpoint(txid0, baseVout));
  }

  start(): void {
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        try {
          await this.poll();
        } catch (e) {
          this.#lastError = e;
        }
        await sleep(this.intervalMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  /** The last polling error (bcoin busy…), for failure messages. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Completed polls (a barrier: wait for it to grow to know a fresh poll happened). */
  get polls(): number {
    return this.#polls;
  }

  spend(txid: string): SeenSpend | undefined {
    return this.#byTxid.get(txid);
  }

  /** Every seen transaction spending `txid:vout`, in the order seen. */
  spendsOf(spent: string): SeenSpend[] {
    return this.seen.filter((s) => s.spends === spent);
  }

  /** The staychain transactions in the mempool at the last poll. */
  inMempool(): SeenSpend[] {
    return this.mempool.flatMap((t) => this.#byTxid.get(t) ?? []);
  }

  /** Wait for a poll that started after this call. */
  async freshPoll(timeoutMs = 30_000): Promise<void> {
    const target = this.#polls + 2;
    const deadline = Date.now() + timeoutMs;
    while (this.#polls < target) {
      if (Date.now() > deadline) throw new Error(`the staychain watch made no poll in ${timeoutMs} ms: ${String(this.#lastError)}`);
      await sleep(10);
    }
  }

  /** One poll: classify the mempool's transactions, then mine if asked to. */
  async poll(): Promise<void> {
    const mempool = await this.bitcoin.getRawMempool();
    for (const txid of mempool) {
      if (this.#decoded.has(txid)) continue;
      try {
        this.#decoded.set(txid, await this.bitcoin.getRawTransaction(txid));
      } catch {
        // left the mempool (mined or replaced) meanwhile
      }
    }
    // a child can come before its parent in the list: classify until nothing changes
    for (let changed = true; changed; ) {
      changed = false;
      for (const txid of mempool) {
        const tx = this.#decoded.get(txid);
        if (tx === undefined || this.#byTxid.has(txid)) continue;
        if (this.#classify(tx)) changed = true;
      }
    }
    this.mempool = mempool;
    this.#polls++;
    if (this.mining && mempool.some((t) => this.#byTxid.has(t))) {
      const [hash] = await this.bcoin.mine(1);
      this.blocksMined++;
      // a replacement that arrived after the mempool was read is in the block: record it too
      for (const tx of (await this.bitcoin.getBlockWithTransactions(hash!)).tx) {
        if (!this.#byTxid.has(tx.txid)) this.#classify(tx);
      }
    }
  }

  /** Records `tx` when it spends a staychain output; returns whether it did. */
  #classify(tx: DecodedTransaction): boolean {
    const hits = tx.vin.map((v, i) => ({ i, spent: outpoint(v.txid, v.vout) })).filter((x) => this.#outputs.has(x.spent));
    if (hits.length === 0) return false;
    for (const h of hits) if (h.i !== 0) this.violations.push(`${tx.txid} spends the staychain output ${h.spent} with input ${h.i}, not input 0`);
    // no topup is configured: an attestation has exactly one input and one output
    if (tx.vin.length !== 1) this.violations.push(`${tx.txid} has ${tx.vin.length} inputs (no topup is configured: expected 1)`);
    if (tx.vout.length !== 1) this.violations.push(`${tx.txid} has ${tx.vout.length} outputs (expected 1)`);
    const s: SeenSpend = {
      txid: tx.txid,
      spends: hits[0]!.spent,
      scriptHex: tx.vout[0]!.scriptPubKey.hex,
      value: tx.vout[0]!.value,
      firstSeen: Date.now(),
    };
    this.seen.push(s);
    this.#byTxid.set(tx.txid, s);
    this.#outputs.add(outpoint(tx.txid, 0));
    return true;
  }

  /**
   * The safety property over the whole run:
   * - every transaction that ever spent a staychain outpoint (seen in the mempool) pays the same
   *   output script as the others spending it — i.e. commits the same root: they are RBF versions
   *   of one attestation, never two different attestations on one tip;
   * - walking every block from the base's block to the tip, each transaction spending a staychain
   *   output spends it with input 0 only, was seen in the mempool first, and is the only confirmed
   *   spend of that output; the confirmed staychain is one line from `initTx`.
   *   (Blocks are mined only by the watch, which records the staychain transactions of each.)
   * Returns the confirmed staychain (txids, base excluded) in chain order.
   */
  async safety(): Promise<{ chain: string[]; problems: string[] }> {
    const problems = [...this.violations];
    const byOutpoint = new Map<string, SeenSpend[]>();
    for (const s of this.seen) byOutpoint.set(s.spends, [...(byOutpoint.get(s.spends) ?? []), s]);
    for (const [spent, list] of byOutpoint) {
      const scripts = new Set(list.map((s) => s.scriptHex));
      if (scripts.size > 1) problems.push(`${spent} was spent by attestations of different roots: ${list.map((s) => `${s.txid} → ${s.scriptHex}`).join(', ')}`);
    }
    const base = await this.bitcoin.getRawTransaction(this.txid0);
    if (base.blockhash === undefined) throw new Error('the base transaction is not confirmed');
    const start = (await this.bitcoin.getBlockHeader(base.blockhash)).height;
    const tip = await this.bitcoin.getBlockCount();
    const members = new Map<string, string | undefined>([[outpoint(this.txid0, this.baseVout), undefined]]);
    const chain: string[] = [];
    let chainTip = outpoint(this.txid0, this.baseVout);
    for (let h = start; h <= tip; h++) {
      const block = await this.bitcoin.getBlockWithTransactions(await this.bitcoin.getBlockHash(h));
      for (const tx of block.tx) {
        tx.vin.forEach((v, i) => {
          const spent = outpoint(v.txid, v.vout);
          if (!members.has(spent)) return;
          if (i !== 0) problems.push(`block ${h}: ${tx.txid} spends the staychain output ${spent} with input ${i}`);
          if (members.get(spent) !== undefined) problems.push(`block ${h}: ${spent} spent twice (${members.get(spent)!}, ${tx.txid})`);
          members.set(spent, tx.txid);
          if (!this.#byTxid.has(tx.txid)) problems.push(`block ${h}: staychain transaction ${tx.txid} was never seen by the watch`);
          else if (this.#byTxid.get(tx.txid)!.spends !== spent) problems.push(`block ${h}: ${tx.txid} spends ${spent}, not what the watch recorded`);
          if (spent !== chainTip) problems.push(`block ${h}: ${tx.txid} spends ${spent}, which is not the staychain tip ${chainTip}`);
          chain.push(tx.txid);
          chainTip = outpoint(tx.txid, 0);
          members.set(chainTip, undefined);
        });
      }
    }
    return { chain, problems };
  }
}
