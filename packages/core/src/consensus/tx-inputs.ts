/**
 * `CheckTxInputs` + `CheckInputs` (assets spec §5): inputs exist, peg-in witnesses, coinbase
 * maturity, explicit input ranges, fee validity, value balance, then the scripts.
 */
import type { Secp256k1 } from '../crypto/secp256k1.js';
import type { Transaction } from '../primitives/transaction.js';
import type { TxOut } from '../primitives/tx-out.js';
import type { OutPoint } from '../primitives/outpoint.js';
import { MAX_MONEY, moneyRange } from '../primitives/amount.js';
import { assert } from '../encoding/errors.js';
import { toHex } from '../encoding/hex.js';
import { BLOCK_SCRIPT_VERIFY_FLAGS } from '../script/flags.js';
import type { CoinView, Coin } from './coin-view.js';
import { outpointKey } from './coin-view.js';
import type { ConfidentialVerifier } from './confidential-verifier.js';
import { isAllExplicit, verifyAmounts } from './amounts.js';
import { hasValidFee } from './fees.js';
import { isValidPeginWitness, peginSpentOutput, type PeginCheck, type PeginParams } from './pegin.js';
import { verifyInputScripts } from './input-scripts.js';
import { reject, type Reject } from './reject.js';
import { COINBASE_MATURITY } from './limits.js';


/** Has this peg-in claim (parent genesis hash, prevout) been made before? */
export type WithdrawSpentLookup = (parentGenesisHash: Uint8Array, prevout: OutPoint) => boolean;

export interface TxInputsOptions {
  /** Pegged asset, parent genesis hash and (optionally) `-disabledoutput`. */
  readonly params: PeginParams & { isDisabledOutput?(outpoint: OutPoint): boolean };
  /** Public-key validation (peg-in claim keys) and script signatures. */
  readonly secp: Secp256k1;
  /** Needed only for transactions with confidential fields. */
  readonly verifier?: ConfidentialVerifier;
  /** Peg-in claims already made (the original's "withdraw spent" database). */
  readonly isWithdrawSpent?: WithdrawSpentLookup;
  /** `-validatepegin`: the verdict on a well-formed peg-in witness (default: none asked). */
  readonly checkPegin?: PeginCheck;
  /** Script flags; default: the block flags. */
  readonly scriptFlags?: number;
  /** Verify scripts (default true). */
  readonly checkScripts?: boolean;
  /** Mempool-style `non-mandatory-script-verify-flag` retry (see input-scripts.ts). */
  readonly nonMandatoryRetry?: boolean;
  /**
   * `checkTxInputsNoScripts` only: leave the confidential part of `VerifyAmounts` (commitments,
   * range and surjection proofs) to the caller, who runs it as a deferred `ScriptCheck`
   * (`amounts: true`); reported as `amountsDeferred`. All-explicit transactions, and calls without
   * a `verifier`, are still checked here.
   */
  readonly deferConfidentialAmounts?: boolean;
}

/** The inputs' spent coins (undefined for peg-in inputs), or the missing-input rejection. */
export function resolveInputs(
  tx: Transaction,
  view: CoinView,
  params: { isDisabledOutput?(outpoint: OutPoint): boolean },
): { coins: (Coin | undefined)[] } | { reject: Reject } {
  const coins: (Coin | undefined)[] = [];
  for (const input of tx.inputs) {
    if (input.isPegin) {
      coins.push(undefined);
      continue;
    }
    const coin = params.isDisabledOutput?.(input.prevout) ? undefined : view.get(input.prevout);
    if (coin === undefined) {
      return { reject: reject('bad-txns-inputs-missingorspent', `input ${input.prevout.toString()} of ${tx.txidHex} missing or spent`) };
    }
    coins.push(coin);
  }
  return { coins };
}

/** Key of a peg-in claim: parent genesis hash + prevout (masked index). */
export function peginClaimKey(parentGenesisHash: Uint8Array, prevout: OutPoint): string {
  return `${toHex(parentGenesisHash)}/${outpointKey(prevout)}`;
}

