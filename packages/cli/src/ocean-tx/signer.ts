import {
  BaseSignatureChecker,
  ConfidentialValue,
  DecodeError,
  JsonObject,
  JsonNumber,
  OP,
  SCRIPT_VERIFY_STRICTENC,
  ScriptBuilder,
  SigVersion,
  TransactionBuilder,
  TransactionSignatureChecker,
  TxIn,
  TxInWitness,
  TxoutType,
  bytesEqual,
  decodeWif,
  evalScript,
  hash160,
  isPayToScriptHash,
  isPayToWitnessScriptHash,
  parseUintHexLenient,
  ripemd160,
  scriptToAsm,
  signatureHash,
  solver,
  toHex,
  type Base58Prefixes,
  type JsonValue,
  type Secp256k1,
  type SignatureChecker,
  type Transaction,
} from '@ocean-ts/core';
import { atoi } from './c-numbers.js';
import { isCoreHex, parseHexStrict } from './hex-parsing.js';
import { amountFromValue } from './money.js';
import type { Registers } from './registers.js';
import { scriptForKeyHash } from './script-templates.js';
import { ToolError } from './tool-error.js';

const SIGHASH_FLAGS: ReadonlyMap<string, number> = new Map([
  ['ALL', 0x01],
  ['NONE', 0x02],
  ['SINGLE', 0x03],
  ['ALL|ANYONECANPAY', 0x81],
  ['NONE|ANYONECANPAY', 0x82],
  ['SINGLE|ANYONECANPAY', 0x83],
]);

interface Key {
  readonly key: Uint8Array;
  readonly pubkey: Uint8Array;
}

interface PrevOut {
  readonly scriptPubKey: Uint8Array;
  readonly amount: ConfidentialValue;
}

/** The temporary key store bitcoin-tx fills from the registers (`CBasicKeyStore`). */
class KeyStore {
  private readonly keys = new Map<string, Key>();
  private readonly scripts = new Map<string, Uint8Array>();

  addKey(k: Key): void {
    this.keys.set(toHex(hash160(k.pubkey)), k);
  }
  getKey(keyId: Uint8Array): Key | undefined {
    return this.keys.get(toHex(keyId));
  }
  addScript(script: Uint8Array): void {
    this.scripts.set(toHex(hash160(script)), script);
  }
  getScript(scriptId: Uint8Array): Uint8Array | undefined {
    return this.scripts.get(toHex(scriptId));
  }
}

/** Signature data of one input: the scriptSig stack and the script witness. */
interface Stacks {
  script: Uint8Array[];
  witness: Uint8Array[];
}

/** Creates signatures for one input (`MutableTransactionSignatureCreator`). */
class SignatureCreator {
  readonly checker: TransactionSignatureChecker;
  constructor(
    private readonly secp: Secp256k1,
    private readonly keystore: KeyStore,
    private readonly tx: Transaction,
    private readonly nIn: number,
    private readonly amount: ConfidentialValue,
    private readonly hashType: number,
  ) {
    this.checker = new TransactionSignatureChecker(secp, tx, nIn, amount);
  }

  get store(): KeyStore {
    return this.keystore;
  }

  /** `CreateSig`: DER signature (RFC 6979, low S) plus the hash-type byte. */
  createSig(keyId: Uint8Array, scriptCode: Uint8Array, sigversion: SigVersion): Uint8Array | undefined {
    const k = this.keystore.getKey(keyId);
    if (!k) return undefined;
    const hash = signatureHash(scriptCode, this.tx, this.nIn, this.hashType, this.amount, sigversion);
    const der = this.secp.signatureExport(this.secp.sign(hash, k.key).signature);
    const out = new Uint8Array(der.length + 1);
    out.set(der);
    out[der.length] = this.hashType & 0xff;
    return out;
  }
}

/** Position of m within multisig solutions (lockedmultisig has the lock time first). */
const multisigOffset = (type: TxoutType): number => (type === TxoutType.LOCKED_MULTISIG ? 1 : 0);

