/**
 * The script interpreter: Bitcoin Core 0.14's `EvalScript` / `VerifyScript` with the Elements
 * opcodes and Ocean's changes (ocean-core-script.md §1–§3):
 * - MAX_SCRIPT_SIZE 50,000;
 * - CAT, SUBSTR, LEFT, RIGHT, INVERT, AND, OR, XOR, LSHIFT, RSHIFT enabled (2MUL, 2DIV, MUL, DIV,
 *   MOD stay disabled and fail even unexecuted);
 * - DETERMINISTICRANDOM, CHECKSIGFROMSTACK(VERIFY), SUBSTR_LAZY;
 * - NOP4 fails with BAD_OPCODE; REGISTERADDRESS / DEREGISTERADDRESS always fail.
 */
import { SEQUENCE_LOCKTIME_DISABLE_FLAG as SEQUENCE_LOCKTIME_DISABLE_FLAG_NUM } from '../primitives/locktime.js';
import { ripemd160, sha1, sha256, sha256d, hash160 } from '../crypto/hash.js';
import { bytesEqual } from '../encoding/hex.js';
import { OP } from './opcodes.js';
import { OpReader } from './op-reader.js';
import { ScriptError } from './errors.js';
import { SigVersion, type SignatureChecker } from './checker.js';
import {
  MAX_LOCKTIME_NUM_SIZE,
  ScriptNumError,
  castToBool,
  clampToInt32,
  decodeScriptNum,
  encodeScriptNum,
} from './script-num.js';
import {
  MAX_OPS_PER_SCRIPT,
  MAX_PUBKEYS_PER_MULTISIG,
  MAX_SCRIPT_ELEMENT_SIZE,
  MAX_SCRIPT_SIZE,
  MAX_STACK_SIZE,
  checkMinimalPush,
  findAndDeleteSignature,
  getSigOpCount,
  isPayToScriptHash,
  isPushOnly,
  witnessProgram,
} from './script.js';
import { encodePushData } from './script-builder.js';
import { checkPubKeyEncoding, checkSignatureEncoding } from './signature-encoding.js';
import {
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
  SCRIPT_VERIFY_CLEANSTACK,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS,
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,
  SCRIPT_VERIFY_MINIMALDATA,
  SCRIPT_VERIFY_MINIMALIF,
  SCRIPT_VERIFY_NULLDUMMY,
  SCRIPT_VERIFY_NULLFAIL,
  SCRIPT_VERIFY_P2SH,
  SCRIPT_VERIFY_SIGPUSHONLY,
  SCRIPT_VERIFY_STRICTENC,
  SCRIPT_VERIFY_WITNESS,
} from './flags.js';
import { AssertionError } from '../encoding/errors.js';
import { deterministicRandom, lshiftBytes, lshiftFits, rshiftBytes } from './elements-ops.js';

export type ScriptResult = { readonly ok: true } | { readonly ok: false; readonly error: ScriptError };

const OK: ScriptResult = Object.freeze({ ok: true });
const FAILURES = new Map<ScriptError, ScriptResult>();
function failure(error: ScriptError): ScriptResult {
  let r = FAILURES.get(error);
  if (!r) {
    r = Object.freeze({ ok: false, error });
    FAILURES.set(error, r);
  }
  return r;
}

const VCH_FALSE = new Uint8Array(0);
const VCH_TRUE = Uint8Array.of(1);
const SEQUENCE_LOCKTIME_DISABLE_FLAG = BigInt(SEQUENCE_LOCKTIME_DISABLE_FLAG_NUM);

/**
 * `EvalScript`: run `script` on `stack` (modified in place, also on failure).
 */
export function evalScript(
  stack: Uint8Array[],
  script: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  sigversion: SigVersion,
): ScriptResult {
  let err: ScriptError;
  try {
    err = run(stack, script, flags, checker, sigversion);
  } catch (e) {
    // Core's catch(...) around the loop: in practice only scriptnum_error can reach it.
    if (e instanceof ScriptNumError) err = ScriptError.UNKNOWN_ERROR;
    else throw e;
  }
  return err === ScriptError.OK ? OK : failure(err);
}

