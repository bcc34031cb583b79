/**
 * `BlindTransaction` of Elements (`src/blind.cpp`): turns explicit outputs that carry a receiver's
 * blinding public key, and explicit issuance amounts marked with an issuance blinding key, into
 * Pedersen commitments with range proofs; blinds the outputs' assets with surjection proofs; and
 * picks the last value blinding factor so that the transaction still balances.
 *
 * Per blinded output, in output order:
 * - asset blinder `r` (random) → asset commitment `generator_generate_blinded(asset, r)`;
 * - value blinder `b` (random, except for the last field to blind, which gets
 *   `pedersen_blind_generator_blind_sum` over the known input blinders, the blinded issuance fields
 *   and the outputs blinded so far) → value commitment `pedersen_commit(value, b, generator)`;
 * - an ephemeral key `e` → nonce field = `e·G` (compressed), rewind nonce = SHA256(ECDH(e, pubkey));
 * - range proof `rangeproof_sign(min_value = scriptPubKey unspendable ? 0 : 1, exp = ct_exponent,
 *   min_bits = ct_bits, message = asset id ‖ r, extra commitment = scriptPubKey)`;
 * - surjection proof `surjectionproof_initialize(targets, min(3, n), tag = asset id, 100 iterations,
 *   random seed)` + `_generate` against the targets' generators.
 * Per blinded issuance field (new issuance or reissuance amount, new issuance token amount), before
 * the outputs: value blinder (random), commitment against the unblinded generator of the issued
 * asset/token, range proof with nonce = the issuance blinding key itself, message = id ‖ 0…0, no
 * extra commitment, min_value 0 (Ocean's `IsUnspendable` holds for the empty script).
 *
 * The surjection targets are, for each input in order: the spent asset (its blinded generator), then
 * the issued asset if the amount is not null, then the token if the token amount is not null — the
 * order `VerifyAmounts` checks against.
 *
 * Randomness comes from `random`, drawn in this order: for each blinded issuance field its value
 * blinder (32 bytes); then for each blinded output its value blinder, asset blinder, ephemeral key
 * and surjection seed (32 bytes each; the last field's drawn value blinder is replaced by the
 * balancing one). A draw that is not a valid scalar (≥ n; for the ephemeral key also 0) is drawn
 * again, as `CKey::MakeNewKey` does.
 *
 * Defaults `ct_exponent = 0`, `ct_bits = 32` are the original's: every range proof in the corpus's
 * confidential chain has exponent 0, a minimum of 1 (0 on issuances) and a mantissa of 32 bits, more
 * only for values above 2^32.
 */
import { assetEntropy, calculateAsset, reissuanceToken } from '../assets/asset-id.js';
import { sha256 } from '../crypto/hash.js';
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue } from '../primitives/confidential.js';
import { AssetIssuance } from '../primitives/asset-issuance.js';
import type { Transaction } from '../primitives/transaction.js';
import { TransactionBuilder } from '../primitives/transaction-builder.js';
import { TxIn } from '../primitives/tx-in.js';
import { TxOut } from '../primitives/tx-out.js';
import { TxInWitness, TxOutWitness } from '../primitives/witness.js';
import { isUnspendable } from '../script/script.js';
import type { ConfidentialPrimitives } from './confidential-primitives.js';
import { RandomStream, type RandomSource } from './random-source.js';
import { isPrivateKey, isPubkeySized, isScalar, isZero32 } from './key-checks.js';

/** `-ct_exponent` default. */
export const DEFAULT_CT_EXPONENT = 0;
/** `-ct_bits` default. */
export const DEFAULT_CT_BITS = 32;
/** Iteration limit Elements gives `secp256k1_surjectionproof_initialize`. */
export const SURJECTION_MAX_ITERATIONS = 100;

const ZERO32 = new Uint8Array(32);
const EMPTY = new Uint8Array(0);
/**
 * Issuance range proofs commit to the empty script, which Ocean's `IsUnspendable` counts as
 * unspendable, so their minimum value is 0 (every issuance proof in the corpus has minimum 0).
 */
const ISSUANCE_MIN_VALUE = 0n;

