/**
 * Guardnode service requests (ocean-policy.md §9.1): the request output script
 *
 * ```
 * PUSH(scriptnum endBlockHeight) OP_CHECKLOCKTIMEVERIFY OP_DROP
 * OP_1 PUSH(target pubkey) PUSH(G) PUSH(R) OP_3 OP_CHECKMULTISIG
 * ```
 *
 * with `G = 02 ‖ genesis hash (internal order)` and `R = 03 ‖ i32 start ‖ i32 tickets ‖ i32 decay ‖
 * i32 fee percentage ‖ i64 start price` (little-endian, zero-padded to 33 bytes). Parsing is
 * bounds-checked: a locked multisig with fewer than three keys, or keys too short for the fields
 * read from them, is not a request (the reference reads past the end instead).
 */
import { Reader } from '../encoding/reader.js';
import { Writer } from '../encoding/writer.js';
import { OP } from '../script/opcodes.js';
import { ScriptBuilder } from '../script/script-builder.js';
import { MAX_LOCKTIME_NUM_SIZE, clampToInt32, decodeScriptNum } from '../script/script-num.js';
import { TxoutType, solver } from '../script/standard.js';

/** The terms a request output carries. Heights and counts are the unsigned 32-bit fields of `R`. */
export interface RequestTerms {
  /** The CLTV lock of the output: the end of the service period (C `int`, clamped). */
  readonly endBlockHeight: number;
  /** First key: the requester's public key (33 or 65 bytes). */
  readonly targetPubKey: Uint8Array;
  /** Genesis hash of the chain to guard, internal byte order. */
  readonly genesisHash: Uint8Array;
  readonly startBlockHeight: number;
  readonly numTickets: number;
  readonly decayConst: number;
  readonly feePercentage: number;
  /** Start price in satoshis (signed 64-bit). */
  readonly startPrice: bigint;
}

/** Size of the data in `R` (after its 0x03 prefix byte). */
const R_FIELDS_SIZE = 4 * 4 + 8;
/** Bytes of a data key (a compressed-key-sized push). */
const DATA_KEY_SIZE = 33;

/** `G`: 0x02 ‖ genesis hash (internal). */
export function requestGenesisKey(genesisHash: Uint8Array): Uint8Array {
  if (genesisHash.length !== 32) throw new RangeError(`genesis hash must be 32 bytes, got ${genesisHash.length}`);
  return new Writer(DATA_KEY_SIZE).u8(0x02).bytes(genesisHash).finish();
}

/** `R`: 0x03 ‖ start ‖ tickets ‖ decay ‖ fee ‖ start price, zero-padded to 33 bytes. */
export function requestTermsKey(t: Pick<RequestTerms, 'startBlockHeight' | 'numTickets' | 'decayConst' | 'feePercentage' | 'startPrice'>): Uint8Array {
  const w = new Writer(DATA_KEY_SIZE)
    .u8(0x03)
    .u32le(t.startBlockHeight >>> 0)
    .u32le(t.numTickets >>> 0)
    .u32le(t.decayConst >>> 0)
    .u32le(t.feePercentage >>> 0)
    .i64le(BigInt.asIntN(64, t.startPrice));
  const out = new Uint8Array(DATA_KEY_SIZE);
  out.set(w.finish());
  return out;
}

/**
 * The request output script, byte for byte as `createrawrequesttx` builds it: the end height is a
 * data push of its minimal script-number encoding (also for 1…16, as the reference does — an
 * `OP_n` would not be a locked multisig for any node).
 */
export function encodeRequestScript(t: RequestTerms): Uint8Array {
  return new ScriptBuilder()
    .pushScriptNum(t.endBlockHeight)
    .op(OP.OP_CHECKLOCKTIMEVERIFY, OP.OP_DROP, OP.OP_1)
    .push(t.targetPubKey)
    .push(requestGenesisKey(t.genesisHash))
    .push(requestTermsKey(t))
    .op(OP.OP_3, OP.OP_CHECKMULTISIG)
    .build();
}

/** The CLTV height of locked-multisig solutions (`CScriptNum(vch, false, 5).getint()`). */
export function lockHeightOf(locktimePush: Uint8Array): number {
  return clampToInt32(decodeScriptNum(locktimePush, false, MAX_LOCKTIME_NUM_SIZE));
}

/**
 * `CRequest::FromSolutions` on locked-multisig solutions `[locktime, m, k1, k2, k3, …, n]`, with
 * bounds checks: at least three keys, `k2` ≥ 33 bytes, `k3` ≥ 25 bytes. Prefix bytes are skipped
 * unchecked, as in the reference. Undefined when the solutions do not hold a request.
 */
export function requestFromSolutions(solutions: readonly Uint8Array[]): RequestTerms | undefined {
  // locktime, m, at least three keys, n
  if (solutions.length < 6) return undefined;
  const [locktime, , k1, k2, k3] = solutions as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  if (locktime.length < 1 || locktime.length > MAX_LOCKTIME_NUM_SIZE) return undefined;
  if (k2.length < 1 + 32 || k3.length < 1 + R_FIELDS_SIZE) return undefined;
  const r = new Reader(k3.subarray(1));
  return {
    endBlockHeight: lockHeightOf(locktime),
    targetPubKey: k1.slice(),
    genesisHash: k2.slice(1, 33),
    startBlockHeight: r.u32le(),
    numTickets: r.u32le(),
    decayConst: r.u32le(),
    feePercentage: r.u32le(),
    startPrice: r.i64le(),
  };
}

/** The request a script holds: a locked multisig (as `Solver` accepts it) whose solutions parse. */
export function parseRequestScript(script: Uint8Array): RequestTerms | undefined {
  const s = solver(script);
  if (!s.ok || s.type !== TxoutType.LOCKED_MULTISIG) return undefined;
  return requestFromSolutions(s.solutions);
}
