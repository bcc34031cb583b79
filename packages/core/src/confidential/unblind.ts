/**
 * `UnblindConfidentialPair` of Elements (`src/blind.cpp`): open a blinded value (and asset) with the
 * receiver's blinding private key by rewinding the range proof.
 *
 * - Output (non-empty nonce field = the sender's ephemeral public key): rewind nonce =
 *   SHA256(ECDH(key, ephemeral)), extra commitment = the output's scriptPubKey.
 * - Issuance (empty nonce): the blinding key itself is the rewind nonce and nothing else is
 *   committed to.
 * The value must be a commitment (an explicit value with a blinded asset is not supported, as in the
 * original); the asset may be a commitment or explicit. The recovered value must be in money range;
 * the 64-byte side channel carries asset id ‖ asset blinder, and `generator_generate_blinded` of those
 * must equal the observed asset generator — otherwise the pair is not ours (`null`).
 */
import { issuanceIds } from '../assets/issuance-ids.js';
import { sha256 } from '../crypto/hash.js';
import { bytesEqual } from '../encoding/hex.js';
import { MAX_MONEY, moneyRange } from '../primitives/amount.js';
import { ConfidentialAsset, ConfidentialNonce, type ConfidentialValue } from '../primitives/confidential.js';
import type { Transaction } from '../primitives/transaction.js';
import type { TxOut } from '../primitives/tx-out.js';
import type { TxOutWitness } from '../primitives/witness.js';
import type { ConfidentialPrimitives } from './confidential-primitives.js';
import { isPrivateKey, isPubkeySized } from './key-checks.js';

const EMPTY = new Uint8Array(0);

/** What a successful unblinding recovers. */
export interface UnblindedPair {
  readonly value: bigint;
  /** Asset id, internal byte order. */
  readonly asset: Uint8Array;
  readonly valueBlinder: Uint8Array;
  readonly assetBlinder: Uint8Array;
}

/** `UnblindConfidentialPair(key, value, asset, nonce, committedScript, rangeproof)`; null on failure. */
export function unblindConfidentialPair(
  p: ConfidentialPrimitives,
  key: Uint8Array,
  value: ConfidentialValue,
  asset: ConfidentialAsset,
  nonceField: ConfidentialNonce,
  committedScript: Uint8Array,
  rangeProof: Uint8Array,
): UnblindedPair | null {
  if (!isPrivateKey(key) || rangeProof.length === 0) return null;
  const ephemeral = nonceField.data;
  const blankNonce = ephemeral.length === 0;
  let nonce: Uint8Array;
  if (blankNonce) {
    nonce = key;
  } else {
    if (!isPubkeySized(ephemeral)) return null;
    const shared = p.ecdh(ephemeral, key);
    if (shared === null) return null;
    nonce = sha256(shared);
  }

  if (!value.isCommitment) return null;
  let observed: Uint8Array;
  if (asset.isCommitment) {
    if (!p.isValidGenerator(asset.data)) return null;
    observed = asset.data;
  } else if (asset.isExplicit) {
    observed = p.generator(asset.id);
  } else {
    return null;
  }
  if (!p.isValidCommitment(value.data)) return null;

  const rewound = p.rangeProofRewind(rangeProof, value.data, observed, nonce, blankNonce ? EMPTY : committedScript);
  if (rewound === null) return null;
  if (rewound.value > MAX_MONEY || !moneyRange(rewound.value)) return null;
  if (rewound.message.length !== 64) return null;
  const assetId = rewound.message.slice(0, 32);
  const assetBlinder = rewound.message.slice(32, 64);
  const derived = p.blindedGenerator(assetId, assetBlinder);
  if (derived === null || !bytesEqual(derived, observed)) return null;
  return { value: rewound.value, asset: assetId, valueBlinder: rewound.blinder, assetBlinder };
}

/** Unblind a transaction output with the receiver's blinding key. */
export function unblindOutput(p: ConfidentialPrimitives, key: Uint8Array, out: TxOut, witness: TxOutWitness): UnblindedPair | null {
  return unblindConfidentialPair(p, key, out.value, out.asset, out.nonce, out.scriptPubKey, witness.rangeProof);
}

/** The blinded issuance amount and token amount of input `index`, opened with the issuance key. */
export interface UnblindedIssuance {
  /** Null when the amount is not blinded or the key does not open it. */
  readonly amount: UnblindedPair | null;
  readonly token: UnblindedPair | null;
}

/** Unblind the issuance on `tx.inputs[index]` (the wallet's `UnblindIssuance`). */
export function unblindIssuance(p: ConfidentialPrimitives, key: Uint8Array, tx: Transaction, index: number): UnblindedIssuance {
  const input = tx.inputs[index];
  const ids = input === undefined ? undefined : issuanceIds(input);
  if (input === undefined || ids === undefined) return { amount: null, token: null };
  const witness = tx.inWitness[index]!;
  const open = (field: ConfidentialValue, id: Uint8Array, proof: Uint8Array): UnblindedPair | null =>
    field.isCommitment
      ? unblindConfidentialPair(p, key, field, ConfidentialAsset.fromId(id), ConfidentialNonce.NULL, EMPTY, proof)
      : null;
  return {
    amount: open(input.issuance.amount, ids.asset, witness.issuanceAmountRangeproof),
    token: ids.isReissuance ? null : open(input.issuance.inflationKeys, ids.token, witness.inflationKeysRangeproof),
  };
}
