/**
 * `VerifyAmounts` (assets spec §5.1): value balance, range proofs and surjection proofs.
 *
 * Two paths with the same answer:
 * - all-explicit transactions (every spent output, issuance field and output is explicit or null)
 *   use exact per-asset integer sums (§5.2) and need no curve arithmetic;
 * - anything with a commitment runs the Pedersen algorithm of §5.1 through an injected
 *   `ConfidentialVerifier`.
 * The result is a plain boolean: every failure maps to `bad-txns-in-ne-out` in the caller, so the
 * order in which failing conditions are discovered does not matter; the `TARGETS` order (which the
 * surjection proofs commit to) does, and follows the original exactly.
 */
import type { Transaction } from '../primitives/transaction.js';
import type { TxOut } from '../primitives/tx-out.js';
import type { TxIn } from '../primitives/tx-in.js';
import type { ConfidentialValue } from '../primitives/confidential.js';
import { moneyRange } from '../primitives/amount.js';
import { bytesEqual, toHex } from '../encoding/hex.js';
import { assert } from '../encoding/errors.js';
import { issuanceIds } from '../assets/issuance-ids.js';
import { isUnspendable } from '../script/script.js';
import { ConfidentialVerifierRequiredError, type ConfidentialVerifier } from './confidential-verifier.js';

/** Consensus limit on each output's surjection proof and range proof. */
export const MAX_PROOF_SIZE = 5000;

/** `UNBLINDED_REISSUANCE_NONCE`: a reissuance with this nonce is not tied to the token in consensus. */
const UNBLINDED_REISSUANCE_NONCE = new Uint8Array(32).fill(0xff);
const EMPTY = new Uint8Array(0);

/** True when the transaction (with these spent outputs) has no commitment anywhere. */
export function isAllExplicit(spent: readonly TxOut[], tx: Transaction): boolean {
  for (const s of spent) if (s.asset.isCommitment || s.value.isCommitment) return false;
  for (const input of tx.inputs) {
    if (!input.hasIssuance) continue;
    if (input.issuance.amount.isCommitment || input.issuance.inflationKeys.isCommitment) return false;
  }
  for (const o of tx.outputs) if (o.asset.isCommitment || o.value.isCommitment) return false;
  return true;
}

/**
 * `VerifyAmounts(spent, tx)`. `spent[i]` is the output spent by input i (for a peg-in: the output
 * described by its peg-in witness). `verifier` is needed only when a field is a commitment;
 * without one such a transaction throws `ConfidentialVerifierRequiredError`.
 */
export function verifyAmounts(spent: readonly TxOut[], tx: Transaction, verifier?: ConfidentialVerifier): boolean {
  assert(spent.length === tx.inputs.length, 'one spent output per input');
  if (isAllExplicit(spent, tx)) return verifyAmountsExplicit(spent, tx);
  if (verifier === undefined) throw new ConfidentialVerifierRequiredError();
  return verifyAmountsConfidential(spent, tx, verifier);
}

/** Is this a reissuance whose token possession must be proven (nonce non-zero and not ff…ff)? */
function isBlindedReissuance(input: TxIn): boolean {
  return input.issuance.isReissuance && !bytesEqual(input.issuance.assetBlindingNonce, UNBLINDED_REISSUANCE_NONCE);
}

/**
 * §5.2: the integer form of the tally for transactions without commitments. Exactly equivalent to
 * the Pedersen algorithm on such transactions (generators of distinct asset ids are independent
 * and all values are below 2^51).
 */
