/**
 * Script verification of every input of a transaction (Core 0.14 `CheckInputs`' script part).
 */
import type { Secp256k1 } from '../crypto/secp256k1.js';
import type { Transaction } from '../primitives/transaction.js';
import type { TxOut } from '../primitives/tx-out.js';
import { assert } from '../encoding/errors.js';
import { verifyScript } from '../script/interpreter.js';
import { scriptErrorString } from '../script/errors.js';
import { STANDARD_NOT_MANDATORY_VERIFY_FLAGS } from '../script/flags.js';
import { TransactionSignatureChecker } from '../script/transaction-checker.js';
import { PrecomputedTransactionData } from '../script/precomputed-transaction-data.js';
import { mandatoryScriptFailure, nonMandatoryScriptFailure, type Reject } from './reject.js';

export interface InputScriptOptions {
  /**
   * Core's retry for mempool checks: when a script fails with flags that include
   * non-mandatory (standardness) flags and passes without them, the rejection is
   * `non-mandatory-script-verify-flag (…)` (REJECT_NONSTANDARD, no DoS score). Off for blocks,
   * where every block flag is consensus (docs/adr/0005-consensus-block-script-failures.md).
   */
  readonly nonMandatoryRetry?: boolean;
}

/**
 * Verify input i's scriptSig / witness against `spent[i]` (scriptPubKey, and its confidential
 * value for segwit sighashes) with `flags`. Returns the first failure:
 * `mandatory-script-verify-flag-failed (<ScriptErrorString>)`.
 */
export function verifyInputScripts(
  tx: Transaction,
  spent: readonly TxOut[],
  flags: number,
  secp: Secp256k1,
  opts: InputScriptOptions = {},
): Reject | null {
  assert(spent.length === tx.inputs.length, 'one spent output per input');
  const precomputed = new PrecomputedTransactionData(tx);
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i]!;
    const out = spent[i]!;
    const witness = tx.inWitness[i]!.scriptWitness;
    const checker = new TransactionSignatureChecker(secp, tx, i, out.value, precomputed);
    const r = verifyScript(input.scriptSig, out.scriptPubKey, witness, flags, checker);
    if (r.ok) continue;
    const text = scriptErrorString(r.error);
    const debug = `input ${i} of ${tx.txidHex}`;
    if (opts.nonMandatoryRetry && (flags & STANDARD_NOT_MANDATORY_VERIFY_FLAGS) !== 0) {
      const r2 = verifyScript(input.scriptSig, out.scriptPubKey, witness, flags & ~STANDARD_NOT_MANDATORY_VERIFY_FLAGS, checker);
      if (r2.ok) return nonMandatoryScriptFailure(text, debug);
    }
    return mandatoryScriptFailure(text, debug);
  }
  return null;
}
