/**
 * Script opcodes: Bitcoin Core 0.14's table plus the Elements / Ocean additions.
 *
 * Names follow the original's `GetOpName` (src/script/script.cpp), which drives both the `asm`
 * text (`ScriptToAsmStr`) and the names accepted by `ParseScript`:
 *
 * - `b3` prints as `OP_NOP4`. The Ocean spec calls it "OP_NOP4 (named OP_WITHDRAWPROOFVERIFY)";
 *   the original's unit-test data still parses the name `NOP4` while the names `NOP7` / `NOP9`
 *   no longer parse (shared/vectors/ocean/README.md). `ParseScript` builds its name table from
 *   `GetOpName`, so `GetOpName(0xb3)` must be `OP_NOP4` (it only changed execution: BAD_OPCODE).
 * - `b6` / `b8` print as `OP_DEREGISTERADDRESS` / `OP_REGISTERADDRESS` (confirmed by the corpus'
 *   `decodescript` output); `OP_NOP7` / `OP_NOP9` no longer exist as names.
 * - `c0`–`c3`: `OP_DETERMINISTICRANDOM`, `OP_CHECKSIGFROMSTACK`, `OP_CHECKSIGFROMSTACKVERIFY`,
 *   `OP_SUBSTR_LAZY`.
 * - every other byte without a name prints `OP_UNKNOWN`, except `ff` = `OP_INVALIDOPCODE`.
 */
export const OP = {
  // push value
  OP_0: 0x00,
  OP_FALSE: 0x00,
  OP_PUSHDATA1: 0x4c,
  OP_PUSHDATA2: 0x4d,
  OP_PUSHDATA4: 0x4e,
  OP_1NEGATE: 0x4f,
  OP_RESERVED: 0x50,
  OP_1: 0x51,
  OP_TRUE: 0x51,
  OP_2: 0x52,
  OP_3: 0x53,
  OP_4: 0x54,
  OP_5: 0x55,
  OP_6: 0x56,
  OP_7: 0x57,
  OP_8: 0x58,
  OP_9: 0x59,
  OP_10: 0x5a,
  OP_11: 0x5b,
  OP_12: 0x5c,
  OP_13: 0x5d,
  OP_14: 0x5e,
  OP_15: 0x5f,
  OP_16: 0x60,

  // control
  OP_NOP: 0x61,
  OP_VER: 0x62,
  OP_IF: 0x63,
  OP_NOTIF: 0x64,
  OP_VERIF: 0x65,
  OP_VERNOTIF: 0x66,
  OP_ELSE: 0x67,
  OP_ENDIF: 0x68,
  OP_VERIFY: 0x69,
  OP_RETURN: 0x6a,

  // stack ops
  OP_TOALTSTACK: 0x6b,
  OP_FROMALTSTACK: 0x6c,
  OP_2DROP: 0x6d,
  OP_2DUP: 0x6e,
  OP_3DUP: 0x6f,
  OP_2OVER: 0x70,
  OP_2ROT: 0x71,
  OP_2SWAP: 0x72,
  OP_IFDUP: 0x73,
  OP_DEPTH: 0x74,
  OP_DROP: 0x75,
  OP_DUP: 0x76,
  OP_NIP: 0x77,
  OP_OVER: 0x78,
  OP_PICK: 0x79,
  OP_ROLL: 0x7a,
  OP_ROT: 0x7b,
  OP_SWAP: 0x7c,
  OP_TUCK: 0x7d,

  // splice ops (re-enabled in Ocean)
  OP_CAT: 0x7e,
  OP_SUBSTR: 0x7f,
  OP_LEFT: 0x80,
  OP_RIGHT: 0x81,
  OP_SIZE: 0x82,

  // bit logic
  OP_INVERT: 0x83,
  OP_AND: 0x84,
  OP_OR: 0x85,
  OP_XOR: 0x86,
  OP_EQUAL: 0x87,
  OP_EQUALVERIFY: 0x88,
  OP_RESERVED1: 0x89,
  OP_RESERVED2: 0x8a,

  // numeric
  OP_1ADD: 0x8b,
  OP_1SUB: 0x8c,
  OP_2MUL: 0x8d,
  OP_2DIV: 0x8e,
  OP_NEGATE: 0x8f,
  OP_ABS: 0x90,
  OP_NOT: 0x91,
  OP_0NOTEQUAL: 0x92,
  OP_ADD: 0x93,
  OP_SUB: 0x94,
  OP_MUL: 0x95,
  OP_DIV: 0x96,
  OP_MOD: 0x97,
  OP_LSHIFT: 0x98,
  OP_RSHIFT: 0x99,
  OP_BOOLAND: 0x9a,
  OP_BOOLOR: 0x9b,
  OP_NUMEQUAL: 0x9c,
  OP_NUMEQUALVERIFY: 0x9d,
  OP_NUMNOTEQUAL: 0x9e,
  OP_LESSTHAN: 0x9f,
  OP_GREATERTHAN: 0xa0,
  OP_LESSTHANOREQUAL: 0xa1,
  OP_GREATERTHANOREQUAL: 0xa2,
  OP_MIN: 0xa3,
  OP_MAX: 0xa4,
  OP_WITHIN: 0xa5,

  // crypto
  OP_RIPEMD160: 0xa6,
  OP_SHA1: 0xa7,
  OP_SHA256: 0xa8,
  OP_HASH160: 0xa9,
  OP_HASH256: 0xaa,
  OP_CODESEPARATOR: 0xab,
  OP_CHECKSIG: 0xac,
  OP_CHECKSIGVERIFY: 0xad,
  OP_CHECKMULTISIG: 0xae,
  OP_CHECKMULTISIGVERIFY: 0xaf,

  // expansion
  OP_NOP1: 0xb0,
  OP_CHECKLOCKTIMEVERIFY: 0xb1,
  OP_NOP2: 0xb1,
  OP_CHECKSEQUENCEVERIFY: 0xb2,
  OP_NOP3: 0xb2,
  /** Ocean: fails with BAD_OPCODE when executed. */
  OP_NOP4: 0xb3,
  OP_NOP5: 0xb4,
  OP_NOP6: 0xb5,
  /** Ocean (was OP_NOP7): always fails when executed; marks a KYC deregistration output. */
  OP_DEREGISTERADDRESS: 0xb6,
  OP_NOP8: 0xb7,
  /** Ocean (was OP_NOP9): always fails when executed; marks a KYC registration output. */
  OP_REGISTERADDRESS: 0xb8,
  OP_NOP10: 0xb9,

  // Elements
  OP_DETERMINISTICRANDOM: 0xc0,
  OP_CHECKSIGFROMSTACK: 0xc1,
  OP_CHECKSIGFROMSTACKVERIFY: 0xc2,
  OP_SUBSTR_LAZY: 0xc3,

  OP_INVALIDOPCODE: 0xff,
} as const;

