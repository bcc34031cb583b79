/**
 * Core 0.14's `ProduceSignature` (src/script/sign.cpp) with Ocean's script templates: solve a
 * scriptPubKey with the keys and scripts a {@link SigningProvider} holds, through P2SH and segwit v0
 * (P2WPKH, P2WSH, both also nested in P2SH), and test the result with the standard script flags.
 */
import { hash160, ripemd160 } from '../../crypto/hash.js';
import { SigVersion } from '../checker.js';
import { isValidPubKeySize } from '../ecdsa-checker.js';
import { STANDARD_SCRIPT_VERIFY_FLAGS } from '../flags.js';
import { verifyScript } from '../interpreter.js';
import { OP } from '../opcodes.js';
import { ScriptBuilder } from '../script-builder.js';
import { TxoutType, solver } from '../standard.js';
import type { SignatureCreator } from './signature-creator.js';

/** What signing an input produces (`SignatureData`): its scriptSig and script witness stack. */
export interface SignatureData {
  readonly scriptSig: Uint8Array;
  readonly scriptWitness: readonly Uint8Array[];
}

export const EMPTY_SIGNATURE_DATA: SignatureData = Object.freeze({ scriptSig: new Uint8Array(0), scriptWitness: Object.freeze([]) });

export interface ProduceSignatureResult {
  /** Solved and the solution passes `VerifyScript` with the standard flags. */
  readonly complete: boolean;
  /** The (possibly partial) solution. */
  readonly data: SignatureData;
}

/** `PushAll`: an empty element → OP_0, a single byte 1…16 → OP_1…OP_16, otherwise a data push. */
export function pushAll(values: readonly Uint8Array[]): Uint8Array {
  const b = new ScriptBuilder();
  for (const v of values) {
    if (v.length === 0) b.op(OP.OP_0);
    else if (v.length === 1 && v[0]! >= 1 && v[0]! <= 16) b.op(OP.OP_1 - 1 + v[0]!);
    else b.push(v);
  }
  return b.build();
}

/** `CPubKey(bytes).GetID()`: HASH160 of the key, or of nothing when the length does not fit the header. */
function keyIdOf(pubkey: Uint8Array): Uint8Array {
  return hash160(isValidPubKeySize(pubkey) ? pubkey : new Uint8Array(0));
}

interface Step {
  readonly solved: boolean;
  readonly type: TxoutType;
  readonly ret: Uint8Array[];
}

function sign1(keyId: Uint8Array, creator: SignatureCreator, scriptCode: Uint8Array, ret: Uint8Array[], sigversion: SigVersion): boolean {
  const sig = creator.createSig(keyId, scriptCode, sigversion);
  if (!sig) return false;
  ret.push(sig);
  return true;
}

/** `SignN` over `[m, key…, n]`: sign with held keys in key order until `m` signatures exist. */
function signN(multisig: readonly Uint8Array[], creator: SignatureCreator, scriptCode: Uint8Array, ret: Uint8Array[], sigversion: SigVersion): boolean {
  const required = multisig[0]![0]!;
  let signed = 0;
  for (let i = 1; i < multisig.length - 1 && signed < required; i++) {
    if (sign1(keyIdOf(multisig[i]!), creator, scriptCode, ret, sigversion)) signed++;
  }
  return signed === required;
}

/** `SignStep`: one level of solving. */
function signStep(creator: SignatureCreator, scriptPubKey: Uint8Array, sigversion: SigVersion): Step {
  const ret: Uint8Array[] = [];
  const { ok, type, solutions } = solver(scriptPubKey);
  if (!ok) return { solved: false, type, ret };
  const done = (solved: boolean): Step => ({ solved, type, ret });
  switch (type) {
    case TxoutType.PUBKEY:
      return done(sign1(keyIdOf(solutions[0]!), creator, scriptPubKey, ret, sigversion));
    case TxoutType.PUBKEYHASH: {
      const keyId = solutions[0]!;
      if (!sign1(keyId, creator, scriptPubKey, ret, sigversion)) return done(false);
      ret.push(creator.provider.getPubKey(keyId) ?? new Uint8Array(0));
      return done(true);
    }
    case TxoutType.SCRIPTHASH: {
      const script = creator.provider.getScript(solutions[0]!);
      if (!script) return done(false);
      ret.push(script);
      return done(true);
    }
    case TxoutType.MULTISIG:
      ret.push(new Uint8Array(0)); // the CHECKMULTISIG dummy element
      return done(signN(solutions, creator, scriptPubKey, ret, sigversion));
    case TxoutType.LOCKED_MULTISIG:
      // Ocean: `<locktime> CLTV DROP <multisig>` is signed like the multisig it guards.
      ret.push(new Uint8Array(0));
      return done(signN(solutions.slice(1), creator, scriptPubKey, ret, sigversion));
    case TxoutType.WITNESS_V0_KEYHASH:
      ret.push(solutions[0]!);
      return done(true);
    case TxoutType.WITNESS_V0_SCRIPTHASH: {
      const script = creator.provider.getScript(ripemd160(solutions[0]!));
      if (!script) return done(false);
      ret.push(script);
      return done(true);
    }
    case TxoutType.TRUE:
      // Ocean: a bare OP_TRUE output is spent with an empty scriptSig.
      return done(true);
    default:
      // nulldata, fee and register-address outputs cannot be spent.
      return done(false);
  }
}

/** The P2PKH script a P2WPKH program is executed as. */
function p2pkhScript(keyId: Uint8Array): Uint8Array {
  return new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(keyId).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();
}

/**
 * `ProduceSignature(creator, fromPubKey, sigdata)`: the (possibly partial) scriptSig and witness,
 * and whether they are complete, i.e. pass `VerifyScript` with `flags` (default: the standard
 * flags, as Core uses).
 */
export function produceSignature(creator: SignatureCreator, fromPubKey: Uint8Array, flags: number = STANDARD_SCRIPT_VERIFY_FLAGS): ProduceSignatureResult {
  let step = signStep(creator, fromPubKey, SigVersion.BASE);
  let solved = step.solved;
  let type = step.type;
  let result = step.ret;
  let witness: Uint8Array[] = [];
  let subscript: Uint8Array | undefined;

  if (solved && type === TxoutType.SCRIPTHASH) {
    // The final scriptSig is the solution of the redeem script followed by the redeem script.
    subscript = result[0]!;
    step = signStep(creator, subscript, SigVersion.BASE);
    solved = step.solved && step.type !== TxoutType.SCRIPTHASH;
    type = step.type;
    result = step.ret;
  }

  if (solved && type === TxoutType.WITNESS_V0_KEYHASH) {
    const sub = signStep(creator, p2pkhScript(result[0]!), SigVersion.WITNESS_V0);
    solved = sub.solved;
    witness = sub.ret;
    result = [];
  } else if (solved && type === TxoutType.WITNESS_V0_SCRIPTHASH) {
    const witnessScript = result[0]!;
    const sub = signStep(creator, witnessScript, SigVersion.WITNESS_V0);
    solved =
      sub.solved &&
      sub.type !== TxoutType.SCRIPTHASH &&
      sub.type !== TxoutType.WITNESS_V0_SCRIPTHASH &&
      sub.type !== TxoutType.WITNESS_V0_KEYHASH;
    witness = [...sub.ret, witnessScript];
    result = [];
  }

  if (subscript) result.push(subscript);
  const data: SignatureData = { scriptSig: pushAll(result), scriptWitness: witness };
  const complete = solved && verifyScript(data.scriptSig, fromPubKey, data.scriptWitness, flags, creator.checker).ok;
  return { complete, data };
}
