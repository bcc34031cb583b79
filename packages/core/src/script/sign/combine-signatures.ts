/**
 * Core 0.14's `CombineSignatures` (src/script/sign.cpp) with Ocean's locked multisig: merge two
 * (partial) solutions of the same scriptPubKey — signatures of a multisig are matched to their keys
 * with the checker and put in key order — through P2SH and segwit v0, including multisig inside
 * P2SH-wrapped P2WSH (whose partial signatures the original loses; docs/adr/0015).
 */
import { compareBytes, toHex } from '../../encoding/hex.js';
import type { Transaction } from '../../primitives/transaction.js';
import { BaseSignatureChecker, SigVersion, type SignatureChecker } from '../checker.js';
import { SCRIPT_VERIFY_STRICTENC } from '../flags.js';
import { evalScript } from '../interpreter.js';
import { TxoutType, solver } from '../standard.js';
import { pushAll, type SignatureData } from './produce-signature.js';

/** Core's `Stacks`: the stack a scriptSig leaves, and the witness stack. */
interface Stacks {
  readonly script: readonly Uint8Array[];
  readonly witness: readonly Uint8Array[];
}

function stacksOf(data: SignatureData): Stacks {
  const script: Uint8Array[] = [];
  evalScript(script, data.scriptSig, SCRIPT_VERIFY_STRICTENC, new BaseSignatureChecker(), SigVersion.BASE);
  return { script, witness: data.scriptWitness };
}

const NONE: Stacks = { script: [], witness: [] };

/** `DataFromTransaction(tx, nIn)`: input `nIn`'s scriptSig and script witness. */
export function dataFromTransaction(tx: Transaction, nIn: number): SignatureData {
  return { scriptSig: tx.inputs[nIn]!.scriptSig, scriptWitness: tx.inWitness[nIn]?.scriptWitness ?? [] };
}

/**
 * `CombineSignatures(scriptPubKey, checker, sig1, sig2)`: the merged solution. `checker` verifies
 * multisig signatures (a transaction checker for the input, with the spent amount).
 */
export function combineSignatures(scriptPubKey: Uint8Array, checker: SignatureChecker, sig1: SignatureData, sig2: SignatureData): SignatureData {
  const r = combine(scriptPubKey, checker, stacksOf(sig1), stacksOf(sig2), SigVersion.BASE);
  return { scriptSig: pushAll(r.script), scriptWitness: r.witness };
}

const isEmptyOrEmptyLast = (s: readonly Uint8Array[]): boolean => s.length === 0 || s[s.length - 1]!.length === 0;

function combine(scriptPubKey: Uint8Array, checker: SignatureChecker, s1: Stacks, s2: Stacks, sigversion: SigVersion): Stacks {
  const { type, solutions } = solver(scriptPubKey);
  switch (type) {
    case TxoutType.NONSTANDARD:
    case TxoutType.NULL_DATA:
      // Nothing known about it: assume the bigger one is correct.
      return s1.script.length >= s2.script.length ? s1 : s2;
    case TxoutType.PUBKEY:
    case TxoutType.PUBKEYHASH:
      // Signatures are bigger than placeholders or empty scripts.
      return s1.script.length === 0 || s1.script[0]!.length === 0 ? s2 : s1;
    case TxoutType.WITNESS_V0_KEYHASH:
      return s1.witness.length === 0 || s1.witness[0]!.length === 0 ? s2 : s1;
    case TxoutType.SCRIPTHASH: {
      if (isEmptyOrEmptyLast(s1.script)) return s2;
      if (isEmptyOrEmptyLast(s2.script)) return s1;
      // Recurse into the redeem script.
      const spk = s1.script[s1.script.length - 1]!;
      const r = combine(spk, checker, { script: s1.script.slice(0, -1), witness: s1.witness }, { script: s2.script.slice(0, -1), witness: s2.witness }, sigversion);
      return { script: [...r.script, spk], witness: r.witness };
    }
    case TxoutType.MULTISIG:
      return { script: combineMultisig(scriptPubKey, checker, solutions, s1.script, s2.script, sigversion), witness: [] };
    case TxoutType.LOCKED_MULTISIG:
      // Ocean: the multisig behind the CLTV prefix.
      return { script: combineMultisig(scriptPubKey, checker, solutions.slice(1), s1.script, s2.script, sigversion), witness: [] };
    case TxoutType.WITNESS_V0_SCRIPTHASH: {
      if (isEmptyOrEmptyLast(s1.witness)) return s2;
      if (isEmptyOrEmptyLast(s2.witness)) return s1;
      // Recurse into the witness script: its stack is the witness without the script.
      const witnessScript = s1.witness[s1.witness.length - 1]!;
      const r = combine(witnessScript, checker, { script: s1.witness.slice(0, -1), witness: [] }, { script: s2.witness.slice(0, -1), witness: [] }, SigVersion.WITNESS_V0);
      return { script: [], witness: [...r.script, witnessScript] };
    }
    default:
      return NONE;
  }
}

/**
 * `CombineMultisig`: every distinct non-empty element of both stacks (in byte order, as a
 * `std::set`) is matched to the first key it signs for that has no signature yet; the result is the
 * dummy element, the signatures in key order up to the required count, and OP_0 placeholders.
 */
function combineMultisig(
  scriptPubKey: Uint8Array,
  checker: SignatureChecker,
  multisig: readonly Uint8Array[],
  sigs1: readonly Uint8Array[],
  sigs2: readonly Uint8Array[],
  sigversion: SigVersion,
): Uint8Array[] {
  const all = new Map<string, Uint8Array>();
  for (const v of [...sigs1, ...sigs2]) if (v.length > 0) all.set(toHex(v), v);
  const sorted = [...all.values()].sort(compareBytes);
  const required = multisig[0]![0]!;
  const pubkeys = multisig.slice(1, -1);
  const byKey = new Map<string, Uint8Array>();
  for (const sig of sorted) {
    for (const pk of pubkeys) {
      const k = toHex(pk);
      if (byKey.has(k)) continue;
      if (checker.checkSig(sig, pk, scriptPubKey, sigversion)) {
        byKey.set(k, sig);
        break;
      }
    }
  }
  const result: Uint8Array[] = [new Uint8Array(0)];
  let have = 0;
  for (const pk of pubkeys) {
    if (have >= required) break;
    const s = byKey.get(toHex(pk));
    if (s) {
      result.push(s);
      have++;
    }
  }
  for (let i = have; i < required; i++) result.push(new Uint8Array(0));
  return result;
}