export function verifyAmountsExplicit(spent: readonly TxOut[], tx: Transaction): boolean {
  const balance = new Map<string, bigint>();
  const add = (assetId: Uint8Array, v: bigint): void => {
    const k = toHex(assetId);
    balance.set(k, (balance.get(k) ?? 0n) + v);
  };
  /** An explicit issuance field: undefined = fails, 0n = skip, else the amount. */
  const explicitField = (f: ConfidentialValue): bigint | undefined => {
    if (!f.isExplicit) return undefined;
    const v = f.amount;
    return moneyRange(v) ? v : undefined;
  };

  for (let i = 0; i < tx.inputs.length; i++) {
    const s = spent[i]!;
    const input = tx.inputs[i]!;
    if (!s.asset.isExplicit || !s.value.isExplicit) return false;
    const v = s.value.amount;
    // Zero would commit to the point at infinity: explicit zero-value coins are unspendable.
    if (!moneyRange(v) || v === 0n) return false;
    add(s.asset.id, v);

    const ids = issuanceIds(input);
    if (ids === undefined) continue;
    // The blinded-reissuance check needs a committed spent asset: never satisfied here.
    if (isBlindedReissuance(input)) return false;
    const issuance = input.issuance;
    if (!issuance.amount.isNull) {
      const a = explicitField(issuance.amount);
      if (a === undefined) return false;
      if (a === 0n) continue; // quirk: skips the token part as well
      add(ids.asset, a);
    }
    if (ids.isReissuance) {
      if (!issuance.inflationKeys.isNull) return false;
    } else if (!issuance.inflationKeys.isNull) {
      const k = explicitField(issuance.inflationKeys);
      if (k === undefined) return false;
      if (k === 0n) continue;
      add(ids.token, k);
    }
  }

  for (let j = 0; j < tx.outputs.length; j++) {
    const o = tx.outputs[j]!;
    const w = tx.outWitness[j]!;
    if (!o.nonce.isValid) return false;
    if (!o.asset.isExplicit || !o.value.isExplicit) return false;
    // No proofs on explicit fields.
    if (w.rangeProof.length !== 0 || w.surjectionProof.length !== 0) return false;
    const v = o.value.amount;
    if (!moneyRange(v)) return false;
    if (v === 0n) continue;
    add(o.asset.id, -v);
  }

  for (const v of balance.values()) if (v !== 0n) return false;
  return true;
}

