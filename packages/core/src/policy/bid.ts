/**
 * Guardnode bids (ocean-policy.md §9.2): the stake output script
 *
 * ```
 * PUSH(scriptnum endBlockHeight) OP_CHECKLOCKTIMEVERIFY OP_DROP
 * OP_1 PUSH(stake pubkey) PUSH(02 ‖ request txid) PUSH(fee pubkey) OP_3 OP_CHECKMULTISIG
 * ```
 *
 * Parsing is bounds-checked: fewer than three keys is not a bid (the reference reads past the end
 * of the solutions, which stalls `-requestlist` nodes and fails verbose `getrawtransaction`).
 */
import { bytesEqual } from '../encoding/hex.js';
import type { TxOut } from '../primitives/tx-out.js';
import { OP } from '../script/opcodes.js';
import { ScriptBuilder } from '../script/script-builder.js';
import { isValidPubKeySize } from '../script/ecdsa-checker.js';
import { TxoutType, solver } from '../script/standard.js';
import { lockHeightOf } from './request.js';

export interface BidTerms {
  /** The CLTV lock of the stake (C `int`, clamped). */
  readonly lockHeight: number;
  /** First key: the guardnode's stake key. */
  readonly stakePubKey: Uint8Array;
  /** The request's txid, internal byte order. */
  readonly requestTxid: Uint8Array;
  /**
   * Third key as a `CPubKey`: the bytes when their length fits the header byte (33 for 02/03, 65
   * for 04/06/07), else empty (an invalid `CPubKey` prints as "").
   */
  readonly feePubKey: Uint8Array;
}

/** A bid found in a transaction's outputs. */
export interface FoundBid extends BidTerms {
  /** Index of the stake output. */
  readonly index: number;
  /** Its explicit value (the stake). */
  readonly stake: bigint;
}

/** `02 ‖ request txid (internal)`. */
export function bidRequestKey(requestTxid: Uint8Array): Uint8Array {
  if (requestTxid.length !== 32) throw new RangeError(`request txid must be 32 bytes, got ${requestTxid.length}`);
  const k = new Uint8Array(33);
  k[0] = 0x02;
  k.set(requestTxid, 1);
  return k;
}

/** The stake output script as `createrawbidtx` builds it (end height as a data push, like the reference). */
export function encodeBidScript(lockHeight: number, stakePubKey: Uint8Array, requestTxid: Uint8Array, feePubKey: Uint8Array): Uint8Array {
  return new ScriptBuilder()
    .pushScriptNum(lockHeight)
    .op(OP.OP_CHECKLOCKTIMEVERIFY, OP.OP_DROP, OP.OP_1)
    .push(stakePubKey)
    .push(bidRequestKey(requestTxid))
    .push(feePubKey)
    .op(OP.OP_3, OP.OP_CHECKMULTISIG)
    .build();
}

/** `CPubKey(bytes)`: the bytes when the size matches the header byte, else empty. */
export function cPubKeyBytes(bytes: Uint8Array): Uint8Array {
  return isValidPubKeySize(bytes) ? bytes.slice() : new Uint8Array(0);
}

/**
 * Bid terms from locked-multisig solutions `[locktime, m, k1, k2, k3, …, n]`: at least three keys
 * and `k2` ≥ 33 bytes (the txid is read from bytes 1…32). Undefined otherwise.
 */
export function bidFromSolutions(solutions: readonly Uint8Array[]): BidTerms | undefined {
  if (solutions.length < 6) return undefined;
  const [locktime, , k1, k2, k3] = solutions as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  if (locktime.length < 1 || locktime.length > 5 || k2.length < 33) return undefined;
  return { lockHeight: lockHeightOf(locktime), stakePubKey: k1.slice(), requestTxid: k2.slice(1, 33), feePubKey: cPubKeyBytes(k3) };
}

/** The bid a script holds (a locked multisig as `Solver` accepts it, with three or more keys). */
export function parseBidScript(script: Uint8Array): BidTerms | undefined {
  const s = solver(script);
  if (!s.ok || s.type !== TxoutType.LOCKED_MULTISIG) return undefined;
  return bidFromSolutions(s.solutions);
}

/**
 * Cheap pre-test of `<1–5 byte push> OP_CHECKLOCKTIMEVERIFY OP_DROP …` on the raw bytes, so that
 * ordinary outputs are not run through `Solver`: false only when the script cannot be a locked
 * multisig (no leading push, or a direct push not followed by CLTV DROP).
 */
function mayBeLockedMultisig(script: Uint8Array): boolean {
  const op = script[0];
  if (op === undefined || op === OP.OP_0 || op > OP.OP_PUSHDATA4) return false;
  if (op >= OP.OP_PUSHDATA1) return true; // PUSHDATA forms: let Solver decide
  return op <= 5 && script[op + 1] === OP.OP_CHECKLOCKTIMEVERIFY && script[op + 2] === OP.OP_DROP;
}

/**
 * `GetRequestBid`: the **first** output whose asset is explicit and equal to `domainAsset` and whose
 * script is a locked multisig decides; it is a bid when it parses as one and its value is explicit.
 * Undefined otherwise. `outputs` may contain holes (spent outputs in a UTXO scan).
 */
export function findBid(outputs: readonly (TxOut | undefined)[], domainAsset: Uint8Array): FoundBid | undefined {
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i];
    if (out === undefined || !mayBeLockedMultisig(out.scriptPubKey) || !out.asset.isExplicit || !bytesEqual(out.asset.id, domainAsset)) continue;
    const s = solver(out.scriptPubKey);
    if (!s.ok || s.type !== TxoutType.LOCKED_MULTISIG) continue;
    const terms = bidFromSolutions(s.solutions);
    if (terms === undefined || !out.value.isExplicit) return undefined;
    return { ...terms, index: i, stake: out.value.amount };
  }
  return undefined;
}