function run(stack: Uint8Array[], script: Uint8Array, flags: number, checker: SignatureChecker, sigversion: SigVersion): ScriptError {
  const E = ScriptError;
  if (script.length > MAX_SCRIPT_SIZE) return E.SCRIPT_SIZE;
  const reader = new OpReader(script);
  const pend = script.length;
  let pbegincodehash = 0;
  const vfExec: boolean[] = [];
  let falseCount = 0; // number of `false` entries in vfExec
  const altstack: Uint8Array[] = [];
  let nOpCount = 0;
  const fRequireMinimal = (flags & SCRIPT_VERIFY_MINIMALDATA) !== 0;
  const num = (vch: Uint8Array): number => decodeScriptNum(vch, fRequireMinimal);
  const top = (i: number): Uint8Array => stack[stack.length + i]!;

  while (reader.pc < pend) {
    const fExec = falseCount === 0;

    // Read instruction
    if (!reader.next()) return E.BAD_OPCODE;
    const opcode = reader.opcode;
    const pushValue = reader.data;
    if (pushValue.length > MAX_SCRIPT_ELEMENT_SIZE) return E.PUSH_SIZE;

    // Note how OP_RESERVED does not count towards the opcode limit.
    if (opcode > OP.OP_16 && ++nOpCount > MAX_OPS_PER_SCRIPT) return E.OP_COUNT;

    // Disabled opcodes (fail even in an unexecuted branch).
    if (opcode === OP.OP_2MUL || opcode === OP.OP_2DIV || opcode === OP.OP_MUL || opcode === OP.OP_DIV || opcode === OP.OP_MOD) {
      return E.DISABLED_OPCODE;
    }

    if (fExec && opcode <= OP.OP_PUSHDATA4) {
      if (fRequireMinimal && !checkMinimalPush(pushValue, opcode)) return E.MINIMALDATA;
      stack.push(pushValue);
    } else if (fExec || (OP.OP_IF <= opcode && opcode <= OP.OP_ENDIF)) {
      switch (opcode) {
        //
        // Push value
        //
        case OP.OP_1NEGATE:
        case OP.OP_1:
        case OP.OP_2:
        case OP.OP_3:
        case OP.OP_4:
        case OP.OP_5:
        case OP.OP_6:
        case OP.OP_7:
        case OP.OP_8:
        case OP.OP_9:
        case OP.OP_10:
        case OP.OP_11:
        case OP.OP_12:
        case OP.OP_13:
        case OP.OP_14:
        case OP.OP_15:
        case OP.OP_16:
          stack.push(encodeScriptNum(opcode - (OP.OP_1 - 1)));
          break;

        //
        // Control
        //
        case OP.OP_NOP:
          break;

        case OP.OP_CHECKLOCKTIMEVERIFY: {
          if (!(flags & SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY)) {
            // not enabled; treat as a NOP2
            if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) return E.DISCOURAGE_UPGRADABLE_NOPS;
            break;
          }
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          // 5-byte operands: nLockTime is a uint32, beyond the 4-byte number range.
          const nLockTime = decodeScriptNum(top(-1), fRequireMinimal, MAX_LOCKTIME_NUM_SIZE);
          if (nLockTime < 0) return E.NEGATIVE_LOCKTIME;
          if (!checker.checkLockTime(BigInt(nLockTime))) return E.UNSATISFIED_LOCKTIME;
          break;
        }

        case OP.OP_CHECKSEQUENCEVERIFY: {
          if (!(flags & SCRIPT_VERIFY_CHECKSEQUENCEVERIFY)) {
            // not enabled; treat as a NOP3
            if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) return E.DISCOURAGE_UPGRADABLE_NOPS;
            break;
          }
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          const nSequence = BigInt(decodeScriptNum(top(-1), fRequireMinimal, MAX_LOCKTIME_NUM_SIZE));
          if (nSequence < 0n) return E.NEGATIVE_LOCKTIME;
          // With the disable flag set, CHECKSEQUENCEVERIFY behaves as a NOP.
          if ((nSequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0n) break;
          if (!checker.checkSequence(nSequence)) return E.UNSATISFIED_LOCKTIME;
          break;
        }

        // Ocean: NOP4 (b3), NOP7 (b6) and NOP9 (b8) are no longer NOPs.
        case OP.OP_NOP1:
        case OP.OP_NOP5:
        case OP.OP_NOP6:
        case OP.OP_NOP8:
        case OP.OP_NOP10:
          if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) return E.DISCOURAGE_UPGRADABLE_NOPS;
          break;

        case OP.OP_REGISTERADDRESS:
        case OP.OP_DEREGISTERADDRESS: {
          // REGISTERADDRESS falls through into DEREGISTERADDRESS, which falls through into the
          // default (bad opcode) case; each first needs one item and pops it if it is true.
          if (opcode === OP.OP_REGISTERADDRESS) {
            if (stack.length < 1) return E.INVALID_STACK_OPERATION;
            if (castToBool(top(-1))) stack.pop();
          }
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          if (castToBool(top(-1))) stack.pop();
          return E.BAD_OPCODE;
        }

        case OP.OP_IF:
        case OP.OP_NOTIF: {
          // <expression> if [statements] [else [statements]] endif
          let fValue = false;
          if (fExec) {
            if (stack.length < 1) return E.UNBALANCED_CONDITIONAL;
            const vch = top(-1);
            if (sigversion === SigVersion.WITNESS_V0 && flags & SCRIPT_VERIFY_MINIMALIF) {
              if (vch.length > 1) return E.MINIMALIF;
              if (vch.length === 1 && vch[0] !== 1) return E.MINIMALIF;
            }
            fValue = castToBool(vch);
            if (opcode === OP.OP_NOTIF) fValue = !fValue;
            stack.pop();
          }
          vfExec.push(fValue);
          if (!fValue) falseCount++;
          break;
        }

        case OP.OP_ELSE: {
          if (vfExec.length === 0) return E.UNBALANCED_CONDITIONAL;
          const last = vfExec.length - 1;
          const v = vfExec[last]!;
          vfExec[last] = !v;
          falseCount += v ? 1 : -1;
          break;
        }

        case OP.OP_ENDIF: {
          if (vfExec.length === 0) return E.UNBALANCED_CONDITIONAL;
          if (!vfExec.pop()) falseCount--;
          break;
        }

        case OP.OP_VERIFY: {
          // (true -- ) or (false -- false) and return
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          if (castToBool(top(-1))) stack.pop();
          else return E.VERIFY;
          break;
        }

        case OP.OP_RETURN:
          return E.OP_RETURN;

        //
        // Stack ops
        //
        case OP.OP_TOALTSTACK:
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          altstack.push(stack.pop()!);
          break;

        case OP.OP_FROMALTSTACK:
          if (altstack.length < 1) return E.INVALID_ALTSTACK_OPERATION;
          stack.push(altstack.pop()!);
          break;

        case OP.OP_2DROP:
          // (x1 x2 -- )
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          stack.pop();
          stack.pop();
          break;

        case OP.OP_2DUP: {
          // (x1 x2 -- x1 x2 x1 x2)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const a = top(-2);
          const b = top(-1);
          stack.push(a, b);
          break;
        }

        case OP.OP_3DUP: {
          // (x1 x2 x3 -- x1 x2 x3 x1 x2 x3)
          if (stack.length < 3) return E.INVALID_STACK_OPERATION;
          const a = top(-3);
          const b = top(-2);
          const c = top(-1);
          stack.push(a, b, c);
          break;
        }

        case OP.OP_2OVER: {
          // (x1 x2 x3 x4 -- x1 x2 x3 x4 x1 x2)
          if (stack.length < 4) return E.INVALID_STACK_OPERATION;
          const a = top(-4);
          const b = top(-3);
          stack.push(a, b);
          break;
        }

        case OP.OP_2ROT: {
          // (x1 x2 x3 x4 x5 x6 -- x3 x4 x5 x6 x1 x2)
          if (stack.length < 6) return E.INVALID_STACK_OPERATION;
          const removed = stack.splice(stack.length - 6, 2);
          stack.push(removed[0]!, removed[1]!);
          break;
        }

        case OP.OP_2SWAP: {
          // (x1 x2 x3 x4 -- x3 x4 x1 x2)
          if (stack.length < 4) return E.INVALID_STACK_OPERATION;
          const n = stack.length;
          const x1 = stack[n - 4]!;
          const x2 = stack[n - 3]!;
          stack[n - 4] = stack[n - 2]!;
          stack[n - 3] = stack[n - 1]!;
          stack[n - 2] = x1;
          stack[n - 1] = x2;
          break;
        }

        case OP.OP_IFDUP: {
          // (x - 0 | x x)
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          const v = top(-1);
          if (castToBool(v)) stack.push(v);
          break;
        }

        case OP.OP_DEPTH:
          // -- stacksize
          stack.push(encodeScriptNum(stack.length));
          break;

        case OP.OP_DROP:
          // (x -- )
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          stack.pop();
          break;

        case OP.OP_DUP:
          // (x -- x x)
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          stack.push(top(-1));
          break;

        case OP.OP_NIP:
          // (x1 x2 -- x2)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          stack.splice(stack.length - 2, 1);
          break;

        case OP.OP_OVER:
          // (x1 x2 -- x1 x2 x1)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          stack.push(top(-2));
          break;

        case OP.OP_PICK:
        case OP.OP_ROLL: {
          // (xn ... x2 x1 x0 n - xn ... x2 x1 x0 xn)
          // (xn ... x2 x1 x0 n - ... x2 x1 x0 xn)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const n = clampToInt32(num(top(-1)));
          stack.pop();
          if (n < 0 || n >= stack.length) return E.INVALID_STACK_OPERATION;
          const v = top(-n - 1);
          if (opcode === OP.OP_ROLL) stack.splice(stack.length - n - 1, 1);
          stack.push(v);
          break;
        }

        case OP.OP_ROT: {
          // (x1 x2 x3 -- x2 x3 x1)
          if (stack.length < 3) return E.INVALID_STACK_OPERATION;
          const n = stack.length;
          const x1 = stack[n - 3]!;
          stack[n - 3] = stack[n - 2]!;
          stack[n - 2] = stack[n - 1]!;
          stack[n - 1] = x1;
          break;
        }

        case OP.OP_SWAP: {
          // (x1 x2 -- x2 x1)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const n = stack.length;
          const x1 = stack[n - 2]!;
          stack[n - 2] = stack[n - 1]!;
          stack[n - 1] = x1;
          break;
        }

        case OP.OP_TUCK: {
          // (x1 x2 -- x2 x1 x2)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          stack.splice(stack.length - 2, 0, top(-1));
          break;
        }

        //
        // Splice ops (Ocean: enabled)
        //
        case OP.OP_CAT: {
          // (a b -- a||b)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const a = top(-2);
          const b = top(-1);
          if (a.length + b.length > MAX_SCRIPT_ELEMENT_SIZE) return E.INVALID_STACK_OPERATION;
          const out = new Uint8Array(a.length + b.length);
          out.set(a, 0);
          out.set(b, a.length);
          stack.pop();
          stack[stack.length - 1] = out;
          break;
        }

        case OP.OP_SUBSTR:
        case OP.OP_SUBSTR_LAZY: {
          // (data start len -- data[start:start+len])
          if (stack.length < 3) return E.INVALID_STACK_OPERATION;
          const data = top(-3);
          let start = clampToInt32(num(top(-2)));
          let length = clampToInt32(num(top(-1)));
          if (opcode === OP.OP_SUBSTR_LAZY) {
            if (start < 0) start = 0;
            if (length < 0) length = 0;
            if (start >= data.length) {
              stack.length -= 3;
              stack.push(VCH_FALSE);
              break;
            }
            if (length > MAX_SCRIPT_ELEMENT_SIZE) length = MAX_SCRIPT_ELEMENT_SIZE;
            if (start + length > data.length) length = data.length - start;
          }
          if (start < 0 || length < 0) return E.INVALID_STACK_OPERATION;
          if (start >= data.length) return E.INVALID_STACK_OPERATION;
          if (length > data.length) return E.INVALID_STACK_OPERATION;
          if (start + length > data.length) return E.INVALID_STACK_OPERATION;
          stack.length -= 2;
          stack[stack.length - 1] = data.slice(start, start + length);
          break;
        }

        case OP.OP_LEFT:
        case OP.OP_RIGHT: {
          // (data n -- prefix) / (data n -- data without its first n bytes)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const data = top(-2);
          const n = num(top(-1));
          if (n < 0) return E.UNKNOWN_ERROR;
          let out: Uint8Array;
          if (opcode === OP.OP_RIGHT) out = n >= data.length ? VCH_FALSE : data.slice(n);
          else out = n >= data.length ? data : data.slice(0, n);
          stack.length -= 2;
          stack.push(out);
          break;
        }

        case OP.OP_SIZE:
          // (in -- in size)
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          stack.push(encodeScriptNum(top(-1).length));
          break;

        //
        // Bitwise logic
        //
        case OP.OP_INVERT: {
          // (a -- ~a)
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          const a = top(-1);
          const out = new Uint8Array(a.length);
          for (let i = 0; i < a.length; i++) out[i] = ~a[i]! & 0xff;
          stack[stack.length - 1] = out;
          break;
        }

        case OP.OP_AND:
        case OP.OP_OR:
        case OP.OP_XOR: {
          // (a b -- a op b), equal lengths only
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const a = top(-2);
          const b = top(-1);
          if (a.length !== b.length) return E.INVALID_STACK_OPERATION;
          const out = new Uint8Array(a.length);
          if (opcode === OP.OP_AND) for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
          else if (opcode === OP.OP_OR) for (let i = 0; i < a.length; i++) out[i] = a[i]! | b[i]!;
          else for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
          stack.pop();
          stack[stack.length - 1] = out;
          break;
        }

        case OP.OP_LSHIFT: {
          // (data n -- data << n), little-endian
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const data = top(-2);
          const n = num(top(-1));
          if (n < 0) return E.INVALID_STACK_OPERATION;
          if (!lshiftFits(data.length, n)) return E.INVALID_STACK_OPERATION;
          stack.length -= 2;
          stack.push(lshiftBytes(data, n));
          break;
        }

        case OP.OP_RSHIFT: {
          // (data n -- data >> n), little-endian
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const data = top(-2);
          const n = num(top(-1));
          if (n < 0) return E.UNKNOWN_ERROR;
          stack.length -= 2;
          stack.push(rshiftBytes(data, n));
          break;
        }

        case OP.OP_EQUAL:
        case OP.OP_EQUALVERIFY: {
          // (x1 x2 - bool)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const equal = bytesEqual(top(-2), top(-1));
          stack.length -= 2;
          stack.push(equal ? VCH_TRUE : VCH_FALSE);
          if (opcode === OP.OP_EQUALVERIFY) {
            if (equal) stack.pop();
            else return E.EQUALVERIFY;
          }
          break;
        }

        //
        // Numeric
        //
        case OP.OP_1ADD:
        case OP.OP_1SUB:
        case OP.OP_NEGATE:
        case OP.OP_ABS:
        case OP.OP_NOT:
        case OP.OP_0NOTEQUAL: {
          // (in -- out)
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          let bn = num(top(-1));
          switch (opcode) {
            case OP.OP_1ADD:
              bn += 1;
              break;
            case OP.OP_1SUB:
              bn -= 1;
              break;
            case OP.OP_NEGATE:
              bn = -bn;
              break;
            case OP.OP_ABS:
              if (bn < 0) bn = -bn;
              break;
            case OP.OP_NOT:
              bn = bn === 0 ? 1 : 0;
              break;
            default:
              bn = bn !== 0 ? 1 : 0;
              break;
          }
          stack[stack.length - 1] = encodeScriptNum(bn);
          break;
        }

        case OP.OP_ADD:
        case OP.OP_SUB:
        case OP.OP_BOOLAND:
        case OP.OP_BOOLOR:
        case OP.OP_NUMEQUAL:
        case OP.OP_NUMEQUALVERIFY:
        case OP.OP_NUMNOTEQUAL:
        case OP.OP_LESSTHAN:
        case OP.OP_GREATERTHAN:
        case OP.OP_LESSTHANOREQUAL:
        case OP.OP_GREATERTHANOREQUAL:
        case OP.OP_MIN:
        case OP.OP_MAX: {
          // (x1 x2 -- out)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const bn1 = num(top(-2));
          const bn2 = num(top(-1));
          let bn: number;
          switch (opcode) {
            case OP.OP_ADD:
              bn = bn1 + bn2;
              break;
            case OP.OP_SUB:
              bn = bn1 - bn2;
              break;
            case OP.OP_BOOLAND:
              bn = bn1 !== 0 && bn2 !== 0 ? 1 : 0;
              break;
            case OP.OP_BOOLOR:
              bn = bn1 !== 0 || bn2 !== 0 ? 1 : 0;
              break;
            case OP.OP_NUMEQUAL:
            case OP.OP_NUMEQUALVERIFY:
              bn = bn1 === bn2 ? 1 : 0;
              break;
            case OP.OP_NUMNOTEQUAL:
              bn = bn1 !== bn2 ? 1 : 0;
              break;
            case OP.OP_LESSTHAN:
              bn = bn1 < bn2 ? 1 : 0;
              break;
            case OP.OP_GREATERTHAN:
              bn = bn1 > bn2 ? 1 : 0;
              break;
            case OP.OP_LESSTHANOREQUAL:
              bn = bn1 <= bn2 ? 1 : 0;
              break;
            case OP.OP_GREATERTHANOREQUAL:
              bn = bn1 >= bn2 ? 1 : 0;
              break;
            case OP.OP_MIN:
              bn = bn1 < bn2 ? bn1 : bn2;
              break;
            default:
              bn = bn1 > bn2 ? bn1 : bn2;
              break;
          }
          stack.length -= 2;
          stack.push(encodeScriptNum(bn));
          if (opcode === OP.OP_NUMEQUALVERIFY) {
            if (castToBool(top(-1))) stack.pop();
            else return E.NUMEQUALVERIFY;
          }
          break;
        }

        case OP.OP_WITHIN: {
          // (x min max -- out)
          if (stack.length < 3) return E.INVALID_STACK_OPERATION;
          const x = num(top(-3));
          const min = num(top(-2));
          const max = num(top(-1));
          stack.length -= 3;
          stack.push(min <= x && x < max ? VCH_TRUE : VCH_FALSE);
          break;
        }

        //
        // Crypto
        //
        case OP.OP_RIPEMD160:
        case OP.OP_SHA1:
        case OP.OP_SHA256:
        case OP.OP_HASH160:
        case OP.OP_HASH256: {
          // (in -- hash)
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          const v = top(-1);
          let h: Uint8Array;
          if (opcode === OP.OP_RIPEMD160) h = ripemd160(v);
          else if (opcode === OP.OP_SHA1) h = sha1(v);
          else if (opcode === OP.OP_SHA256) h = sha256(v);
          else if (opcode === OP.OP_HASH160) h = hash160(v);
          else h = sha256d(v);
          stack[stack.length - 1] = h;
          break;
        }

        case OP.OP_CODESEPARATOR:
          // Hash starts after the code separator
          pbegincodehash = reader.pc;
          break;

        case OP.OP_CHECKSIG:
        case OP.OP_CHECKSIGVERIFY: {
          // (sig pubkey -- bool)
          if (stack.length < 2) return E.INVALID_STACK_OPERATION;
          const sig = top(-2);
          const pubkey = top(-1);
          // Subset of script starting at the most recent codeseparator; drop the signature in
          // pre-segwit scripts but not segwit scripts.
          let scriptCode = script.subarray(pbegincodehash);
          if (sigversion === SigVersion.BASE) scriptCode = findAndDeleteSignature(scriptCode, sig);
          const encErr = checkSignatureEncoding(sig, flags) ?? checkPubKeyEncoding(pubkey, flags, sigversion);
          if (encErr) return encErr;
          const success = checker.checkSig(sig, pubkey, scriptCode, sigversion);
          if (!success && flags & SCRIPT_VERIFY_NULLFAIL && sig.length) return E.SIG_NULLFAIL;
          stack.length -= 2;
          stack.push(success ? VCH_TRUE : VCH_FALSE);
          if (opcode === OP.OP_CHECKSIGVERIFY) {
            if (success) stack.pop();
            else return E.CHECKSIGVERIFY;
          }
          break;
        }

        case OP.OP_CHECKMULTISIG:
        case OP.OP_CHECKMULTISIGVERIFY: {
          // ([sig ...] num_of_signatures [pubkey ...] num_of_pubkeys -- bool)
          let i = 1;
          if (stack.length < i) return E.INVALID_STACK_OPERATION;
          let nKeysCount = clampToInt32(num(top(-i)));
          if (nKeysCount < 0 || nKeysCount > MAX_PUBKEYS_PER_MULTISIG) return E.PUBKEY_COUNT;
          nOpCount += nKeysCount;
          if (nOpCount > MAX_OPS_PER_SCRIPT) return E.OP_COUNT;
          let ikey = ++i;
          // ikey2 is the position of the last non-signature item in the stack (top = 1); with
          // NULLFAIL it drives the cleanup check when the operation fails.
          let ikey2 = nKeysCount + 2;
          i += nKeysCount;
          if (stack.length < i) return E.INVALID_STACK_OPERATION;
          let nSigsCount = clampToInt32(num(top(-i)));
          if (nSigsCount < 0 || nSigsCount > nKeysCount) return E.SIG_COUNT;
          let isig = ++i;
          i += nSigsCount;
          if (stack.length < i) return E.INVALID_STACK_OPERATION;

          let scriptCode = script.subarray(pbegincodehash);
          if (sigversion === SigVersion.BASE) {
            for (let k = 0; k < nSigsCount; k++) scriptCode = findAndDeleteSignature(scriptCode, top(-isig - k));
          }

          let success = true;
          while (success && nSigsCount > 0) {
            const sig = top(-isig);
            const pubkey = top(-ikey);
            // This makes the exact order of pubkey/signature evaluation distinguishable by
            // CHECKMULTISIG NOT if the STRICTENC flag is set.
            const encErr = checkSignatureEncoding(sig, flags) ?? checkPubKeyEncoding(pubkey, flags, sigversion);
            if (encErr) return encErr;
            const ok = checker.checkSig(sig, pubkey, scriptCode, sigversion);
            if (ok) {
              isig++;
              nSigsCount--;
            }
            ikey++;
            nKeysCount--;
            // More signatures left than keys left: too many signatures have failed.
            if (nSigsCount > nKeysCount) success = false;
          }

          // Clean up stack of actual arguments
          while (i-- > 1) {
            // If the operation failed, all signatures must be empty vectors (NULLFAIL).
            if (!success && flags & SCRIPT_VERIFY_NULLFAIL && !ikey2 && top(-1).length) return E.SIG_NULLFAIL;
            if (ikey2 > 0) ikey2--;
            stack.pop();
          }

          // A bug causes CHECKMULTISIG to consume one extra argument whose contents were not
          // checked in any way (NULLDUMMY requires it to be empty).
          if (stack.length < 1) return E.INVALID_STACK_OPERATION;
          if (flags & SCRIPT_VERIFY_NULLDUMMY && top(-1).length) return E.SIG_NULLDUMMY;
          stack.pop();
          stack.push(success ? VCH_TRUE : VCH_FALSE);
          if (opcode === OP.OP_CHECKMULTISIGVERIFY) {
            if (success) stack.pop();
            else return E.CHECKMULTISIGVERIFY;
          }
          break;
        }

        //
        // Elements / Ocean crypto
        //
        case OP.OP_CHECKSIGFROMSTACK:
        case OP.OP_CHECKSIGFROMSTACKVERIFY: {
          // (sig data pubkey -- bool)
          if (stack.length < 3) return E.INVALID_STACK_OPERATION;
          const sig = top(-3);
          const data = top(-2);
          const pubkey = top(-1);
          // Signature encoding with the flags minus STRICTENC (the DER check still assumes a
          // trailing sighash byte), public key with the current flags.
          const encErr =
            checkSignatureEncoding(sig, flags & ~SCRIPT_VERIFY_STRICTENC) ?? checkPubKeyEncoding(pubkey, flags, sigversion);
          if (encErr) return encErr;
          if (!checker.verifyEcdsa(sha256(data), sig, pubkey)) return E.CHECKSIGVERIFY;
          stack.length -= 3;
          stack.push(VCH_TRUE);
          if (opcode === OP.OP_CHECKSIGFROMSTACKVERIFY) stack.pop();
          break;
        }

        case OP.OP_DETERMINISTICRANDOM: {
          // (seed min max -- r), min <= r < max
          if (stack.length < 3) return E.INVALID_STACK_OPERATION;
          const seed = top(-3);
          const min = num(top(-2));
          const max = num(top(-1));
          if (min > max) return E.UNKNOWN_ERROR;
          stack.length -= 3;
          if (min === max) {
            stack.push(encodeScriptNum(min));
            break;
          }
          stack.push(encodeScriptNum(deterministicRandom(seed, min, max)));
          break;
        }

        default:
          // OP_RESERVED, OP_VER, OP_VERIF, OP_VERNOTIF, OP_RESERVED1/2, OP_NOP4, unassigned bytes
          return E.BAD_OPCODE;
      }
    }

    // Size limits
    if (stack.length + altstack.length > MAX_STACK_SIZE) return E.STACK_SIZE;
  }

  if (vfExec.length !== 0) return E.UNBALANCED_CONDITIONAL;
  return E.OK;
}