/** `SignStep`: the stack items that satisfy `script`, and its type. */
function signStep(c: SignatureCreator, script: Uint8Array, sigversion: SigVersion): { ok: boolean; type: TxoutType; ret: Uint8Array[] } {
  const s = solver(script);
  const ret: Uint8Array[] = [];
  const fail = { ok: false, type: s.type, ret };
  if (!s.ok) return fail;
  switch (s.type) {
    case TxoutType.PUBKEY: {
      const sig = c.createSig(hash160(s.solutions[0]!), script, sigversion);
      if (!sig) return fail;
      ret.push(sig);
      return { ok: true, type: s.type, ret };
    }
    case TxoutType.PUBKEYHASH: {
      const keyId = s.solutions[0]!;
      const sig = c.createSig(keyId, script, sigversion);
      if (!sig) return fail;
      ret.push(sig, c.store.getKey(keyId)!.pubkey);
      return { ok: true, type: s.type, ret };
    }
    case TxoutType.SCRIPTHASH: {
      const redeem = c.store.getScript(s.solutions[0]!);
      if (!redeem) return fail;
      ret.push(redeem);
      return { ok: true, type: s.type, ret };
    }
    case TxoutType.MULTISIG:
    case TxoutType.LOCKED_MULTISIG: {
      ret.push(new Uint8Array(0)); // CHECKMULTISIG pops one element too many
      const off = multisigOffset(s.type);
      const required = s.solutions[off]![0]!;
      let signed = 0;
      for (const pubkey of s.solutions.slice(off + 1, -1)) {
        if (signed >= required) break;
        const sig = c.createSig(hash160(pubkey), script, sigversion);
        if (sig) {
          ret.push(sig);
          signed++;
        }
      }
      return { ok: signed === required, type: s.type, ret };
    }
    case TxoutType.WITNESS_V0_KEYHASH:
      ret.push(s.solutions[0]!);
      return { ok: true, type: s.type, ret };
    case TxoutType.WITNESS_V0_SCRIPTHASH: {
      // the key store holds scripts by HASH160(script) = RIPEMD160(SHA256(script) = program)
      const ws = c.store.getScript(ripemd160(s.solutions[0]!));
      if (!ws) return fail;
      ret.push(ws);
      return { ok: true, type: s.type, ret };
    }
    default:
      return fail;
  }
}

/** `PushAll`: empty → OP_0, a single byte 1…16 → OP_N, otherwise a data push. */
function pushAll(values: readonly Uint8Array[]): Uint8Array {
  const b = new ScriptBuilder();
  for (const v of values) {
    if (v.length === 0) b.op(OP.OP_0);
    else if (v.length === 1 && v[0]! >= 1 && v[0]! <= 16) b.op(OP.OP_1 + v[0]! - 1);
    else b.push(v);
  }
  return b.build();
}

/** `ProduceSignature`: scriptSig and witness for spending `fromPubKey`. */
function produceSignature(c: SignatureCreator, fromPubKey: Uint8Array): Stacks {
  let result: Uint8Array[];
  let step = signStep(c, fromPubKey, SigVersion.BASE);
  let solved = step.ok;
  let type = step.type;
  result = step.ret;
  let witness: Uint8Array[] = [];
  let subscript: Uint8Array | undefined;
  if (solved && type === TxoutType.SCRIPTHASH) {
    subscript = result[0]!;
    step = signStep(c, subscript, SigVersion.BASE);
    solved = step.ok && step.type !== TxoutType.SCRIPTHASH;
    type = step.type;
    result = step.ret;
  }
  if (solved && type === TxoutType.WITNESS_V0_KEYHASH) {
    const w = signStep(c, scriptForKeyHash(result[0]!), SigVersion.WITNESS_V0);
    witness = w.ret;
    result = [];
  } else if (solved && type === TxoutType.WITNESS_V0_SCRIPTHASH) {
    const witnessScript = result[0]!;
    const w = signStep(c, witnessScript, SigVersion.WITNESS_V0);
    witness = [...w.ret, witnessScript];
    result = [];
  }
  if (subscript) result.push(subscript);
  return { script: result, witness };
}

/** The stack a scriptSig leaves (`EvalScript` with STRICTENC and no signature checks). */
function scriptSigStack(scriptSig: Uint8Array): Uint8Array[] {
  const stack: Uint8Array[] = [];
  evalScript(stack, scriptSig, SCRIPT_VERIFY_STRICTENC, new BaseSignatureChecker(), SigVersion.BASE);
  return stack;
}

