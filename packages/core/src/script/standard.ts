/**
 * Output-script templates (`Solver`, `ExtractDestination(s)`, `IsStandard`) with Ocean's
 * additions (ocean-core-script.md §5): `fee`, `true`, `lockedmultisig` and the register-address
 * templates; witness programs other than v0/20 and v0/32 are non-standard.
 */
import { OP, decodeOpN, isSmallIntegerOp } from './opcodes.js';
import { OpReader, parseOps, type ScriptOp } from './op-reader.js';
import { isPayToScriptHash, isPushOnly, witnessProgram } from './script.js';
import { isValidPubKeySize } from './ecdsa-checker.js';
import { hash160 } from '../crypto/hash.js';

/** `txnouttype` with the names `GetTxnOutputType` prints. */
export const TxoutType = {
  NONSTANDARD: 'nonstandard',
  PUBKEY: 'pubkey',
  PUBKEYHASH: 'pubkeyhash',
  SCRIPTHASH: 'scripthash',
  MULTISIG: 'multisig',
  NULL_DATA: 'nulldata',
  WITNESS_V0_KEYHASH: 'witness_v0_keyhash',
  WITNESS_V0_SCRIPTHASH: 'witness_v0_scripthash',
  FEE: 'fee',
  TRUE: 'true',
  LOCKED_MULTISIG: 'lockedmultisig',
  REGISTERADDRESS_V0: 'registeraddress_v0',
  REGISTERADDRESS_V1: 'registeraddress_v1',
  DEREGISTERADDRESS_V0: 'deregisteraddress_v0',
  DEREGISTERADDRESS_V1: 'deregisteraddress_v1',
} as const;
export type TxoutType = (typeof TxoutType)[keyof typeof TxoutType];

export interface SolverResult {
  /** `Solver`'s return value: the script matched a template (and passed its checks). */
  readonly ok: boolean;
  /**
   * The type as the original leaves it: the template type when `ok`; `nonstandard` when nothing
   * matched — except that a multisig template that matched but failed its m/n checks keeps the
   * multisig type (as in Core 0.14, where `decodescript` then prints `multisig` without `reqSigs`).
   */
  readonly type: TxoutType;
  /**
   * Solutions: scripthash / witness → [hash or program]; pubkey → [key]; pubkeyhash → [hash20];
   * multisig → [m, key…, n] (m and n as one-byte arrays); lockedmultisig → [locktime push,
   * m, key…, n]; register-address → [payload]; fee / true / nulldata → [].
   */
  readonly solutions: Uint8Array[];
}

const NONSTANDARD: SolverResult = Object.freeze({ ok: false, type: TxoutType.NONSTANDARD, solutions: [] });

/** `Solver(scriptPubKey)`. */
export function solver(script: Uint8Array): SolverResult {
  // 1. P2SH: always exactly `a9 14 <20> 87`.
  if (isPayToScriptHash(script)) return ok(TxoutType.SCRIPTHASH, [script.slice(2, 22)]);

  // 2. Ocean: the empty script is a fee output.
  if (script.length === 0) return ok(TxoutType.FEE, []);

  // 3. Witness programs: only v0 with a 20- or 32-byte program.
  const wp = witnessProgram(script);
  if (wp) {
    if (wp.version === 0 && wp.program.length === 20) return ok(TxoutType.WITNESS_V0_KEYHASH, [wp.program.slice()]);
    if (wp.version === 0 && wp.program.length === 32) return ok(TxoutType.WITNESS_V0_SCRIPTHASH, [wp.program.slice()]);
    return NONSTANDARD;
  }

  // 4. Ocean: register / deregister address data.
  const reg = matchRegisterAddress(script);
  if (reg) return reg;

  // 5. Ocean: exactly OP_TRUE.
  if (script.length === 1 && script[0] === OP.OP_TRUE) return ok(TxoutType.TRUE, []);

  // 6. Provably prunable, data-carrying output.
  if (script[0] === OP.OP_RETURN && isPushOnly(script, 1)) return ok(TxoutType.NULL_DATA, []);

  // 7–9. Templates.
  const { ops, complete } = parseOps(script);
  if (!complete) return NONSTANDARD;
  return matchPubKey(ops) ?? matchPubKeyHash(ops) ?? matchMultisig(ops) ?? NONSTANDARD;
}

function ok(type: TxoutType, solutions: Uint8Array[]): SolverResult {
  return { ok: true, type, solutions };
}

const isPushOp = (op: ScriptOp): boolean => op.opcode <= OP.OP_PUSHDATA4;
/** The template's OP_PUBKEY: any push of 33 to 65 bytes. */
const isPubKeyPush = (op: ScriptOp): boolean => op.data.length >= 33 && op.data.length <= 65;