/**
 * `VerifyScript`: scriptSig, then scriptPubKey, then P2SH redeem script and witness programs as
 * the flags say. `witness` is the input's script witness stack (empty when none).
 */
export function verifyScript(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  witness: readonly Uint8Array[] | undefined,
  flags: number,
  checker: SignatureChecker,
): ScriptResult {
  const wit = witness ?? [];
  let hadWitness = false;
  const E = ScriptError;

  if (flags & SCRIPT_VERIFY_SIGPUSHONLY && !isPushOnly(scriptSig)) return failure(E.SIG_PUSHONLY);

  let stack: Uint8Array[] = [];
  let r = evalScript(stack, scriptSig, flags, checker, SigVersion.BASE);
  if (!r.ok) return r;
  const stackCopy = flags & SCRIPT_VERIFY_P2SH ? stack.slice() : [];
  r = evalScript(stack, scriptPubKey, flags, checker, SigVersion.BASE);
  if (!r.ok) return r;
  if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) return failure(E.EVAL_FALSE);

  // Bare witness programs
  if (flags & SCRIPT_VERIFY_WITNESS) {
    const wp = witnessProgram(scriptPubKey);
    if (wp) {
      hadWitness = true;
      // The scriptSig must be exactly empty, otherwise we reintroduce malleability.
      if (scriptSig.length !== 0) return failure(E.WITNESS_MALLEATED);
      r = verifyWitnessProgram(wit, wp.version, wp.program, flags, checker);
      if (!r.ok) return r;
      // Bypass the cleanstack check at the end.
      stack.length = 1;
    }
  }

  // Additional validation for spend-to-script-hash transactions
  if (flags & SCRIPT_VERIFY_P2SH && isPayToScriptHash(scriptPubKey)) {
    // scriptSig must be literals-only or validation fails
    if (!isPushOnly(scriptSig)) return failure(E.SIG_PUSHONLY);
    stack = stackCopy;
    // Cannot be empty: the P2SH script would have failed on an empty stack.
    if (stack.length === 0) throw new AssertionError('p2sh stack unexpectedly empty');
    const redeemScript = stack.pop()!;
    r = evalScript(stack, redeemScript, flags, checker, SigVersion.BASE);
    if (!r.ok) return r;
    if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) return failure(E.EVAL_FALSE);

    // P2SH witness program
    if (flags & SCRIPT_VERIFY_WITNESS) {
      const wp = witnessProgram(redeemScript);
      if (wp) {
        hadWitness = true;
        // The scriptSig must be exactly a single push of the redeem script.
        if (!bytesEqual(scriptSig, encodePushData(redeemScript))) return failure(E.WITNESS_MALLEATED_P2SH);
        r = verifyWitnessProgram(wit, wp.version, wp.program, flags, checker);
        if (!r.ok) return r;
        stack.length = 1;
      }
    }
  }

  // CLEANSTACK only after potential P2SH / witness evaluation.
  if (flags & SCRIPT_VERIFY_CLEANSTACK) {
    if (!(flags & SCRIPT_VERIFY_P2SH) || !(flags & SCRIPT_VERIFY_WITNESS)) {
      throw new AssertionError('SCRIPT_VERIFY_CLEANSTACK requires P2SH and WITNESS');
    }
    if (stack.length !== 1) return failure(E.CLEANSTACK);
  }

  if (flags & SCRIPT_VERIFY_WITNESS) {
    // WITNESS implies P2SH (otherwise unexpected witness data could not be detected).
    if (!(flags & SCRIPT_VERIFY_P2SH)) throw new AssertionError('SCRIPT_VERIFY_WITNESS requires P2SH');
    if (!hadWitness && wit.length !== 0) return failure(E.WITNESS_UNEXPECTED);
  }

  return OK;
}