/** What the blinder knows about one spent output (one entry per transaction input). */
export interface BlindingInput {
  /**
   * Asset id (internal byte order), or `null` when unknown — then `generator` (the spent output's
   * asset commitment, an "auxiliary generator") must be given and the input cannot be the one a
   * surjection proof opens.
   */
  readonly asset: Uint8Array | null;
  /** Asset blinding factor; all zero for an explicit asset. */
  readonly assetBlinder: Uint8Array;
  readonly value: bigint;
  /** Value blinding factor; all zero for an explicit value. */
  readonly valueBlinder: Uint8Array;
  /** Serialized asset generator of the spent output, used when `asset` is null. */
  readonly generator?: Uint8Array;
}

/** Issuance blinding keys of one input: `asset` blinds the issued amount, `token` the token amount. */
export interface IssuanceBlindingKeys {
  readonly asset?: Uint8Array | null;
  readonly token?: Uint8Array | null;
}

export interface BlindTransactionRequest {
  readonly tx: Transaction;
  /** One entry per transaction input. */
  readonly inputs: readonly BlindingInput[];
  /** Per output (may be shorter than the outputs): the receiver's blinding public key, or null. */
  readonly outputPubkeys: readonly (Uint8Array | null | undefined)[];
  /** Per input (may be shorter than the inputs): keys for blinding its issuance. */
  readonly issuanceKeys?: readonly (IssuanceBlindingKeys | null | undefined)[];
  readonly random: RandomSource;
  /** `-ct_exponent` (−1…18), default 0. */
  readonly ctExponent?: number;
  /** `-ct_bits` (1…64), default 32. */
  readonly ctBits?: number;
}

export interface BlindTransactionResult {
  /**
   * Fields blinded (outputs plus issuance amounts), as `BlindTransaction` returns it: −1 when the
   * request cannot be blinded at all (see `error`); fewer than asked when blinding stopped part-way
   * (a single blinded field with no blinded input, a zero final blinder, an asset missing from the
   * inputs) — callers compare it with `countFieldsToBlind` and fail on a mismatch.
   */
  readonly blinded: number;
  readonly error?: string;
  /** The transaction with the fields blinded so far. */
  readonly tx: Transaction;
  /** Per output: the value blinding factor used (zero where not blinded). */
  readonly valueBlinders: readonly Uint8Array[];
  /** Per output: the asset blinding factor used (zero where not blinded). */
  readonly assetBlinders: readonly Uint8Array[];
}

function isPositiveExplicit(v: ConfidentialValue): boolean {
  return v.isExplicit && v.amount > 0n;
}

function validKey(k: Uint8Array | null | undefined): k is Uint8Array {
  return k != null && isPrivateKey(k);
}

/**
 * The blinding public key of output `i`, when one is given — `CPubKey::IsValid`, a size check: a key
 * of the wrong size means "do not blind" (a key of the right size that is not a point is an error).
 */
export function outputBlindingKey(pubkeys: BlindTransactionRequest['outputPubkeys'], i: number): Uint8Array | null {
  const k = pubkeys[i];
  return k != null && isPubkeySized(k) ? k : null;
}

/** Issuance fields of input `i` that will be blinded (explicit, positive, with a valid key). */
export function issuanceFieldsToBlind(
  input: TxIn,
  keys: IssuanceBlindingKeys | null | undefined,
): { amount: Uint8Array | null; token: Uint8Array | null } {
  if (!input.hasIssuance || keys == null) return { amount: null, token: null };
  const amount = validKey(keys.asset) && isPositiveExplicit(input.issuance.amount) ? keys.asset : null;
  const token =
    validKey(keys.token) && !input.issuance.isReissuance && isPositiveExplicit(input.issuance.inflationKeys) ? keys.token : null;
  return { amount, token };
}