/** `<33–65 byte push> OP_CHECKSIG` */
function matchPubKey(ops: ScriptOp[]): SolverResult | undefined {
  if (ops.length !== 2) return undefined;
  const [k, c] = ops as [ScriptOp, ScriptOp];
  if (!isPubKeyPush(k) || c.opcode !== OP.OP_CHECKSIG) return undefined;
  return ok(TxoutType.PUBKEY, [k.data.slice()]);
}

/** `OP_DUP OP_HASH160 <20-byte push> OP_EQUALVERIFY OP_CHECKSIG` */
function matchPubKeyHash(ops: ScriptOp[]): SolverResult | undefined {
  if (ops.length !== 5) return undefined;
  const [a, b, h, c, d] = ops as [ScriptOp, ScriptOp, ScriptOp, ScriptOp, ScriptOp];
  if (a.opcode !== OP.OP_DUP || b.opcode !== OP.OP_HASH160 || c.opcode !== OP.OP_EQUALVERIFY || d.opcode !== OP.OP_CHECKSIG) {
    return undefined;
  }
  if (h.data.length !== 20) return undefined;
  return ok(TxoutType.PUBKEYHASH, [h.data.slice()]);
}

/**
 * `[<1–5 byte push> OP_CHECKLOCKTIMEVERIFY OP_DROP] <m> <33–65 byte push>… <n> OP_CHECKMULTISIG`
 * with m, n small-integer opcodes; then 1 ≤ m ≤ n = number of keys.
 */
function matchMultisig(ops: ScriptOp[]): SolverResult | undefined {
  let i = 0;
  let locktime: Uint8Array | undefined;
  const first = ops[0];
  if (
    first &&
    isPushOp(first) &&
    first.data.length >= 1 &&
    first.data.length <= 5 &&
    ops[1]?.opcode === OP.OP_CHECKLOCKTIMEVERIFY &&
    ops[2]?.opcode === OP.OP_DROP
  ) {
    locktime = first.data.slice();
    i = 3;
  }
  const type = locktime ? TxoutType.LOCKED_MULTISIG : TxoutType.MULTISIG;
  const mOp = ops[i];
  if (!mOp || !isSmallIntegerOp(mOp.opcode)) return undefined;
  const solutions: Uint8Array[] = locktime ? [locktime] : [];
  const m = decodeOpN(mOp.opcode);
  solutions.push(Uint8Array.of(m));
  i++;
  let keys = 0;
  while (i < ops.length && isPubKeyPush(ops[i]!)) {
    solutions.push(ops[i]!.data.slice());
    keys++;
    i++;
  }
  const nOp = ops[i];
  if (!nOp || !isSmallIntegerOp(nOp.opcode)) return undefined;
  const n = decodeOpN(nOp.opcode);
  solutions.push(Uint8Array.of(n));
  if (ops[i + 1]?.opcode !== OP.OP_CHECKMULTISIG || i + 2 !== ops.length) return undefined;
  if (m < 1 || n < 1 || m > n || keys !== n) return { ok: false, type, solutions };
  return ok(type, solutions);
}

/**
 * Ocean's `IsRegisteraddress` template: first byte OP_REGISTERADDRESS (b8) or
 * OP_DEREGISTERADDRESS (b6), the rest push-only and either `<push>` (v0) or `OP_1 <push>` (v1).
 */
function matchRegisterAddress(script: Uint8Array): SolverResult | undefined {
  const first = script[0];
  if (first !== OP.OP_REGISTERADDRESS && first !== OP.OP_DEREGISTERADDRESS) return undefined;
  if (!isPushOnly(script, 1)) return undefined;
  const r = new OpReader(script, 1);
  const register = first === OP.OP_REGISTERADDRESS;
  if (!r.next()) return undefined;
  if (r.opcode <= OP.OP_PUSHDATA4) {
    const payload = r.data.slice();
    if (!r.atEnd) return undefined;
    return ok(register ? TxoutType.REGISTERADDRESS_V0 : TxoutType.DEREGISTERADDRESS_V0, [payload]);
  }
  if (r.opcode !== OP.OP_1) return undefined;
  if (!r.next() || r.opcode > OP.OP_PUSHDATA4) return undefined;
  const payload = r.data.slice();
  if (!r.atEnd) return undefined;
  return ok(register ? TxoutType.REGISTERADDRESS_V1 : TxoutType.DEREGISTERADDRESS_V1, [payload]);
}

/** A transaction destination: a key id or a script id (HASH160). */
export type DestinationType = 'keyhash' | 'scripthash';

/** What an ordinary address pays to: a key id (P2PKH) or a script id (P2SH), HASH160 (20 bytes). */
export interface Destination {
  readonly type: DestinationType;
  readonly hash: Uint8Array;
}

