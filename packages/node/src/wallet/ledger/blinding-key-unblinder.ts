import { unblindOutput, type ConfidentialPrimitives, type Transaction, type TxOut } from '@ocean-ts/core';
import type { UnblindedOutput, Unblinder } from './ledger-types.js';

/**
 * An `Unblinder` over core's `unblindOutput` (Elements `UnblindConfidentialPair`): the wallet's
 * blinding key for the output's script (`CWallet::GetBlindingKey` — an imported key, else
 * HMAC-SHA256(master blinding key, script), see core's `deriveBlindingKey`) rewinds the range proof.
 */
export class BlindingKeyUnblinder implements Unblinder {
  constructor(
    private readonly primitives: ConfidentialPrimitives,
    /** The blinding private key for a script, or null when the wallet has none. */
    private readonly blindingKeyFor: (scriptPubKey: Uint8Array) => Uint8Array | null,
  ) {}

  unblind(txOut: TxOut, index: number, tx: Transaction): UnblindedOutput | undefined {
    if (!txOut.value.isCommitment) return undefined;
    const key = this.blindingKeyFor(txOut.scriptPubKey);
    if (key === null) return undefined;
    const witness = tx.outWitness[index];
    if (witness === undefined) return undefined;
    return unblindOutput(this.primitives, key, txOut, witness) ?? undefined;
  }
}
