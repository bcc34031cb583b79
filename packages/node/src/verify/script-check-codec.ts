/**
 * The messages between the script verifier pool and its workers. A chunk of checks travels as one
 * transferable byte buffer (serialized transactions and spent outputs, not one message per input);
 * the answer is the first failing check of the chunk, if any.
 *
 * Chunk layout: `u32 count`, then per check: `u32 index` (position in its batch), `u8 bits`
 * (1 = amounts, 2 = scripts, 4 = non-mandatory retry), `u32 flags`, `varBytes tx`,
 * `compactSize n`, n × `TxOut`.
 */
import { Reader, Reject, Transaction, TxOut, Writer, type ScriptCheck } from '@ocean-ts/core';

const AMOUNTS = 1;
const SCRIPTS = 2;
const RETRY = 4;

/** A check as the worker sees it: `index` is its position in the batch. */
export interface IndexedCheck {
  readonly index: number;
  readonly check: ScriptCheck;
}

/** Serialize `checks[start, end)`; each check keeps its batch position. */
export function encodeChunk(checks: readonly ScriptCheck[], start: number, end: number): Uint8Array {
  const w = new Writer(1024);
  w.u32le(end - start);
  for (let i = start; i < end; i++) {
    const c = checks[i]!;
    w.u32le(i);
    w.u8((c.amounts ? AMOUNTS : 0) | (c.scripts ? SCRIPTS : 0) | (c.nonMandatoryRetry ? RETRY : 0));
    w.u32le(c.flags >>> 0);
    w.varBytes(c.tx.toBytes());
    w.compactSize(c.spent.length);
    for (const o of c.spent) o.write(w);
  }
  return w.finish();
}

export function decodeChunk(bytes: Uint8Array): IndexedCheck[] {
  const r = new Reader(bytes);
  const n = r.u32le();
  const out: IndexedCheck[] = [];
  for (let k = 0; k < n; k++) {
    const index = r.u32le();
    const bits = r.u8();
    const flags = r.u32le();
    const tx = Transaction.decode(r.varBytes('transaction'));
    const nSpent = r.count(4, 'spent outputs');
    const spent: TxOut[] = [];
    for (let j = 0; j < nSpent; j++) spent.push(TxOut.read(r));
    out.push({
      index,
      check: {
        txIndex: index,
        tx,
        spent,
        amounts: (bits & AMOUNTS) !== 0,
        scripts: (bits & SCRIPTS) !== 0,
        flags,
        nonMandatoryRetry: (bits & RETRY) !== 0,
      },
    });
  }
  r.expectEnd('script check chunk');
  return out;
}

/** A `Reject` as plain data (structured clone). */
export interface RejectData {
  readonly code: number;
  readonly reason: string;
  readonly score: number;
  readonly debug: string | undefined;
  readonly corruptionPossible: boolean;
}

export function rejectToData(r: Reject): RejectData {
  return { code: r.code, reason: r.reason, score: r.score, debug: r.debug, corruptionPossible: r.corruptionPossible };
}

export function rejectFromData(d: RejectData): Reject {
  return new Reject(d.code, d.reason, d.score, d.debug, d.corruptionPossible);
}

/** Slots of the shared claim array (see `ScriptWorkerData`). */
export const CLAIM_SLOTS = 1 << 16;
export const UNCLAIMED = 0;
export const CLAIMED_BY_WORKER = 1;
export const CLAIMED_BY_CALLER = 2;

/**
 * A worker's `workerData`: `claims` (shared with the pool) holds one slot per posted chunk; the
 * worker runs a chunk only if it moves the chunk's slot from `UNCLAIMED` to `CLAIMED_BY_WORKER`,
 * otherwise the pool's calling thread has taken it and the worker answers `skipped`.
 */
export interface ScriptWorkerData {
  readonly claims: Int32Array;
}

/** Pool → worker. `crash` is fault injection for the tests (the worker throws an uncaught error). */
export type ToWorker =
  | { readonly type: 'chunk'; readonly id: number; readonly bytes: Uint8Array; readonly slot: number }
  | { readonly type: 'crash' }
  /** Close the port and let the thread end by itself (a clean exit, never in the middle of a native call). */
  | { readonly type: 'stop' };

/** Worker → pool. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly failure: { readonly index: number; readonly reject: RejectData } | null }
  | { readonly type: 'skipped'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