/**
 * `ExtractDestination`: pubkey (with a well-formed key) → its key id, pubkeyhash → key id,
 * scripthash → script id; anything else has no single destination.
 */
export function extractDestination(script: Uint8Array): Destination | null {
  const s = solver(script);
  if (!s.ok) return null;
  if (s.type === TxoutType.PUBKEY) {
    const key = s.solutions[0]!;
    return isValidPubKeySize(key) ? { type: 'keyhash', hash: hash160(key) } : null;
  }
  if (s.type === TxoutType.PUBKEYHASH) return { type: 'keyhash', hash: s.solutions[0]! };
  if (s.type === TxoutType.SCRIPTHASH) return { type: 'scripthash', hash: s.solutions[0]! };
  return null;
}

export interface ExtractedDestinations {
  /** `ExtractDestinations`' return value; `decodescript` shows `reqSigs`/`addresses` only when true. */
  readonly ok: boolean;
  readonly type: TxoutType;
  readonly destinations: Destination[];
  readonly required: number;
}

/**
 * `ExtractDestinations`: multisig → the key ids of its well-formed keys and m (false if none);
 * nulldata → false; otherwise the single `ExtractDestination` with 1 required signature.
 */
export function extractDestinations(script: Uint8Array): ExtractedDestinations {
  const s = solver(script);
  const none = (): ExtractedDestinations => ({ ok: false, type: s.type, destinations: [], required: 0 });
  if (!s.ok || s.type === TxoutType.NULL_DATA) return none();
  if (s.type === TxoutType.MULTISIG) {
    const destinations: Destination[] = [];
    for (const key of s.solutions.slice(1, -1)) {
      if (isValidPubKeySize(key)) destinations.push({ type: 'keyhash', hash: hash160(key) });
    }
    if (destinations.length === 0) return none();
    return { ok: true, type: s.type, destinations, required: s.solutions[0]![0]! };
  }
  const d = extractDestination(script);
  if (!d) return none();
  return { ok: true, type: s.type, destinations: [d], required: 1 };
}

/** Policy options of {@link isStandard} (the node's defaults). */
export interface StandardOptions {
  /** `-datacarrier` (default true). */
  readonly dataCarrier?: boolean;
  /** `-datacarriersize` (default 83). */
  readonly maxDataCarrierBytes?: number;
  /** `-registeraddress` (default true). */
  readonly registerAddress?: boolean;
  /** `-registeraddresssize` (default 3203). */
  readonly maxRegisterAddressBytes?: number;
  /** Segwit outputs are standard (always true on Ocean chains). */
  readonly witnessEnabled?: boolean;
}

export const DEFAULT_MAX_DATA_CARRIER_BYTES = 83;
export const DEFAULT_MAX_REGISTER_ADDRESS_BYTES = 3203;

/**
 * `IsStandard(scriptPubKey)`: the script solves, multisig / lockedmultisig are at most 3-of-3
 * (1 ≤ m ≤ n ≤ 3), nulldata respects `-datacarrier(size)`, register-address data respects
 * `-registeraddress(size)`, `true` is non-standard.
 */
export function isStandard(script: Uint8Array, options: StandardOptions = {}): { standard: boolean; type: TxoutType } {
  const s = solver(script);
  const type = s.type;
  const no = { standard: false, type };
  if (!s.ok) return no;
  switch (type) {
    case TxoutType.MULTISIG:
    case TxoutType.LOCKED_MULTISIG: {
      const m = s.solutions[type === TxoutType.MULTISIG ? 0 : 1]![0]!;
      const n = s.solutions[s.solutions.length - 1]![0]!;
      if (n < 1 || n > 3 || m < 1 || m > n) return no;
      break;
    }
    case TxoutType.NULL_DATA:
      if (!(options.dataCarrier ?? true) || script.length > (options.maxDataCarrierBytes ?? DEFAULT_MAX_DATA_CARRIER_BYTES)) return no;
      break;
    case TxoutType.REGISTERADDRESS_V0:
    case TxoutType.REGISTERADDRESS_V1:
    case TxoutType.DEREGISTERADDRESS_V0:
    case TxoutType.DEREGISTERADDRESS_V1:
      if (!(options.registerAddress ?? true)) return no;
      if (script.length > (options.maxRegisterAddressBytes ?? DEFAULT_MAX_REGISTER_ADDRESS_BYTES)) return no;
      break;
    case TxoutType.WITNESS_V0_KEYHASH:
    case TxoutType.WITNESS_V0_SCRIPTHASH:
      if (!(options.witnessEnabled ?? true)) return no;
      break;
    case TxoutType.TRUE:
    case TxoutType.NONSTANDARD:
      return no;
    default:
      break;
  }
  return { standard: true, type };
}