function verifyWitnessProgram(
  witness: readonly Uint8Array[],
  version: number,
  program: Uint8Array,
  flags: number,
  checker: SignatureChecker,
): ScriptResult {
  const E = ScriptError;
  let stack: Uint8Array[];
  let scriptPubKey: Uint8Array;
  if (version === 0) {
    if (program.length === 32) {
      // P2WSH: SHA256(script) in the program, script + inputs in the witness
      if (witness.length === 0) return failure(E.WITNESS_PROGRAM_WITNESS_EMPTY);
      scriptPubKey = witness[witness.length - 1]!;
      stack = witness.slice(0, -1);
      if (!bytesEqual(sha256(scriptPubKey), program)) return failure(E.WITNESS_PROGRAM_MISMATCH);
    } else if (program.length === 20) {
      // P2WPKH: signature + pubkey in the witness
      if (witness.length !== 2) return failure(E.WITNESS_PROGRAM_MISMATCH);
      scriptPubKey = p2pkhScript(program);
      stack = witness.slice();
    } else {
      return failure(E.WITNESS_PROGRAM_WRONG_LENGTH);
    }
  } else if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) {
    return failure(E.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
  } else {
    // Higher versions succeed for future soft-fork compatibility.
    return OK;
  }

  // Witness stack items are limited like pushes.
  for (const item of stack) if (item.length > MAX_SCRIPT_ELEMENT_SIZE) return failure(E.PUSH_SIZE);

  const r = evalScript(stack, scriptPubKey, flags, checker, SigVersion.WITNESS_V0);
  if (!r.ok) return r;
  // Scripts inside witness implicitly require cleanstack behaviour.
  if (stack.length !== 1) return failure(E.EVAL_FALSE);
  if (!castToBool(stack[0]!)) return failure(E.EVAL_FALSE);
  return OK;
}