export type OpcodeName = keyof typeof OP;

/** Highest opcode byte that has a name (the original's `MAX_OPCODE` for `ParseScript`). */
export const MAX_OPCODE = OP.OP_SUBSTR_LAZY;

const NAMES: (string | undefined)[] = new Array(256).fill(undefined);
{
  // Canonical GetOpName spellings: the first name listed for a byte wins, aliases are skipped.
  const skip = new Set(['OP_FALSE', 'OP_TRUE', 'OP_NOP2', 'OP_NOP3']);
  for (const [name, byte] of Object.entries(OP)) {
    if (skip.has(name) || NAMES[byte] !== undefined) continue;
    NAMES[byte] = name;
  }
  NAMES[OP.OP_0] = '0';
  NAMES[OP.OP_1NEGATE] = '-1';
  for (let n = 1; n <= 16; n++) NAMES[OP.OP_1 + n - 1] = String(n);
}

/**
 * `GetOpName`: `0`, `-1`, `1`…`16` for the small-number opcodes, `OP_xxx` for named opcodes,
 * `OP_UNKNOWN` otherwise. (Direct pushes 0x01–0x4b have no name: `OP_UNKNOWN`.)
 */
export function opcodeName(op: number): string {
  return NAMES[op] ?? 'OP_UNKNOWN';
}

/**
 * The name table of `ParseScript` (core_read.cpp): every opcode from OP_NOP up to MAX_OPCODE plus
 * OP_RESERVED whose `GetOpName` is not `OP_UNKNOWN`, both with and without the `OP_` prefix.
 */
export const OPCODES_BY_NAME: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  for (let op = 0; op <= MAX_OPCODE; op++) {
    if (op < OP.OP_NOP && op !== OP.OP_RESERVED) continue;
    const name = opcodeName(op);
    if (name === 'OP_UNKNOWN') continue;
    m.set(name, op);
    m.set(name.replace('OP_', ''), op);
  }
  return m;
})();

/** `CScript::DecodeOP_N`: OP_0 → 0, OP_1..OP_16 → 1..16. */
export function decodeOpN(op: number): number {
  if (op === OP.OP_0) return 0;
  if (op < OP.OP_1 || op > OP.OP_16) throw new RangeError(`not a small-integer opcode: ${op}`);
  return op - (OP.OP_1 - 1);
}

/** `CScript::EncodeOP_N`: 0 → OP_0, 1..16 → OP_1..OP_16. */
export function encodeOpN(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 16) throw new RangeError(`not a small integer: ${n}`);
  return n === 0 ? OP.OP_0 : OP.OP_1 + n - 1;
}

/** OP_0 or OP_1..OP_16. */
export function isSmallIntegerOp(op: number): boolean {
  return op === OP.OP_0 || (op >= OP.OP_1 && op <= OP.OP_16);
}
