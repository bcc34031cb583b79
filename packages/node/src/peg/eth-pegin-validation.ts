/**
 * `-validatepegin` on every peg-in, as the composition root wires it (docs/adr/0033, "Per-claim
 * checks"): one verdict cache and prevalidator shared by
 *  - block connection: the chain state's `connectHook` (geth asked before each ConnectBlock, the
 *    verdict read inside it; blocks failing on a peg-in queued for the re-check), and
 *    `prepareBlock` before `processBlock` takes the chain lock;
 *  - mempool acceptance: `acceptToMempool` (the guarded pool, `pegin-mempool-guard.ts`) and the
 *    mempool's chain view (`checkPegin`);
 *  - the 120-second re-check (`pegin-recheck.ts`).
 */
import type { Block, ChainParams, PeginCheck, Secp256k1 } from '@ocean-ts/core';
import type { ConnectHook } from '../chain/chainstate.js';
import type { Mempool } from '../mempool/mempool.js';
import { EthPeginPrevalidator } from './eth-pegin-prevalidator.js';
import { gethServesParentChain } from './eth-pegin-validator.js';
import type { MainchainRpc } from './geth-client.js';
import { withPeginLookups } from './pegin-mempool-guard.js';
import { PeginRecheck, PEGIN_RECHECK_INTERVAL_MS } from './pegin-recheck.js';
import { PeginVerdictCache, type PeginVerdictCacheOptions } from './pegin-verdicts.js';

export interface EthPeginValidationOptions {
  readonly rpc: MainchainRpc;
  readonly params: ChainParams;
  readonly secp: Secp256k1;
  readonly log: { debug(message: string): void; info(message: string): void; error(message: string): void };
  /** Monotonic milliseconds for the verdict cache (default `performance.now`). */
  readonly now?: () => number;
  readonly cache?: Omit<PeginVerdictCacheOptions, 'now'>;
}

/** What the re-check needs from the node. */
export interface PeginRecheckChain {
  getBlock(hash: Uint8Array): Block | undefined;
  /** `reconsiderblock` (with the mempool brought in line afterwards). */
  reconsiderBlock(hash: Uint8Array): Promise<void>;
}

export class EthPeginValidation {
  readonly prevalidator: EthPeginPrevalidator;
  readonly recheck = new PeginRecheck();
  readonly #opts: EthPeginValidationOptions;

  constructor(opts: EthPeginValidationOptions) {
    this.#opts = opts;
    const { params } = opts;
    const c = params.consensus;
    this.prevalidator = new EthPeginPrevalidator({
      rpc: opts.rpc,
      params: {
        peggedAsset: params.peggedAsset,
        parentGenesisBlockHash: c.parentGenesisBlockHash,
        parentContract: c.parentContract,
        fedpegAddress: c.fedpegAddress,
        peginConfirmationDepth: c.peginConfirmationDepth,
      },
      secp: opts.secp,
      cache: new PeginVerdictCache({ ...opts.cache, now: opts.now ?? (() => performance.now()) }),
      log: (m) => opts.log.debug(m),
    });
  }

  /** The synchronous verdict read by the consensus and mempool checks. */
  get checkPegin(): PeginCheck {
    return this.prevalidator.checkPegin;
  }

  /** For `Chainstate.open`. */
  get connectHook(): ConnectHook {
    return {
      prepare: (block) => this.prevalidator.prepareBlock(block),
      checkPegin: this.prevalidator.checkPegin,
      failed: (block, reject) => this.recheck.blockFailed(block, reject),
    };
  }

  /** Before `processBlock` takes the chain lock: ask geth about the block's peg-ins. */
  prepareBlock(block: Block): Promise<void> {
    return this.prevalidator.prepareBlock(block);
  }

  /** Wraps one `acceptToMempool` run (see `withPeginLookups`). */
  acceptToMempool<T>(attempt: (guard: (pool: Mempool) => Mempool) => Promise<T>): Promise<T> {
    return withPeginLookups(this.prevalidator, attempt);
  }

  /** Start the re-check rounds (every 120 s unless `intervalMs` is given). */
  startRecheck(chain: PeginRecheckChain, intervalMs = PEGIN_RECHECK_INTERVAL_MS): void {
    const { rpc, params, log } = this.#opts;
    this.recheck.start(
      {
        gethServesParentChain: () => gethServesParentChain(rpc, params.consensus.parentGenesisBlockHash),
        reconsider: async (hash) => {
          const block = chain.getBlock(hash);
          if (block !== undefined) await this.prevalidator.prepareBlock(block);
          await chain.reconsiderBlock(hash);
        },
        log,
      },
      intervalMs,
    );
  }

  stop(): Promise<void> {
    return this.recheck.stop();
  }
}
