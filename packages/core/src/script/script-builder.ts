import { OP } from './opcodes.js';
import { encodeScriptNum } from './script-num.js';

/** The push encoding of `data` (`CScript << vector`): direct, PUSHDATA1, PUSHDATA2 or PUSHDATA4. */
export function encodePushData(data: Uint8Array): Uint8Array {
  const n = data.length;
  const headerLength = n < OP.OP_PUSHDATA1 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : 5;
  const out = new Uint8Array(headerLength + n);
  if (headerLength === 1) out[0] = n;
  else if (headerLength === 2) {
    out[0] = OP.OP_PUSHDATA1;
    out[1] = n;
  } else if (headerLength === 3) {
    out[0] = OP.OP_PUSHDATA2;
    out[1] = n & 0xff;
    out[2] = n >>> 8;
  } else {
    out[0] = OP.OP_PUSHDATA4;
    out[1] = n & 0xff;
    out[2] = (n >>> 8) & 0xff;
    out[3] = (n >>> 16) & 0xff;
    out[4] = n >>> 24;
  }
  out.set(data, headerLength);
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