/** Number of fields `blindTransaction` is asked to blind: outputs with a key plus issuance fields. */
export function countFieldsToBlind(
  tx: Transaction,
  outputPubkeys: BlindTransactionRequest['outputPubkeys'],
  issuanceKeys: BlindTransactionRequest['issuanceKeys'] = [],
): number {
  let n = 0;
  for (let i = 0; i < tx.outputs.length && i < outputPubkeys.length; i++) if (outputBlindingKey(outputPubkeys, i) !== null) n++;
  tx.inputs.forEach((input, i) => {
    const f = issuanceFieldsToBlind(input, issuanceKeys[i]);
    if (f.amount !== null) n++;
    if (f.token !== null) n++;
  });
  return n;
}

/** Inputs whose blinding factors are known and non-zero (`num_known_input_blinds`). */
export function countBlindedInputs(inputs: readonly BlindingInput[]): number {
  return inputs.filter((i) => !isZero32(i.valueBlinder) || !isZero32(i.assetBlinder)).length;
}

/**
 * Ids of an input's issuance as the blinder sees them: the token's confidential flag is "the amount
 * will be a commitment" (so the token id matches what `VerifyAmounts` derives after blinding).
 */
export function blindingIssuanceIds(input: TxIn, amountBlinded: boolean): { asset: Uint8Array; token: Uint8Array | null } {
  const issuance = input.issuance;
  if (issuance.isReissuance) return { asset: calculateAsset(issuance.assetEntropy), token: null };
  const entropy = assetEntropy(input.prevout, issuance.assetEntropy);
  return { asset: calculateAsset(entropy), token: reissuanceToken(entropy, amountBlinded) };
}

/** Draw a scalar below n (and non-zero when `nonZero`), drawing again on failure. */
function drawScalar(random: RandomStream, nonZero: boolean): Uint8Array {
  for (;;) {
    const b = random.bytes(32);
    if (nonZero ? isPrivateKey(b) : isScalar(b)) return b;
  }
}

/** The 64-byte range proof side channel: asset id ‖ asset blinder. */
function sideChannel(asset: Uint8Array, assetBlinder: Uint8Array): Uint8Array {
  const m = new Uint8Array(64);
  m.set(asset, 0);
  m.set(assetBlinder, 32);
  return m;
}