/** `OP_DUP OP_HASH160 <hash> OP_EQUALVERIFY OP_CHECKSIG`. */
function p2pkhScript(hash: Uint8Array): Uint8Array {
  const s = new Uint8Array(25);
  s[0] = OP.OP_DUP;
  s[1] = OP.OP_HASH160;
  s[2] = 20;
  s.set(hash, 3);
  s[23] = OP.OP_EQUALVERIFY;
  s[24] = OP.OP_CHECKSIG;
  return s;
}

/**
 * `CountWitnessSigOps`: signature operations of the witness part of an input (P2WPKH = 1, P2WSH =
 * accurate count of the witness script), also through P2SH-wrapped programs.
 */
export function countWitnessSigOps(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  witness: readonly Uint8Array[] | undefined,
  flags: number,
): number {
  if ((flags & SCRIPT_VERIFY_WITNESS) === 0) return 0;
  const wit = witness ?? [];
  const direct = witnessProgram(scriptPubKey);
  if (direct) return witnessSigOps(direct.version, direct.program, wit);
  if (isPayToScriptHash(scriptPubKey) && isPushOnly(scriptSig)) {
    const r = new OpReader(scriptSig);
    let data: Uint8Array = new Uint8Array(0);
    while (r.next()) data = r.data;
    const wp = witnessProgram(data);
    if (wp) return witnessSigOps(wp.version, wp.program, wit);
  }
  return 0;
}

function witnessSigOps(version: number, program: Uint8Array, witness: readonly Uint8Array[]): number {
  if (version === 0) {
    if (program.length === 20) return 1;
    if (program.length === 32 && witness.length > 0) return getSigOpCount(witness[witness.length - 1]!, true);
  }
  return 0;
}
