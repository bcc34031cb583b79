import {
  BaseSignatureChecker,
  SCRIPT_VERIFY_STRICTENC,
  ScriptBuilder,
  SigVersion,
  TxoutType,
  bytesEqual,
  compareBytes,
  evalScript,
  solver,
  toHex,
  type SignatureChecker,
} from '@ocean-ts/core';

/** `Stacks(SignatureData)`: the stack a scriptSig leaves (STRICTENC, no signature checks). */
export function scriptSigStack(scriptSig: Uint8Array): Uint8Array[] {
  const stack: Uint8Array[] = [];
  evalScript(stack, scriptSig, SCRIPT_VERIFY_STRICTENC, new BaseSignatureChecker(), SigVersion.BASE);
  return stack;
}

/** `PushAll`: empty → OP_0, one byte 1..16 → OP_n, else a push. */
export function pushAll(values: readonly Uint8Array[]): Uint8Array {
  const b = new ScriptBuilder();
  for (const v of values) {
    if (v.length === 0) b.op(0x00);
    else if (v.length === 1 && v[0]! >= 1 && v[0]! <= 16) b.op(0x50 + v[0]!);
    else b.push(v);
  }
  return b.build();
}

/**
 * Core 0.14 `CombineSignatures` for a legacy (non-witness) scriptPubKey, used by
 * `combineblocksigs` with the block-proof checker: multisig merges signatures in key order with
 * the OP_0 dummy and OP_0 placeholders; pubkey / pubkeyhash keep the first non-empty; P2SH
 * recurses into the redeem script; non-standard and null-data keep the longer script; any other
 * template (OP_TRUE, witness, Ocean's register/locked types) yields an empty script.
 */
export function combineSignatures(scriptPubKey: Uint8Array, checker: SignatureChecker, sig1: Uint8Array, sig2: Uint8Array): Uint8Array {
  return pushAll(combineStacks(scriptPubKey, checker, scriptSigStack(sig1), scriptSigStack(sig2)));
}

function combineStacks(scriptPubKey: Uint8Array, checker: SignatureChecker, s1: Uint8Array[], s2: Uint8Array[]): Uint8Array[] {
  const { type, solutions } = solver(scriptPubKey);
  switch (type) {
    case TxoutType.NONSTANDARD:
    case TxoutType.NULL_DATA:
      return stackScriptSize(s1) >= stackScriptSize(s2) ? s1 : s2;
    case TxoutType.PUBKEY:
    case TxoutType.PUBKEYHASH:
      return s1.length === 0 || s1[0]!.length === 0 ? s2 : s1;
    case TxoutType.SCRIPTHASH: {
      if (s1.length === 0 || s1[s1.length - 1]!.length === 0) return s2;
      if (s2.length === 0 || s2[s2.length - 1]!.length === 0) return s1;
      const spk = s1[s1.length - 1]!;
      const result = combineStacks(spk, checker, s1.slice(0, -1), s2.slice(0, -1));
      return [...result, spk];
    }
    case TxoutType.MULTISIG:
      return combineMultisig(scriptPubKey, checker, solutions, s1, s2);
    default:
      return [];
  }
}

/** Core compares `sigs.script.size()`, the number of stack elements. */
function stackScriptSize(stack: readonly Uint8Array[]): number {
  return stack.length;
}

function combineMultisig(
  scriptPubKey: Uint8Array,
  checker: SignatureChecker,
  solutions: readonly Uint8Array[],
  s1: readonly Uint8Array[],
  s2: readonly Uint8Array[],
): Uint8Array[] {
  // std::set<valtype>: unique, ordered lexicographically.
  const all: Uint8Array[] = [];
  for (const v of [...s1, ...s2]) if (v.length > 0 && !all.some((x) => bytesEqual(x, v))) all.push(v);
  all.sort(compareBytes);
  const required = solutions[0]![0]!;
  const pubkeys = solutions.slice(1, -1);
  const sigs = new Map<string, Uint8Array>();
  for (const sig of all) {
    for (const pk of pubkeys) {
      if (sigs.has(toHex(pk))) continue;
      if (checker.checkSig(sig, pk, scriptPubKey, SigVersion.BASE)) {
        sigs.set(toHex(pk), sig);
        break;
      }
    }
  }
  const result: Uint8Array[] = [new Uint8Array(0)];
  let have = 0;
  for (const pk of pubkeys) {
    if (have >= required) break;
    const s = sigs.get(toHex(pk));
    if (s) {
      result.push(s);
      have++;
    }
  }
  for (let i = have; i < required; i++) result.push(new Uint8Array(0));
  return result;
}
