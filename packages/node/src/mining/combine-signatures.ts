/**
 * `combineblocksigs`' merge step: the original calls Core's `CombineSignatures` with a block-proof
 * checker and two scriptSig-only `SignatureData`s (the solution so far and one fragment), so this
 * is core's implementation with empty witnesses.
 */
import { combineSignatures as combineSignatureData, type SignatureChecker } from '@ocean-ts/core';

export { pushAll } from '@ocean-ts/core';

const NO_WITNESS: readonly Uint8Array[] = [];

/**
 * `CombineSignatures(challenge, checker, SignatureData(sig1), SignatureData(sig2)).scriptSig`:
 * multisig signatures are matched to their keys with `checker` and put in key order (OP_0 dummy,
 * OP_0 placeholders), pay-to-pubkey(-hash) keeps the first non-empty solution, P2SH recurses into
 * the redeem script, non-standard keeps the longer stack; OP_TRUE and other templates give an
 * empty script.
 */
export function combineSignatures(challenge: Uint8Array, checker: SignatureChecker, sig1: Uint8Array, sig2: Uint8Array): Uint8Array {
  return combineSignatureData(challenge, checker, { scriptSig: sig1, scriptWitness: NO_WITNESS }, { scriptSig: sig2, scriptWitness: NO_WITNESS }).scriptSig;
}
