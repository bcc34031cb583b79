/**
 * Mempool (policy) rejections: Core 0.14's `state.DoS(…)`/`state.Invalid(…)` in
 * `AcceptToMemoryPoolWorker`, with Ocean's additions. Consensus failures reuse core's `Reject`.
 */
import {
  Reject,
  REJECT_DUPLICATE,
  REJECT_INSUFFICIENTFEE,
  REJECT_INVALID,
  REJECT_NONSTANDARD,
} from '@ocean-ts/core';

/** Core's internal codes (never sent on the wire). */
export const REJECT_HIGHFEE = 0x100;
export const REJECT_ALREADY_KNOWN = 0x101;
export const REJECT_CONFLICT = 0x102;

/** [code, DoS score] of every fixed mempool reason. */
const TABLE = {
  coinbase: [REJECT_INVALID, 100],
  'no-witness-yet': [REJECT_NONSTANDARD, 0],
  version: [REJECT_NONSTANDARD, 0],
  'tx-size': [REJECT_NONSTANDARD, 0],
  'scriptsig-not-pushonly': [REJECT_NONSTANDARD, 0],
  scriptpubkey: [REJECT_NONSTANDARD, 0],
  'bare-multisig': [REJECT_NONSTANDARD, 0],
  dust: [REJECT_NONSTANDARD, 0],
  'non-final': [REJECT_NONSTANDARD, 0],
  'txn-already-in-mempool': [REJECT_ALREADY_KNOWN, 0],
  'txn-already-known': [REJECT_ALREADY_KNOWN, 0],
  'txn-mempool-conflict': [REJECT_CONFLICT, 0],
  'bad-txns-inputs-spent': [REJECT_DUPLICATE, 0],
  'pegin-no-witness': [REJECT_INVALID, 0],
  'pegin-already-claimed': [REJECT_INVALID, 0],
  'non-BIP68-final': [REJECT_NONSTANDARD, 0],
  'bad-txns-nonstandard-inputs': [REJECT_NONSTANDARD, 0],
  'bad-witness-nonstandard': [REJECT_NONSTANDARD, 0],
  'split-outputs-spam': [REJECT_NONSTANDARD, 0],
  'bad-txns-too-many-sigops': [REJECT_NONSTANDARD, 0],
  'incorrect transaction fee': [REJECT_INSUFFICIENTFEE, 0],
  'mempool min fee not met': [REJECT_INSUFFICIENTFEE, 0],
  'min relay fee not met': [REJECT_INSUFFICIENTFEE, 0],
  'absurdly-high-fee': [REJECT_HIGHFEE, 0],
  'too-long-mempool-chain': [REJECT_NONSTANDARD, 0],
  'bad-txns-spends-conflicting-tx': [REJECT_INVALID, 10],
  'insufficient fee': [REJECT_INSUFFICIENTFEE, 0],
  'too many potential replacements': [REJECT_NONSTANDARD, 0],
  'replacement-adds-unconfirmed': [REJECT_NONSTANDARD, 0],
  'mempool full': [REJECT_INSUFFICIENTFEE, 0],
} as const satisfies Record<string, readonly [number, number]>;

export type MempoolRejectReason = keyof typeof TABLE;

export function mempoolReject(reason: MempoolRejectReason, debug?: string): Reject {
  const [code, score] = TABLE[reason];
  return new Reject(code, reason, score, debug);
}

/** An Ocean list-policy rejection (hooks return bare reasons): REJECT_NONSTANDARD, no score. */
export function policyReject(reason: string, debug?: string): Reject {
  return new Reject(REJECT_NONSTANDARD, reason, 0, debug);
}

/** `"<code>: <reason>"` as sendrawtransaction / testmempoolaccept print it. */
export function formatReject(r: Reject): string {
  return `${r.code}: ${r.reason}`;
}
