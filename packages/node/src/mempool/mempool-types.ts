/** The mempool's dependencies, options of an acceptance, and the shapes of its answers. */
import type { ConfidentialVerifier, Reject, Secp256k1 } from '@ocean-ts/core';
import type { ScriptVerifier } from '../verify/script-verifier.js';
import type { MempoolChainView, PolicyHooks } from './chain-view.js';
import type { MempoolOptions } from './options.js';

export interface MempoolDeps {
  readonly chain: MempoolChainView;
  readonly secp: Secp256k1;
  /** Current time in seconds. */
  readonly clock: () => number;
  /** Uniform [0, 1) (orphan eviction). */
  readonly rng?: () => number;
  readonly hooks?: PolicyHooks;
  readonly options?: Partial<MempoolOptions>;
  /** Needed only for confidential transactions. */
  readonly verifier?: ConfidentialVerifier;
  /**
   * Where `acceptAsync` / `submitAsync` run a transaction's script and confidential-proof checks
   * (the worker pool); the synchronous `accept` / `submit` always check inline.
   */
  readonly scriptVerifier?: ScriptVerifier;
}

export interface AcceptOptions {
  /** `allowhighfees`: skip the absurd-fee check. */
  readonly allowHighFees?: boolean;
  /** Re-adding a disconnected block's transaction (`fLimitFree = false`): no fee floors, no trim. */
  readonly bypassLimits?: boolean;
}

export type AcceptResult =
  | { readonly status: 'accepted'; readonly txid: string; readonly replaced: readonly string[] }
  | { readonly status: 'missing-inputs'; readonly txid: string }
  | { readonly status: 'rejected'; readonly txid: string; readonly reject: Reject };

/** `testmempoolaccept`'s result object. */
export interface TestAcceptResult {
  readonly txid: string;
  readonly allowed: boolean;
  readonly 'reject-reason'?: string;
}

/** `getmempoolinfo` (fees in satoshis; `mempoolminfee` per kB). */
export interface MempoolInfo {
  readonly size: number;
  readonly bytes: number;
  readonly usage: number;
  readonly maxmempool: number;
  readonly mempoolminfee: bigint;
}

/** A verbose `getrawmempool` / `getmempoolentry` entry (fees in satoshis). */
export interface MempoolEntryInfo {
  readonly size: number;
  readonly fee: bigint;
  readonly modifiedfee: bigint;
  readonly time: number;
  readonly height: number;
  readonly descendantcount: number;
  readonly descendantsize: number;
  readonly descendantfees: bigint;
  readonly ancestorcount: number;
  readonly ancestorsize: number;
  readonly ancestorfees: bigint;
  readonly depends: readonly string[];
}

/** Result of `submit` (accept with orphan handling). */
export interface SubmitResult {
  readonly result: AcceptResult;
  /** Orphans accepted because this transaction supplied their inputs (in order). */
  readonly acceptedOrphans: readonly string[];
}
