/** Replace-by-fee: BIP125 rules 2-5 as Core 0.14 checks them (rule 1, signalling, is checked with the conflicts). */
import { toDisplayHex, type Reject, type Transaction } from '@ocean-ts/core';
import { compareRates, feeFor, feeRateOf, formatFeeRate, moneyString } from './fee-rate.js';
import { mempoolReject } from './mempool-reject.js';
import { MAX_REPLACEMENT_CANDIDATES } from './options.js';
import type { PoolIndex } from './pool-index.js';

/**
 * Can `tx` (modified fee `modFee`, virtual size `vsize`) replace the pool entries it `conflicts`
 * with? Returns every entry it would evict (the conflicts and their descendants), or the reject.
 */
export function checkReplacement(
  index: PoolIndex,
  tx: Transaction,
  modFee: bigint,
  vsize: number,
  conflicts: ReadonlySet<string>,
  incrementalRelayFee: bigint,
): Set<string> | Reject {
  const txid = tx.txidHex;
  const parentsOfConflicts = new Set<string>();
  let candidates = 0;
  for (const id of conflicts) {
    const e = index.get(id)!;
    if (compareRates(modFee, vsize, e.modifiedFee, e.vsize) <= 0) {
      return mempoolReject(
        'insufficient fee',
        `rejecting replacement ${txid}; new feerate ${formatFeeRate(feeRateOf(modFee, vsize))} <= old feerate ${formatFeeRate(feeRateOf(e.modifiedFee, e.vsize))}`,
      );
    }
    for (const input of e.tx.inputs) parentsOfConflicts.add(toDisplayHex(input.prevout.txid));
    candidates += e.descendants.count;
  }
  if (candidates > MAX_REPLACEMENT_CANDIDATES) {
    return mempoolReject(
      'too many potential replacements',
      `rejecting replacement ${txid}; too many potential replacements (${candidates} > ${MAX_REPLACEMENT_CANDIDATES})`,
    );
  }
  const all = new Set<string>();
  for (const id of conflicts) for (const d of index.withDescendants(id)) all.add(d);
  let conflictingFees = 0n;
  for (const id of all) conflictingFees += index.get(id)!.modifiedFee;
  for (const input of tx.inputs) {
    const p = toDisplayHex(input.prevout.txid);
    if (!parentsOfConflicts.has(p) && index.entries.has(p)) {
      return mempoolReject('replacement-adds-unconfirmed', `replacement ${txid} adds unconfirmed input, idx ${tx.inputs.indexOf(input)}`);
    }
  }
  if (modFee < conflictingFees) {
    return mempoolReject(
      'insufficient fee',
      `rejecting replacement ${txid}, less fees than conflicting txs; ${moneyString(modFee)} < ${moneyString(conflictingFees)}`,
    );
  }
  const delta = modFee - conflictingFees;
  const needed = feeFor(incrementalRelayFee, vsize);
  if (delta < needed) {
    return mempoolReject(
      'insufficient fee',
      `rejecting replacement ${txid}, not enough additional fees to relay; ${moneyString(delta)} < ${moneyString(needed)}`,
    );
  }
  return all;
}