/** The outputs spent by each input: the coin's output, or a peg-in's synthetic output. */
export interface CheckedInputs {
  readonly spent: readonly TxOut[];
  /** Peg-in claims made by this transaction (parent genesis hash, prevout). */
  readonly pegins: readonly { readonly parentGenesisHash: Uint8Array; readonly prevout: OutPoint }[];
  /** True when the confidential `VerifyAmounts` was left to the caller (`deferConfidentialAmounts`). */
  readonly amountsDeferred?: boolean;
}

/**
 * `Consensus::CheckTxInputs` for a non-coinbase `tx` spent at height `spendHeight`, without the
 * scripts. Returns the spent outputs on success.
 */
export function checkTxInputsNoScripts(
  tx: Transaction,
  view: CoinView,
  spendHeight: number,
  opts: TxInputsOptions,
): CheckedInputs | Reject {
  assert(!tx.isCoinbase, 'CheckTxInputs is not for coinbase transactions');
  const resolved = resolveInputs(tx, view, opts.params);
  if ('reject' in resolved) return resolved.reject;

  const spent: TxOut[] = [];
  const pegins: { parentGenesisHash: Uint8Array; prevout: OutPoint }[] = [];
  const claimsInTx = new Set<string>();
  let valueIn = 0n;
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i]!;
    if (input.isPegin) {
      const stack = tx.inWitness[i]!.peginWitness;
      if (!isValidPeginWitness(stack, input.prevout, opts.params, opts.secp, opts.checkPegin)) {
        return reject('bad-pegin-witness', `input ${i} of ${tx.txidHex}`);
      }
      const genesis = stack[2]!;
      if (opts.isWithdrawSpent?.(genesis, input.prevout)) return reject('bad-txns-double-withdraw', `input ${i} of ${tx.txidHex}`);
      const key = peginClaimKey(genesis, input.prevout);
      if (claimsInTx.has(key)) return reject('bad-txns-double-withdraw-in-obj', `input ${i} of ${tx.txidHex}`);
      claimsInTx.add(key);
      pegins.push({ parentGenesisHash: genesis, prevout: input.prevout });
      spent.push(peginSpentOutput(stack));
      continue;
    }
    const coin = resolved.coins[i]!;
    if (coin.isCoinbase && spendHeight - coin.height < COINBASE_MATURITY) {
      return reject('bad-txns-premature-spend-of-coinbase', `tried to spend coinbase at depth ${spendHeight - coin.height}`);
    }
    if (coin.out.value.isExplicit) {
      // Quirk: one running sum over the explicit values of all assets together.
      const v = coin.out.value.amount;
      valueIn += v;
      if (!moneyRange(v) || valueIn > MAX_MONEY || valueIn < 0n) return reject('bad-txns-inputvalues-outofrange');
    }
    spent.push(coin.out);
  }

  if (!hasValidFee(tx)) return reject('bad-txns-fee-outofrange');
  const deferred = opts.deferConfidentialAmounts === true && opts.verifier !== undefined && !isAllExplicit(spent, tx);
  if (!deferred && !verifyAmounts(spent, tx, opts.verifier)) return reject('bad-txns-in-ne-out', 'value in != value out');
  return deferred ? { spent, pegins, amountsDeferred: true } : { spent, pegins };
}

/**
 * `CheckTxInputs` followed by the script checks (`CheckInputs`), for a non-coinbase `tx` spent at
 * height `spendHeight`. Returns the first failure, or `null`.
 */
export function checkTxInputs(tx: Transaction, view: CoinView, spendHeight: number, opts: TxInputsOptions): Reject | null {
  const r = checkTxInputsFull(tx, view, spendHeight, opts);
  return 'spent' in r ? null : r;
}

/** `checkTxInputs` returning the spent outputs and peg-in claims on success. */
export function checkTxInputsFull(tx: Transaction, view: CoinView, spendHeight: number, opts: TxInputsOptions): CheckedInputs | Reject {
  const r = checkTxInputsNoScripts(tx, view, spendHeight, opts);
  if (!('spent' in r)) return r;
  if (opts.checkScripts !== false) {
    const flags = opts.scriptFlags ?? BLOCK_SCRIPT_VERIFY_FLAGS;
    const nonMandatoryRetry = opts.nonMandatoryRetry ?? false;
    const failure = verifyInputScripts(tx, r.spent, flags, opts.secp, { nonMandatoryRetry });
    if (failure !== null) return failure;
  }
  return r;
}
