/**
 * `-validatepegin`'s periodic re-check (policy spec §10.4 "Startup (and every 120 s)"; the
 * original's `MainchainRPCCheck(false)` on the scheduler). A block that failed to connect with a
 * REJECT_PEGIN reject (`bad-pegin-witness`: geth did not confirm one of its peg-ins, or was not
 * reachable) goes into a queue, as `ConnectBlock` writes it to the original's invalid-block queue.
 * Every round first checks that geth serves the parent chain (else: an error in the log and
 * nothing else this round); then each queued block gets its failure marks cleared and the best
 * chain is activated again — its peg-ins are asked about anew — and the blocks that fail again
 * are queued again by the same path.
 */
import { REJECT_PEGIN, toDisplayHex, toHex, type Block, type Reject } from '@ocean-ts/core';

/** The original's `scheduler.scheduleEvery(MainchainRPCCheck, 120)`. */
export const PEGIN_RECHECK_INTERVAL_MS = 120_000;

export interface PeginRecheckHost {
  /** `eth_getBlockByNumber("0x0")` is the parent chain's genesis block. */
  gethServesParentChain(): Promise<boolean>;
  /** Clear the block's failure marks and activate the best chain (asking geth about its peg-ins). */
  reconsider(hash: Uint8Array): Promise<void>;
  readonly log: { info(message: string): void; error(message: string): void };
}

export class PeginRecheck {
  /** Block hashes (internal order) by hex, in the order they failed. */
  readonly #queue = new Map<string, Uint8Array>();
  #host: PeginRecheckHost | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  /** The blocks waiting for the next round, display hex. */
  get queued(): string[] {
    return [...this.#queue.values()].map((h) => toDisplayHex(h));
  }

  /** The chain state's `failed` hook: queue blocks that failed on a peg-in. */
  blockFailed(block: Block, reject: Reject): void {
    if (reject.code !== REJECT_PEGIN) return;
    this.#queue.set(toHex(block.hash), block.hash);
  }

  /** Run a round every `intervalMs` (the timer does not keep the process alive). */
  start(host: PeginRecheckHost, intervalMs = PEGIN_RECHECK_INTERVAL_MS): void {
    this.#host = host;
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.runOnce(), intervalMs);
    this.#timer.unref();
  }

  /** Stop the timer and wait for a round under way. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One round now (a round already under way is joined, not doubled). */
  runOnce(): Promise<void> {
    this.#running ??= this.#round().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #round(): Promise<void> {
    const host = this.#host;
    if (host === undefined) return;
    try {
      if (!(await host.gethServesParentChain())) {
        host.log.error('ERROR: validatepegin: geth does not answer as the parent chain; blocks that failed on a peg-in are re-checked later');
        return;
      }
      const blocks = [...this.#queue.values()];
      this.#queue.clear();
      for (const hash of blocks) {
        host.log.info(`validatepegin: re-checking block ${toDisplayHex(hash)}`);
        await host.reconsider(hash).catch((e: unknown) => host.log.error(`validatepegin: re-check of block ${toDisplayHex(hash)} failed: ${e instanceof Error ? e.message : String(e)}`));
      }
    } catch (e) {
      host.log.error(`validatepegin: re-check failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
