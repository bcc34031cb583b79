/**
 * Transaction standardness (Core 0.14 `IsStandardTx`, `AreInputsStandard`, `IsWitnessStandard`,
 * `IsDust`) with Ocean's changes (ocean-core-script.md §5): no scriptSig size limit and no
 * single-OP_RETURN limit; fee outputs are standard and never dust.
 */
import {
  TxoutType,
  getSigOpCount,
  isFee,
  isPushOnly,
  isPayToScriptHash,
  isStandard,
  isUnspendable,
  parseOps,
  solver,
  witnessProgram,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import { feeFor } from './fee-rate.js';
import { MAX_P2SH_SIGOPS, MAX_STANDARD_TX_WEIGHT, type MempoolOptions } from './options.js';

const MAX_STANDARD_VERSION = 2;
const MAX_STANDARD_P2WSH_SCRIPT_SIZE = 3600;
const MAX_STANDARD_P2WSH_STACK_ITEMS = 100;
const MAX_STANDARD_P2WSH_STACK_ITEM_SIZE = 80;

/** `GetDustThreshold`: 3 × the fee to create and spend the output at `dustRelayFee`. */
export function dustThreshold(out: TxOut, dustRelayFee: bigint): bigint {
  if (isUnspendable(out.scriptPubKey)) return 0n;
  const spend = witnessProgram(out.scriptPubKey) ? 32 + 4 + 1 + Math.floor(107 / 4) + 4 : 32 + 4 + 1 + 107 + 4;
  return 3n * feeFor(dustRelayFee, out.size + spend);
}

/** `IsDust`: an explicit, non-fee output below the threshold. */
export function isDust(out: TxOut, dustRelayFee: bigint): boolean {
  if (isFee(out) || !out.value.isExplicit) return false;
  return out.value.amount < dustThreshold(out, dustRelayFee);
}

/** `IsStandardTx`: the failing reason, or null. */
export function standardTxReason(tx: Transaction, opts: MempoolOptions): string | null {
  if (tx.version > MAX_STANDARD_VERSION || tx.version < 1) return 'version';
  if (tx.weight >= MAX_STANDARD_TX_WEIGHT) return 'tx-size';
  for (const input of tx.inputs) if (!isPushOnly(input.scriptSig)) return 'scriptsig-not-pushonly';
  for (const out of tx.outputs) {
    const s = isStandard(out.scriptPubKey, { dataCarrier: opts.dataCarrier, maxDataCarrierBytes: opts.maxDataCarrierBytes });
    if (!s.standard) return 'scriptpubkey';
    if (s.type === TxoutType.MULTISIG && !opts.permitBareMultisig) return 'bare-multisig';
    if (isDust(out, opts.dustRelayFee)) return 'dust';
  }
  return null;
}

/** The last push of a push-only script (P2SH redeem script), or undefined. */
function lastPush(scriptSig: Uint8Array): Uint8Array | undefined {
  const { ops, complete } = parseOps(scriptSig);
  if (!complete || ops.length === 0) return undefined;
  return ops[ops.length - 1]!.data;
}

/** `AreInputsStandard`: spent scripts solve; P2SH redeem scripts have at most 15 sigops. */
export function areInputsStandard(tx: Transaction, spent: readonly (TxOut | undefined)[]): boolean {
  for (let i = 0; i < tx.inputs.length; i++) {
    const prev = spent[i];
    if (prev === undefined || tx.inputs[i]!.isPegin) continue;
    const s = solver(prev.scriptPubKey);
    if (!s.ok) return false;
    if (s.type === TxoutType.SCRIPTHASH) {
      const redeem = lastPush(tx.inputs[i]!.scriptSig);
      if (redeem === undefined) return false;
      if (getSigOpCount(redeem, true) > MAX_P2SH_SIGOPS) return false;
    }
  }
  return true;
}

/** `IsWitnessStandard`: witness data only on witness programs; P2WSH size/stack limits. */
export function isWitnessStandard(tx: Transaction, spent: readonly (TxOut | undefined)[]): boolean {
  for (let i = 0; i < tx.inputs.length; i++) {
    const stack = tx.inWitness[i]!.scriptWitness;
    const prev = spent[i];
    if (stack.length === 0 || prev === undefined || tx.inputs[i]!.isPegin) continue;
    let script = prev.scriptPubKey;
    if (isPayToScriptHash(script)) {
      const redeem = lastPush(tx.inputs[i]!.scriptSig);
      if (redeem === undefined) return false;
      script = redeem;
    }
    const wp = witnessProgram(script);
    if (!wp) return false;
    if (wp.version === 0 && wp.program.length === 32) {
      const witnessScript = stack[stack.length - 1]!;
      if (witnessScript.length > MAX_STANDARD_P2WSH_SCRIPT_SIZE) return false;
      if (stack.length - 1 > MAX_STANDARD_P2WSH_STACK_ITEMS) return false;
      for (let j = 0; j < stack.length - 1; j++) if (stack[j]!.length > MAX_STANDARD_P2WSH_STACK_ITEM_SIZE) return false;
    }
  }
  return true;
}
