/**
 * `-validatepegin` on every peg-in (policy spec §10.4: "inside consensus/mempool witness checks";
 * docs/adr/0033). The original's `IsValidEthPeginWitness` calls geth synchronously in the middle
 * of `CheckTxInputs` / `AcceptToMemoryPool`; ours are synchronous pipelines, so the lookup is split:
 *  1. before a transaction is accepted or a block connected, `prepareTx` / `prepareBlock` ask geth
 *     (through `validateEthPegin`) about every peg-in input whose witness passes the format checks,
 *     unless the cache already has a usable verdict, and record the answers;
 *  2. the synchronous check calls `checkPegin`, which only reads the cache: a claim without a
 *     positive verdict is invalid — `pegin-no-witness` (16) in the mempool, `bad-pegin-witness`
 *     (REJECT_PEGIN 0x44) in a block, the original's reasons for a failed `IsValidPeginWitness`.
 * An unreachable geth is the original's catch-all `Invalid eth transaction`, i.e. a negative verdict.
 */
import {
  EthPeginError,
  isValidPeginWitness,
  peginValue,
  toDisplayHex,
  type Amount,
  type Block,
  type EthPeginParams,
  type EthPeginResult,
  type PeginCheck,
  type PeginParams,
  type Secp256k1,
  type Transaction,
} from '@ocean-ts/core';
import { validateEthPegin } from './eth-pegin-validator.js';
import type { MainchainRpc } from './geth-client.js';
import { PeginVerdictCache } from './pegin-verdicts.js';

/** One peg-in claim as geth is asked about it. */
export interface EthPeginClaim {
  readonly key: string;
  /** Ethereum tx hash, internal order (witness item 4 = the input's prevout hash). */
  readonly ethTxid: Uint8Array;
  readonly amount: Amount;
  readonly claimPubkey: Uint8Array;
}

export interface EthPeginPrevalidatorOptions {
  readonly rpc: MainchainRpc;
  /** Pegged asset and parent genesis hash (the witness format), contract, fed-peg address, depth. */
  readonly params: PeginParams & EthPeginParams;
  readonly secp: Secp256k1;
  readonly cache: PeginVerdictCache;
  /** Where a negative verdict is reported (debug log). */
  readonly log?: (message: string) => void;
}

export class EthPeginPrevalidator {
  readonly #opts: EthPeginPrevalidatorOptions;
  /** Lookups under way, by claim key: concurrent checks of one claim share one geth round trip. */
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Geth round trips made (each `validateEthPegin`), for tests and metrics. */
  lookups = 0;

  constructor(opts: EthPeginPrevalidatorOptions) {
    this.#opts = opts;
  }

  get cache(): PeginVerdictCache {
    return this.#opts.cache;
  }

  /** The synchronous verdict (for the consensus and mempool checks): is there a positive answer? */
  readonly checkPegin: PeginCheck = (stack) => {
    const amount = peginValue(stack);
    if (amount === undefined || stack.length !== 5) return false;
    return this.#opts.cache.isConfirmed(PeginVerdictCache.key(stack[4]!, amount, stack[3]!));
  };

  /** The claims of `tx` whose witness passes the format checks (the others fail without geth). */
  claimsOf(tx: Transaction): EthPeginClaim[] {
    const out: EthPeginClaim[] = [];
    const { params, secp } = this.#opts;
    tx.inputs.forEach((input, i) => {
      if (!input.isPegin) return;
      const stack = tx.inWitness[i]?.peginWitness;
      if (stack === undefined || !isValidPeginWitness(stack, input.prevout, params, secp)) return;
      const amount = peginValue(stack)!;
      out.push({ key: PeginVerdictCache.key(stack[4]!, amount, stack[3]!), ethTxid: stack[4]!, amount, claimPubkey: stack[3]! });
    });
    return out;
  }

  /** Would checking `tx` now read a verdict that geth has not given (or that is stale)? */
  needsLookup(tx: Transaction): boolean {
    return this.claimsOf(tx).some((c) => this.#opts.cache.needsLookup(c.key));
  }

  /** Ask geth about the peg-ins of `tx` that have no usable verdict. */
  prepareTx(tx: Transaction): Promise<void> {
    return this.#prepare(this.claimsOf(tx));
  }

  /** Ask geth about the peg-ins of every transaction of `block` that have no usable verdict. */
  prepareBlock(block: Block): Promise<void> {
    return this.#prepare(block.transactions.flatMap((tx) => (tx.isCoinbase ? [] : this.claimsOf(tx))));
  }

  async #prepare(claims: readonly EthPeginClaim[]): Promise<void> {
    const pending: Promise<void>[] = [];
    const seen = new Set<string>();
    for (const c of claims) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      const running = this.#inFlight.get(c.key);
      if (running !== undefined) pending.push(running);
      else if (this.#opts.cache.needsLookup(c.key)) pending.push(this.#lookup(c));
    }
    await Promise.all(pending);
  }

  #lookup(c: EthPeginClaim): Promise<void> {
    const { rpc, params, secp, cache, log } = this.#opts;
    this.lookups++;
    const p = validateEthPegin(rpc, c.ethTxid, c.amount, c.claimPubkey, params, secp)
      .catch((): EthPeginResult => ({ ok: false, error: EthPeginError.INVALID }))
      .then((result) => {
        cache.record(c.key, result);
        if (!result.ok) log?.(`validatepegin: eth tx ${toDisplayHex(c.ethTxid)} amount ${c.amount}: ${result.error}`);
      });
    const done = p.finally(() => this.#inFlight.delete(c.key));
    this.#inFlight.set(c.key, done);
    return done;
  }
}