/** §5.1 in full, with the zkp primitives of `verifier`. */
export function verifyAmountsConfidential(spent: readonly TxOut[], tx: Transaction, verifier: ConfidentialVerifier): boolean {
  const inCommits: Uint8Array[] = [];
  const outCommits: Uint8Array[] = [];
  const targets: Uint8Array[] = [];

  /** Commitment of an explicit amount (undefined = fail, null = zero → skip). */
  const commitAmount = (v: bigint, gen: Uint8Array): Uint8Array | null | undefined => {
    if (!moneyRange(v)) return undefined;
    if (v === 0n) return null;
    return verifier.commitExplicit(v, gen) ?? undefined;
  };
  /** A committed issuance field with its range proof (empty extra commitment). */
  const committedIssuanceField = (f: ConfidentialValue, proof: Uint8Array, gen: Uint8Array): Uint8Array | undefined => {
    if (!verifier.isValidCommitment(f.data)) return undefined;
    return rangeProofOk(verifier, proof, f.data, gen, EMPTY) ? f.data : undefined;
  };

  for (let i = 0; i < tx.inputs.length; i++) {
    const s = spent[i]!;
    const input = tx.inputs[i]!;
    if (s.value.isNull || s.asset.isNull) return false;

    let gen: Uint8Array;
    if (s.asset.isExplicit) gen = verifier.generator(s.asset.id);
    else if (s.asset.isCommitment && verifier.isValidGenerator(s.asset.data)) gen = s.asset.data;
    else return false;
    targets.push(gen);

    if (s.value.isExplicit) {
      const c = commitAmount(s.value.amount, gen);
      if (c == null) return false; // explicit zero fails here (infinity)
      inCommits.push(c);
    } else if (s.value.isCommitment && verifier.isValidCommitment(s.value.data)) {
      inCommits.push(s.value.data);
    } else {
      return false;
    }

    const ids = issuanceIds(input);
    if (ids === undefined) continue;
    const issuance = input.issuance;
    const witness = tx.inWitness[i]!;

    if (isBlindedReissuance(input)) {
      const blinded = verifier.blindedGenerator(ids.token, issuance.assetBlindingNonce);
      if (blinded === null) return false;
      if (!s.asset.isCommitment) return false;
      if (!bytesEqual(blinded, s.asset.data)) return false;
    }

    if (!issuance.amount.isNull) {
      const assetGen = verifier.generator(ids.asset);
      targets.push(assetGen);
      if (issuance.amount.isExplicit) {
        const c = commitAmount(issuance.amount.amount, assetGen);
        if (c === undefined) return false;
        if (c === null) continue; // quirk: explicit-zero amount skips the token part as well
        inCommits.push(c);
      } else if (issuance.amount.isCommitment) {
        const c = committedIssuanceField(issuance.amount, witness.issuanceAmountRangeproof, assetGen);
        if (c === undefined) return false;
        inCommits.push(c);
      } else {
        return false;
      }
    }

    if (ids.isReissuance) {
      if (!issuance.inflationKeys.isNull) return false;
    } else if (!issuance.inflationKeys.isNull) {
      const tokenGen = verifier.generator(ids.token);
      targets.push(tokenGen);
      if (issuance.inflationKeys.isExplicit) {
        const c = commitAmount(issuance.inflationKeys.amount, tokenGen);
        if (c === undefined) return false;
        if (c === null) continue;
        inCommits.push(c);
      } else if (issuance.inflationKeys.isCommitment) {
        const c = committedIssuanceField(issuance.inflationKeys, witness.inflationKeysRangeproof, tokenGen);
        if (c === undefined) return false;
        inCommits.push(c);
      } else {
        return false;
      }
    }
  }

  // Outputs: validity, proof sizes, commitments.
  const outGens: Uint8Array[] = [];
  for (let j = 0; j < tx.outputs.length; j++) {
    const o = tx.outputs[j]!;
    const w = tx.outWitness[j]!;
    if (!o.asset.isValid || w.surjectionProof.length > MAX_PROOF_SIZE) return false;
    if (!o.value.isValid || w.rangeProof.length > MAX_PROOF_SIZE) return false;
    if (!o.nonce.isValid) return false;

    let gen: Uint8Array;
    if (o.asset.isExplicit) gen = verifier.generator(o.asset.id);
    else if (o.asset.isCommitment && verifier.isValidGenerator(o.asset.data)) gen = o.asset.data;
    else return false;
    outGens.push(gen);

    if (o.value.isExplicit) {
      const c = commitAmount(o.value.amount, gen);
      if (c === undefined) return false;
      if (c === null) continue; // zero-valued outputs are not part of the tally
      outCommits.push(c);
    } else if (o.value.isCommitment && verifier.isValidCommitment(o.value.data)) {
      outCommits.push(o.value.data);
    } else {
      return false;
    }
  }

  if (!verifier.verifyTally(inCommits, outCommits)) return false;

  // Range proofs.
  for (let j = 0; j < tx.outputs.length; j++) {
    const o = tx.outputs[j]!;
    const w = tx.outWitness[j]!;
    if (o.value.isExplicit) {
      if (w.rangeProof.length !== 0) return false;
      continue;
    }
    if (!rangeProofOk(verifier, w.rangeProof, o.value.data, outGens[j]!, o.scriptPubKey)) return false;
  }

  // Surjection proofs.
  for (let j = 0; j < tx.outputs.length; j++) {
    const o = tx.outputs[j]!;
    const w = tx.outWitness[j]!;
    if (o.asset.isExplicit) {
      if (w.surjectionProof.length !== 0) return false;
      continue;
    }
    if (!verifier.verifySurjectionProof(w.surjectionProof, targets, o.asset.data)) return false;
  }
  return true;
}

/**
 * `VerifyRangeProof`: non-empty, verifies against the commitment, generator and `script` as extra
 * commitment; a proven minimum of 0 is allowed only for unspendable scripts (the empty script of
 * issuance proofs included). The 5000-byte limit is checked by the caller for outputs only.
 */
function rangeProofOk(verifier: ConfidentialVerifier, proof: Uint8Array, commitment: Uint8Array, gen: Uint8Array, script: Uint8Array): boolean {
  if (proof.length === 0) return false;
  const range = verifier.verifyRangeProof(proof, commitment, gen, script);
  if (range === null) return false;
  return !(range.minValue < 1n && !isUnspendable(script));
}
