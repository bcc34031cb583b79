import { OP } from './opcodes.js';
import { encodeScriptNum } from './script-num.js';

/** The push encoding of `data` (`CScript << vector`): direct, PUSHDATA1, PUSHDATA2 or PUSHDATA4. */
export function encodePushData(data: Uint8Array): Uint8Array {
  const n = data.length;
  let header: number[];
  if (n < OP.OP_PUSHDATA1) header = [n];
  else if (n <= 0xff) header = [OP.OP_PUSHDATA1, n];
  else if (n <= 0xffff) header = [OP.OP_PUSHDATA2, n & 0xff, n >>> 8];
  else header = [OP.OP_PUSHDATA4, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
  const out = new Uint8Array(header.length + n);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}

/**
 * Builds a script the way `CScript::operator<<` does:
 * - `op(x)` appends an opcode byte;
 * - `number(n)` is `push_int64`: OP_0, OP_1NEGATE, OP_1…OP_16 for those values, otherwise a push
 *   of the minimal script-number encoding;
 * - `push(data)` pushes bytes with the shortest length prefix (no small-integer substitution,
 *   exactly like `<< std::vector<unsigned char>`);
 * - `pushScriptNum(n)` is `<< CScriptNum(n)`: always a data push of the encoding (0 → `00`).
 */
export class ScriptBuilder {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  private append(b: Uint8Array): this {
    this.parts.push(b);
    this.length += b.length;
    return this;
  }

  op(...opcodes: number[]): this {
    for (const o of opcodes) {
      if (!Number.isInteger(o) || o < 0 || o > 0xff) throw new RangeError(`invalid opcode ${o}`);
      this.append(Uint8Array.of(o));
    }
    return this;
  }

  number(n: number | bigint): this {
    const v = typeof n === 'bigint' ? n : BigInt(n);
    if (v === -1n || (v >= 1n && v <= 16n)) return this.op(Number(v) + (OP.OP_1 - 1));
    if (v === 0n) return this.op(OP.OP_0);
    return this.push(encodeScriptNum(v));
  }

  push(data: Uint8Array): this {
    return this.append(encodePushData(data));
  }

  pushScriptNum(n: number | bigint): this {
    return this.push(encodeScriptNum(n));
  }

  /** Append raw bytes (not a push). */
  raw(bytes: Uint8Array): this {
    return this.append(bytes);
  }

  build(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}