/** Blind `req.tx` (see the module comment). Throws only on arguments of the wrong shape. */
export function blindTransaction(p: ConfidentialPrimitives, req: BlindTransactionRequest): BlindTransactionResult {
  const { tx, inputs, outputPubkeys } = req;
  const issuanceKeys = req.issuanceKeys ?? [];
  if (inputs.length !== tx.inputs.length) throw new RangeError('one BlindingInput per transaction input is required');
  if (outputPubkeys.length > tx.outputs.length) throw new RangeError('more output pubkeys than outputs');
  if (issuanceKeys.length > tx.inputs.length) throw new RangeError('more issuance keys than inputs');
  for (const i of inputs) {
    if (i.assetBlinder.length !== 32 || i.valueBlinder.length !== 32) throw new RangeError('blinding factors must be 32 bytes');
  }
  const ctExponent = req.ctExponent ?? DEFAULT_CT_EXPONENT;
  const ctBits = req.ctBits ?? DEFAULT_CT_BITS;
  const random = new RandomStream(req.random);

  const builder = TransactionBuilder.from(tx);
  const valueBlinders: Uint8Array[] = tx.outputs.map(() => ZERO32);
  const assetBlinders: Uint8Array[] = tx.outputs.map(() => ZERO32);
  const result = (blinded: number, error?: string): BlindTransactionResult => ({
    blinded,
    ...(error === undefined ? {} : { error }),
    tx: builder.build(),
    valueBlinders,
    assetBlinders,
  });

  // Surjection targets: tags (asset ids), generators and asset blinders, in VerifyAmounts order.
  const targetTags: Uint8Array[] = [];
  const targetGenerators: Uint8Array[] = [];
  const targetBlinders: Uint8Array[] = [];
  const issuanceFields = tx.inputs.map((input, i) => issuanceFieldsToBlind(input, issuanceKeys[i]));
  for (let i = 0; i < tx.inputs.length; i++) {
    const spent = inputs[i]!;
    let gen: Uint8Array | null;
    if (spent.asset === null) {
      if (spent.generator === undefined || !p.isValidGenerator(spent.generator)) return result(-1, `input ${i}: unknown asset and no valid generator`);
      gen = spent.generator;
    } else {
      gen = p.blindedGenerator(spent.asset, spent.assetBlinder);
      if (gen === null) return result(-1, `input ${i}: invalid asset blinding factor`);
    }
    targetTags.push(spent.asset ?? ZERO32);
    targetGenerators.push(gen);
    targetBlinders.push(spent.assetBlinder);

    const input = tx.inputs[i]!;
    if (!input.hasIssuance) continue;
    const issuance = input.issuance;
    if (issuance.amount.isCommitment || issuance.inflationKeys.isCommitment) return result(-1, `input ${i}: issuance already blinded`);
    const ids = blindingIssuanceIds(input, issuanceFields[i]!.amount !== null);
    if (!issuance.amount.isNull) {
      targetTags.push(ids.asset);
      targetGenerators.push(p.generator(ids.asset));
      targetBlinders.push(ZERO32);
    }
    if (!issuance.inflationKeys.isNull && ids.token !== null) {
      targetTags.push(ids.token);
      targetGenerators.push(p.generator(ids.token));
      targetBlinders.push(ZERO32);
    }
  }

  // Running lists for the final blinding factor: known input blinders first, then issuance fields,
  // then outputs (the first `nInputs` entries are the input side).
  const amounts: bigint[] = [];
  const assetBlinderList: Uint8Array[] = [];
  const valueBlinderList: Uint8Array[] = [];
  let knownInputBlinds = 0;
  for (const spent of inputs) {
    if (isZero32(spent.valueBlinder) && isZero32(spent.assetBlinder)) continue;
    if (spent.value < 0n) return result(-1, 'negative input amount');
    amounts.push(spent.value);
    assetBlinderList.push(spent.assetBlinder);
    valueBlinderList.push(spent.valueBlinder);
    knownInputBlinds++;
  }

  let toBlind = 0;
  for (const f of issuanceFields) toBlind += (f.amount !== null ? 1 : 0) + (f.token !== null ? 1 : 0);
  for (let o = 0; o < outputPubkeys.length; o++) {
    const key = outputBlindingKey(outputPubkeys, o);
    if (key === null) continue;
    const out = tx.outputs[o]!;
    if (!p.isValidPublicKey(key) || !out.value.isExplicit || !out.asset.isExplicit || !tx.outWitness[o]!.isNull || out.isFee) {
      return result(-1, `output ${o} cannot be blinded`);
    }
    if (out.value.amount < 0n) return result(-1, `output ${o} has a negative value`);
    toBlind++;
  }

  let attempts = 0;
  let issuanceAttempts = 0;
  let blinded = 0;

  // Issuance pseudo-inputs.
  for (let i = 0; i < tx.inputs.length; i++) {
    const fields = issuanceFields[i]!;
    if (fields.amount === null && fields.token === null) continue;
    const input = tx.inputs[i]!;
    const ids = blindingIssuanceIds(input, fields.amount !== null);
    let issuance = input.issuance;
    let witness = tx.inWitness[i]!;
    for (const which of ['amount', 'token'] as const) {
      const key = fields[which];
      if (key === null) continue;
      const id = which === 'amount' ? ids.asset : ids.token!;
      const field = which === 'amount' ? issuance.amount : issuance.inflationKeys;
      const amount = field.amount;
      attempts++;
      issuanceAttempts++;
      const blinder = drawScalar(random, false);
      amounts.push(amount);
      assetBlinderList.push(ZERO32);
      valueBlinderList.push(blinder);
      const gen = p.generator(id);
      const commitment = p.commit(amount, blinder, gen);
      if (commitment === null) return result(blinded, `input ${i}: issuance commitment failed`);
      const proof = p.rangeProofSign({
        value: amount,
        commitment,
        generator: gen,
        blinder,
        nonce: key,
        minValue: ISSUANCE_MIN_VALUE,
        exponent: ctExponent,
        minBits: ctBits,
        message: sideChannel(id, ZERO32),
        extraCommit: EMPTY,
      });
      if (proof === null) return result(blinded, `input ${i}: issuance range proof failed`);
      const value = ConfidentialValue.fromBytes(commitment);
      if (which === 'amount') {
        issuance = new AssetIssuance(issuance.assetBlindingNonce, issuance.assetEntropy, value, issuance.inflationKeys);
        witness = new TxInWitness(proof, witness.inflationKeysRangeproof, witness.scriptWitness, witness.peginWitness);
      } else {
        issuance = new AssetIssuance(issuance.assetBlindingNonce, issuance.assetEntropy, issuance.amount, value);
        witness = new TxInWitness(witness.issuanceAmountRangeproof, proof, witness.scriptWitness, witness.peginWitness);
      }
      builder.setInput(i, new TxIn(input.prevout, input.scriptSig, input.sequence, issuance, input.isPegin));
      builder.setInputWitness(i, witness);
      blinded++;
    }
  }

  // Outputs.
  for (let o = 0; o < outputPubkeys.length; o++) {
    const key = outputBlindingKey(outputPubkeys, o);
    if (key === null) continue;
    const out = tx.outputs[o]!;
    const asset = out.asset.id;
    const amount = out.value.amount;
    attempts++;
    let valueBlinder = drawScalar(random, false);
    const assetBlinder = drawScalar(random, false);
    amounts.push(amount);
    assetBlinderList.push(assetBlinder);

    if (attempts === toBlind) {
      // A single blinded field with no blinded input would have a computable blinder (value leaked).
      if (attempts === 1 && knownInputBlinds === 0) return result(blinded, 'only one field to blind and no blinded input');
      const last = p.blindGeneratorBlindSum(amounts, assetBlinderList, valueBlinderList, issuanceAttempts + knownInputBlinds);
      if (last === null) return result(blinded, 'final blinding factor failed');
      // Zero final blinder (e.g. inputs that cancel out and a zero value): would be unblinded.
      if (isZero32(last)) return result(blinded, 'final blinding factor is zero');
      valueBlinder = last;
    }
    valueBlinderList.push(valueBlinder);
    valueBlinders[o] = valueBlinder;
    assetBlinders[o] = assetBlinder;

    const gen = p.blindedGenerator(asset, assetBlinder);
    if (gen === null) return result(blinded, `output ${o}: asset blinding failed`);
    const commitment = p.commit(amount, valueBlinder, gen);
    if (commitment === null) return result(blinded, `output ${o}: value commitment failed`);

    const ephemeral = drawScalar(random, true);
    const ephemeralPub = p.publicKey(ephemeral);
    const shared = p.ecdh(key, ephemeral);
    if (ephemeralPub === null || shared === null) return result(blinded, `output ${o}: ECDH failed`);
    const nonce = sha256(shared);

    const rangeProof = p.rangeProofSign({
      value: amount,
      commitment,
      generator: gen,
      blinder: valueBlinder,
      nonce,
      minValue: isUnspendable(out.scriptPubKey) ? 0n : 1n,
      exponent: ctExponent,
      minBits: ctBits,
      message: sideChannel(asset, assetBlinder),
      extraCommit: out.scriptPubKey,
    });
    builder.outputs[o] = new TxOut(
      ConfidentialAsset.fromBytes(gen),
      ConfidentialValue.fromBytes(commitment),
      ConfidentialNonce.fromBytes(ephemeralPub),
      out.scriptPubKey,
    );
    if (rangeProof === null) return result(blinded, `output ${o}: range proof failed`);
    builder.setOutputWitness(o, new TxOutWitness(EMPTY, rangeProof));

    const seed = random.bytes(32);
    const init = p.surjectionProofInitialize(targetTags, asset, SURJECTION_MAX_ITERATIONS, seed);
    if (init === null) continue; // asset not among the inputs: this output stays without a surjection proof
    const surjectionProof = p.surjectionProofGenerate(
      init.proof,
      targetGenerators,
      gen,
      init.inputIndex,
      targetBlinders[init.inputIndex]!,
      assetBlinder,
    );
    if (surjectionProof === null || !p.verifySurjectionProof(surjectionProof, targetGenerators, gen)) continue;
    builder.setOutputWitness(o, new TxOutWitness(surjectionProof, rangeProof));
    blinded++;
  }

  return result(blinded);
}
