import { OP } from './opcodes.js';

const EMPTY = new Uint8Array(0);

/** One decoded operation. */
export interface ScriptOp {
  readonly opcode: number;
  /** Pushed bytes (a view into the script); empty for non-push opcodes. */
  readonly data: Uint8Array;
  /** Offset of the opcode byte. */
  readonly start: number;
  /** Offset just after the operation. */
  readonly end: number;
}

/**
 * Iterator with the exact semantics of Bitcoin Core 0.14's `CScript::GetOp`: `next()` reads one
 * operation and returns false at the end of the script or on a truncated push. On a truncated
 * push, `pc` is left where Core's iterator stops (after the opcode byte and any complete length
 * bytes) — which matters for the legacy sighash's scriptCode serialization.
 *
 * The object is reused between calls (no allocation per opcode); `data` is a view into the script.
 */
export class OpReader {
  /** Current position. */
  pc: number;
  /** Last opcode read (`OP_INVALIDOPCODE` after a failed read). */
  opcode: number = OP.OP_INVALIDOPCODE;
  /** Data of the last push (empty for non-push opcodes or after a failed read). */
  data: Uint8Array = EMPTY;

  constructor(
    readonly script: Uint8Array,
    start = 0,
  ) {
    this.pc = start;
  }

  get atEnd(): boolean {
    return this.pc >= this.script.length;
  }

  next(): boolean {
    const s = this.script;
    const end = s.length;
    this.opcode = OP.OP_INVALIDOPCODE;
    this.data = EMPTY;
    if (this.pc >= end) return false;
    const opcode = s[this.pc++]!;
    if (opcode <= OP.OP_PUSHDATA4) {
      let size: number;
      if (opcode < OP.OP_PUSHDATA1) {
        size = opcode;
      } else if (opcode === OP.OP_PUSHDATA1) {
        if (end - this.pc < 1) return false;
        size = s[this.pc++]!;
      } else if (opcode === OP.OP_PUSHDATA2) {
        if (end - this.pc < 2) return false;
        size = s[this.pc]! | (s[this.pc + 1]! << 8);
        this.pc += 2;
      } else {
        if (end - this.pc < 4) return false;
        size = (s[this.pc]! | (s[this.pc + 1]! << 8) | (s[this.pc + 2]! << 16) | (s[this.pc + 3]! << 24)) >>> 0;
        this.pc += 4;
      }
      if (end - this.pc < size) return false;
      this.data = s.subarray(this.pc, this.pc + size);
      this.pc += size;
    }
    this.opcode = opcode;
    return true;
  }
}

/**
 * All operations of a script, stopping at the end or at the first truncated push. `complete` is
 * false when a truncated push stopped the parse.
 */
export function parseOps(script: Uint8Array): { ops: ScriptOp[]; complete: boolean } {
  const r = new OpReader(script);
  const ops: ScriptOp[] = [];
  let start = 0;
  while (!r.atEnd) {
    if (!r.next()) return { ops, complete: false };
    ops.push({ opcode: r.opcode, data: r.data, start, end: r.pc });
    start = r.pc;
  }
  return { ops, complete: true };
}