function combineMultisig(
  scriptPubKey: Uint8Array,
  checker: SignatureChecker,
  solutions: readonly Uint8Array[],
  offset: number,
  sigs1: readonly Uint8Array[],
  sigs2: readonly Uint8Array[],
  sigversion: SigVersion,
): Uint8Array[] {
  // every distinct non-empty signature, in std::set order
  const all = new Map<string, Uint8Array>();
  for (const v of [...sigs1, ...sigs2]) if (v.length > 0) all.set(toHex(v), v);
  const sorted = [...all.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  const required = solutions[offset]![0]!;
  const pubkeys = solutions.slice(offset + 1, -1);
  // pubkey -> signature, by matching each signature to the first key it verifies against
  const byKey = new Map<string, Uint8Array>();
  for (const sig of sorted) {
    for (const pubkey of pubkeys) {
      const k = toHex(pubkey);
      if (byKey.has(k)) continue;
      if (checker.checkSig(sig, pubkey, scriptPubKey, sigversion)) {
        byKey.set(k, sig);
        break;
      }
    }
  }
  const result: Uint8Array[] = [new Uint8Array(0)];
  let have = 0;
  for (let i = 0; i < pubkeys.length && have < required; i++) {
    const sig = byKey.get(toHex(pubkeys[i]!));
    if (sig) {
      result.push(sig);
      have++;
    }
  }
  for (let i = have; i < required; i++) result.push(new Uint8Array(0));
  return result;
}

/** `CombineSignatures` for one script type (recursing into P2SH / P2WSH). */
function combine(scriptPubKey: Uint8Array, checker: SignatureChecker, s1: Stacks, s2: Stacks, sigversion: SigVersion): Stacks {
  const s = solver(scriptPubKey);
  const last = (x: Uint8Array[]) => x[x.length - 1];
  switch (s.type) {
    case TxoutType.NONSTANDARD:
    case TxoutType.NULL_DATA:
      return s1.script.length >= s2.script.length ? s1 : s2;
    case TxoutType.PUBKEY:
    case TxoutType.PUBKEYHASH:
      return s1.script.length === 0 || s1.script[0]!.length === 0 ? s2 : s1;
    case TxoutType.WITNESS_V0_KEYHASH:
      return s1.witness.length === 0 || s1.witness[0]!.length === 0 ? s2 : s1;
    case TxoutType.SCRIPTHASH: {
      if (s1.script.length === 0 || last(s1.script)!.length === 0) return s2;
      if (s2.script.length === 0 || last(s2.script)!.length === 0) return s1;
      const spk = last(s1.script)!;
      const r = combine(
        spk,
        checker,
        { script: s1.script.slice(0, -1), witness: s1.witness },
        { script: s2.script.slice(0, -1), witness: s2.witness },
        sigversion,
      );
      r.script.push(spk);
      return r;
    }
    case TxoutType.MULTISIG:
    case TxoutType.LOCKED_MULTISIG:
      if (!s.ok) return { script: [], witness: [] };
      return {
        script: combineMultisig(scriptPubKey, checker, s.solutions, multisigOffset(s.type), s1.script, s2.script, sigversion),
        witness: [],
      };
    case TxoutType.WITNESS_V0_SCRIPTHASH: {
      if (s1.witness.length === 0 || last(s1.witness)!.length === 0) return s2;
      if (s2.witness.length === 0 || last(s2.witness)!.length === 0) return s1;
      const ws = last(s1.witness)!;
      const r = combine(
        ws,
        checker,
        { script: s1.witness.slice(0, -1), witness: [] },
        { script: s2.witness.slice(0, -1), witness: [] },
        SigVersion.WITNESS_V0,
      );
      return { script: [], witness: [...r.script, ws] };
    }
    default:
      return { script: [], witness: [] };
  }
}

function parseHexUV(v: JsonValue | undefined, name: string): Uint8Array {
  const s = typeof v === 'string' ? v : '';
  if (!isCoreHex(s)) throw new ToolError(`${name} must be hexadecimal string (not '${s}')`);
  return parseHexStrict(s);
}

/** The values of a register treated as a list (UniValue `size()`/`operator[]` on arrays and objects). */
function listOf(v: JsonValue | undefined): JsonValue[] {
  if (Array.isArray(v)) return [...(v as JsonValue[])];
  if (v instanceof JsonObject) return v.entries.map(([, x]) => x);
  return [];
}

function valueString(v: JsonValue): string {
  if (v instanceof JsonNumber) return v.raw;
  if (typeof v === 'string') return v;
  if (v === true) return '1';
  if (v === false) return '0';
  return '';
}

/**
 * bitcoin-tx 0.14 `MutateTxSign` with Ocean signature hashing: keys from the `privatekeys`
 * register (WIF of this chain), previous outputs from `prevtxs` (`txid`, `vout`, `scriptPubKey`,
 * optional `redeemScript`, `amount` or Ocean's `amountcommitment`), signs P2PK, P2PKH, (locked)
 * multisig, P2SH, P2WPKH and P2WSH inputs (nested too) and merges with the signatures already
 * present. Inputs that cannot be signed are left as they are.
 */
export function signTransaction(tx: Transaction, flagStr: string, registers: Registers, base58: Base58Prefixes, secp: Secp256k1): Transaction {
  let hashType = 0x01;
  if (flagStr.length > 0) {
    const f = SIGHASH_FLAGS.get(flagStr);
    if (f === undefined) throw new ToolError('unknown sighash flag/sign option');
    hashType = f;
  }
  if (!registers.has('privatekeys')) throw new ToolError('privatekeys register variable must be set.');
  const keystore = new KeyStore();
  for (const k of listOf(registers.get('privatekeys'))) {
    if (typeof k !== 'string') throw new ToolError('privatekey not a std::string');
    let wif;
    try {
      wif = decodeWif(k, base58);
    } catch (e) {
      if (e instanceof DecodeError) throw new ToolError('privatekey not valid');
      throw e;
    }
    keystore.addKey({ key: wif.key, pubkey: secp.publicKeyCreate(wif.key, wif.compressed) });
  }

  if (!registers.has('prevtxs')) throw new ToolError('prevtxs register variable must be set.');
  const view = new Map<string, Map<number, PrevOut>>();
  for (const prevOut of listOf(registers.get('prevtxs'))) {
    if (!(prevOut instanceof JsonObject)) throw new ToolError('expected prevtxs internal object');
    const txidV = prevOut.get('txid');
    const voutV = prevOut.get('vout');
    const spkV = prevOut.get('scriptPubKey');
    if (typeof txidV !== 'string' || !(voutV instanceof JsonNumber) || typeof spkV !== 'string') {
      throw new ToolError('prevtxs internal object typecheck fail');
    }
    if (!isCoreHex(txidV)) throw new ToolError(`txid must be hexadecimal string (not '${txidV}')`);
    const txid = toHex(parseUintHexLenient(txidV));
    const nOut = atoi(voutV.raw);
    if (nOut < 0) throw new ToolError('vout must be positive');
    const scriptPubKey = parseHexUV(spkV, 'scriptPubKey');
    let coins = view.get(txid);
    if (!coins) view.set(txid, (coins = new Map()));
    const existing = coins.get(nOut);
    if (existing && !bytesEqual(existing.scriptPubKey, scriptPubKey)) {
      throw new ToolError(`Previous output scriptPubKey mismatch:\n${scriptToAsm(existing.scriptPubKey)}\nvs:\n${scriptToAsm(scriptPubKey)}`);
    }
    let amount = ConfidentialValue.fromAmount(0n);
    if (prevOut.has('amount')) amount = ConfidentialValue.fromAmount(amountFromValue(prevOut.get('amount')!));
    if (prevOut.has('amountcommitment')) {
      const c = parseHexUV(prevOut.get('amountcommitment'), 'amountcommitment');
      const v = ConfidentialValue.fromBytes(c);
      if (!v.isCommitment) throw new ToolError('amountcommitment must be a 33-byte value commitment');
      amount = v;
    }
    coins.set(nOut, { scriptPubKey, amount });
    if ((isPayToScriptHash(scriptPubKey) || isPayToWitnessScriptHash(scriptPubKey)) && prevOut.has('redeemScript')) {
      keystore.addScript(parseHexUV(prevOut.get('redeemScript'), 'redeemScript'));
    }
  }

  const hashSingle = (hashType & ~0x80) === 0x03;
  const merged = TransactionBuilder.from(tx);
  for (let i = 0; i < tx.inputs.length; i++) {
    const txin = tx.inputs[i]!;
    const prev = view.get(toHex(txin.prevout.txid))?.get(txin.prevout.index);
    if (!prev) continue;
    const creator = new SignatureCreator(secp, keystore, tx, i, prev.amount, hashType);
    let sigdata: Stacks = { script: [], witness: [] };
    if (!hashSingle || i < tx.outputs.length) sigdata = produceSignature(creator, prev.scriptPubKey);
    const existing: Stacks = { script: scriptSigStack(txin.scriptSig), witness: [...tx.inWitness[i]!.scriptWitness] };
    sigdata = combine(prev.scriptPubKey, creator.checker, sigdata, existing, SigVersion.BASE);
    const w = merged.inWitness[i] ?? TxInWitness.EMPTY;
    merged.setInput(i, new TxIn(txin.prevout, pushAll(sigdata.script), txin.sequence, txin.issuance, txin.isPegin));
    merged.setInputWitness(i, new TxInWitness(w.issuanceAmountRangeproof, w.inflationKeysRangeproof, sigdata.witness, w.peginWitness));
  }
  return merged.build();
}
