/**
 * Script verification on worker threads — the node's counterpart of Core 0.14's `CCheckQueue`
 * with `-par` threads (docs/adr/0018-script-verification-threads.md).
 *
 * A batch (a block's deferred `ScriptCheck`s, or one mempool transaction's) is cut into chunks of
 * about `CHUNK_COST` (≈ input scripts; a confidential proof counts much more) as its checks arrive
 * — `begin()` streams them in while `connectBlock` is still running, so the workers start at once.
 * Each chunk travels as one transferable buffer (serialized transactions and spent outputs) to the
 * least-loaded worker; the worker answers with the first failing check of the chunk. The batch
 * resolves with the earliest failure (in check order) once no earlier chunk is outstanding —
 * chunks after a known failure are not even sent — or with null.
 *
 * With `callerHelps` (block connection), the calling thread joins in once the batch is finished,
 * like Core's master thread in `CCheckQueue::Wait`: it runs the chunks no worker has started yet,
 * last first, claiming each through a slot of a shared array (a worker claims a chunk's slot before
 * running it and skips the chunk if the caller got there first).
 *
 * Workers load the native secp256k1 and the zkp verifier once. A worker that dies (crash, exit,
 * terminate) fails the batches it was working on with an Error and is replaced; `stop()` fails
 * everything pending and terminates all workers. With no workers (`threads` 0, i.e. `-par` ≤ 1),
 * and for batches too small to be worth a round trip, the checks run on the calling thread.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { runScriptCheck, type ConfidentialVerifier, type Reject, type ScriptCheck, type Secp256k1 } from '@ocean-ts/core';
import { CLAIM_SLOTS, CLAIMED_BY_CALLER, UNCLAIMED, encodeChunk, rejectFromData, type FromWorker, type ScriptWorkerData, type ToWorker } from './script-check-codec.js';
import { InlineScriptVerifier, PROOF_COST, type BatchOptions, type ScriptCheckBatch, type ScriptVerifier } from './script-verifier.js';
import { scriptWorkerEntry, type WorkerEntry } from './worker-entry.js';

/** How long `stop()` waits for a worker to end by itself before terminating it. */
const STOP_GRACE_MS = 2000;

export interface ScriptVerifierPoolOptions {
  /** Worker threads (the node starts `scriptWorkerThreads(scriptCheckThreads(-par, cores))`); 0 verifies on the calling thread. */
  readonly threads: number;
  /** For checks run on the calling thread. */
  readonly secp: Secp256k1;
  readonly verifier?: ConfidentialVerifier;
  /** Batches whose cost (≈ input scripts; a confidential proof counts much more) is below this run inline (default 8). */
  readonly inlineBelowCost?: number;
  readonly logger?: { warn(message: string): void; info?(message: string): void };
  /** The worker entry (default: `script-worker.js` / `.ts` next to this module). */
  readonly entry?: WorkerEntry;
  /** Called whenever a worker thread has exited (crash, terminate, stop). */
  readonly onWorkerExit?: (threadId: number, code: number) => void;
}

/** Chunk size (≈ 3 ms of P2PKH inputs: the message overhead is noise, the load still balances). */
const CHUNK_COST = 48;
/** Work queued at one worker beyond the chunk it is running (it never waits for the main thread). */
const MAX_QUEUED_COST = 16 * CHUNK_COST;
/** Replacement workers that may fail to start in a row before the pool stops replacing them. */
const MAX_RESPAWN_FAILURES = 3;

/** Estimated cost of a check. */
export function scriptCheckCost(c: ScriptCheck): number {
  let cost = c.scripts ? c.tx.inputs.length : 0;
  if (c.amounts) cost += PROOF_COST * (c.tx.outputs.length + 1);
  return Math.max(cost, 1);
}

interface Batch {
  /** The checks added so far. */
  readonly checks: ScriptCheck[];
  readonly promise: Promise<Reject | null>;
  readonly resolve: (r: Reject | null) => void;
  readonly reject: (e: Error) => void;
  /** Resolved, failed or abandoned: nothing more happens. */
  settled: boolean;
  /** No more checks will be added. */
  finished: boolean;
  first: { readonly index: number; readonly reject: Reject } | undefined;
  /** Chunks not answered yet (queued or in flight). */
  readonly open: Set<Chunk>;
  /** Checks from here on are not in a chunk yet; their cost. */
  unchunked: number;
  unchunkedCost: number;
  totalCost: number;
  /** A chunk was cut (the batch is on the workers, not inline). */
  dispatched: boolean;
  /** `BatchOptions.callerHelps`. */
  readonly callerHelps: boolean;
}

interface Chunk {
  readonly id: number;
  readonly batch: Batch;
  readonly start: number;
  readonly end: number;
  readonly cost: number;
  /** Its slot in `claims` once posted to a worker. */
  slot: number | undefined;
}

interface Slot {
  readonly worker: Worker;
  readonly threadId: number;
  ready: boolean;
  readonly inFlight: Map<number, Chunk>;
  inFlightCost: number;
  lastError: Error | undefined;
  readonly readyPromise: Promise<void>;
}

export class ScriptVerifierPool implements ScriptVerifier {
  readonly threads: number;
  private readonly inline: InlineScriptVerifier;
  private readonly inlineBelowCost: number;
  private readonly entry: WorkerEntry;
  private readonly slots: Slot[] = [];
  private readonly queue: Chunk[] = [];
  private nextChunkId = 1;
  /**
   * Who runs a posted chunk: a worker claims its slot (`chunk.id % CLAIM_SLOTS`) before running
   * it, the calling thread of a `callerHelps` batch claims slots of chunks a worker has not
   * started yet; the one that loses skips the chunk. Far fewer chunks are ever outstanding than
   * there are slots, so a slot is free again before its number comes round.
   */
  private readonly claims = new Int32Array(new SharedArrayBuffer(4 * CLAIM_SLOTS));
  /** Chunks cut so far, run by the calling thread (`callerHelps`), run by workers, skipped by workers. */
  private readonly chunkCounts = { cut: 0, caller: 0, workers: 0, skipped: 0 };
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';
  private respawnFailures = 0;

  constructor(private readonly opts: ScriptVerifierPoolOptions) {
    if (!Number.isInteger(opts.threads) || opts.threads < 0) throw new RangeError(`script verification threads must be a non-negative integer, got ${opts.threads}`);
    this.threads = opts.threads;
    this.inline = new InlineScriptVerifier(opts.secp, opts.verifier);
    this.inlineBelowCost = opts.inlineBelowCost ?? 8;
    this.entry = opts.entry ?? scriptWorkerEntry();
  }

  /** Start the workers; resolves when every one has loaded its libraries. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`script verification pool cannot start: it is ${this.state}`);
    this.state = 'starting';
    const slots = Array.from({ length: this.threads }, () => this.spawn());
    try {
      await Promise.all(slots.map((s) => s.readyPromise));
    } catch (e) {
      await this.stop();
      throw e;
    }
    if (this.state === 'starting') this.state = 'running';
  }

  /** How many chunks were cut, run by the calling thread, run by workers, skipped by workers (tests, diagnostics). */
  get chunkStats(): { readonly cut: number; readonly caller: number; readonly workers: number; readonly skipped: number } {
    return { ...this.chunkCounts };
  }

  /** Thread ids of the live workers (tests, diagnostics). */
  workerThreadIds(): number[] {
    return this.slots.map((s) => s.threadId);
  }

  /**
   * Fault injection for tests: make the worker with `threadId` crash (an uncaught error) or be
   * terminated from outside. Returns false when there is no such worker.
   */
  injectWorkerFault(threadId: number, kind: 'crash' | 'terminate'): boolean {
    const slot = this.slots.find((s) => s.threadId === threadId);
    if (slot === undefined) return false;
    if (kind === 'crash') slot.worker.postMessage({ type: 'crash' } satisfies ToWorker);
    else void slot.worker.terminate();
    return true;
  }

  verify(checks: readonly ScriptCheck[]): Promise<Reject | null> {
    const batch = this.begin();
    for (const c of checks) batch.add(c);
    return batch.finish();
  }

  begin(options: BatchOptions = {}): ScriptCheckBatch {
    let resolve!: (r: Reject | null) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<Reject | null>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => {}); // a failure before finish() is reported by finish()
    const b: Batch = {
      checks: [],
      promise,
      resolve,
      reject,
      settled: false,
      finished: false,
      first: undefined,
      open: new Set(),
      unchunked: 0,
      unchunkedCost: 0,
      totalCost: 0,
      dispatched: false,
      callerHelps: options.callerHelps === true,
    };
    return {
      add: (c) => this.addCheck(b, c),
      finish: () => this.finishBatch(b),
      abandon: () => {
        b.finished = true;
        b.settled = true;
        b.open.clear();
      },
    };
  }

  private addCheck(b: Batch, c: ScriptCheck): void {
    if (b.finished) throw new Error('script check batch already finished');
    if (b.settled || b.first !== undefined) return; // failed already: later checks cannot matter
    const cost = scriptCheckCost(c);
    b.checks.push(c);
    b.totalCost += cost;
    b.unchunkedCost += cost;
    // Small batches may still end up inline: start dispatching only once it is worth it.
    if (!b.dispatched && (this.slots.length === 0 || this.state === 'stopped' || b.totalCost < this.inlineBelowCost)) return;
    if (!b.dispatched || b.unchunkedCost >= CHUNK_COST) this.cutChunk(b);
  }

  private finishBatch(b: Batch): Promise<Reject | null> {
    if (b.finished) throw new Error('script check batch already finished');
    b.finished = true;
    if (b.settled) return b.promise;
    if (this.state === 'stopped') {
      this.failBatch(b, new Error('script verification pool is stopped'));
      return b.promise;
    }
    if (!b.dispatched) {
      // Never reached the workers (small, or no workers): verify here.
      b.settled = true;
      return this.inline.verify(b.checks);
    }
    if (b.unchunked < b.checks.length) this.cutChunk(b);
    this.settleIfDone(b);
    if (b.callerHelps) void this.help(b);
    return b.promise;
  }

  /**
   * `callerHelps`: run the batch's chunks that no worker has started, last first (the workers take
   * theirs in order), one chunk per event-loop turn, until none is left or the batch is settled.
   */
  private async help(b: Batch): Promise<void> {
    while (!b.settled && this.state !== 'stopped') {
      const chunk = this.takeForCaller(b);
      if (chunk === undefined) return;
      let failure: { index: number; reject: Reject } | undefined;
      try {
        for (let i = chunk.start; i < chunk.end && failure === undefined; i++) {
          const r = runScriptCheck(b.checks[i]!, this.opts.secp, this.opts.verifier);
          if (r !== null) failure = { index: i, reject: r };
        }
      } catch (e) {
        this.failBatch(b, e instanceof Error ? e : new Error(String(e)));
        return;
      }
      this.chunkCounts.caller++;
      this.chunkDone(chunk, failure);
      await yieldToEventLoop();
    }
  }

  /** The last open chunk of `b` not started anywhere, now owned by the caller; undefined if none. */
  private takeForCaller(b: Batch): Chunk | undefined {
    const open = [...b.open];
    for (let k = open.length - 1; k >= 0; k--) {
      const chunk = open[k]!;
      if (b.first !== undefined && chunk.start > b.first.index) continue;
      if (chunk.slot === undefined) {
        const at = this.queue.indexOf(chunk);
        if (at < 0) continue;
        this.queue.splice(at, 1);
        return chunk;
      }
      if (Atomics.compareExchange(this.claims, chunk.slot, UNCLAIMED, CLAIMED_BY_CALLER) === UNCLAIMED) return chunk;
    }
    return undefined;
  }

  /** Queue the checks not yet in a chunk as one chunk. */
  private cutChunk(b: Batch): void {
    if (this.state === 'stopped' || this.slots.length === 0) {
      this.failBatch(b, new Error(this.state === 'stopped' ? 'script verification pool is stopped' : 'no script verification worker is running'));
      return;
    }
    const chunk: Chunk = { id: this.nextChunkId++, batch: b, start: b.unchunked, end: b.checks.length, cost: b.unchunkedCost, slot: undefined };
    b.unchunked = b.checks.length;
    b.unchunkedCost = 0;
    b.dispatched = true;
    b.open.add(chunk);
    this.chunkCounts.cut++;
    this.queue.push(chunk);
    this.pump();
  }

  /** Fail everything pending and terminate the workers. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    const err = new Error('script verification pool stopped');
    for (const c of this.queue) this.failBatch(c.batch, err);
    this.queue.length = 0;
    const slots = [...this.slots];
    for (const s of slots) for (const c of s.inFlight.values()) this.failBatch(c.batch, err);
    // An idle worker is unref'd: the pending terminations must keep the process alive until the
    // workers have exited (otherwise the event loop can run dry and `stop()` never resolves).
    for (const s of slots) this.updateRef(s);
    // Ask each worker to end by itself (it finishes the chunk it is on, then its event loop runs
    // dry): terminating a thread in the middle of a native call can abort the whole process
    // (node-addon-api's "terminate called after throwing Napi::Error"). Terminate stragglers.
    await Promise.all(slots.map((s) => this.stopWorker(s.worker)));
    this.slots.length = 0;
  }

  private async stopWorker(worker: Worker): Promise<void> {
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    try {
      worker.postMessage({ type: 'stop' } satisfies ToWorker);
    } catch {
      // already gone
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_GRACE_MS)));
    const r = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (r === 'late') await worker.terminate();
  }

  // ---------------------------------------------------------------- workers

  private spawn(): Slot {
    // Referenced while starting and while it has work (see updateRef), so that an awaited start or
    // batch keeps the process alive, and an idle pool does not.
    const worker = new Worker(this.entry.script, { ...this.entry.options, workerData: { claims: this.claims } satisfies ScriptWorkerData });
    let markReady!: () => void;
    let failReady!: (e: Error) => void;
    const readyPromise = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    readyPromise.catch(() => {}); // observed by start(); a replacement's failure is logged instead
    const slot: Slot = { worker, threadId: worker.threadId, ready: false, inFlight: new Map(), inFlightCost: 0, lastError: undefined, readyPromise };
    this.slots.push(slot);
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') {
        slot.ready = true;
        this.respawnFailures = 0;
        this.updateRef(slot);
        markReady();
      } else {
        const chunk = slot.inFlight.get(m.id);
        slot.inFlight.delete(m.id);
        if (chunk !== undefined) slot.inFlightCost -= chunk.cost;
        this.updateRef(slot);
        if (chunk !== undefined) {
          if (m.type === 'error') this.failBatch(chunk.batch, new Error(`script verification worker ${slot.threadId}: ${m.message}`));
          else if (m.type === 'skipped') {
            // the calling thread ran it (and reported it) already
            this.chunkCounts.skipped++;
          } else {
            this.chunkCounts.workers++;
            this.chunkDone(chunk, m.failure === null ? undefined : { index: m.failure.index, reject: rejectFromData(m.failure.reject) });
          }
        }
      }
      this.pump();
    });
    worker.on('error', (e: Error) => {
      slot.lastError = e;
    });
    worker.on('exit', (code: number) => this.onExit(slot, code, failReady));
    return slot;
  }

  private onExit(slot: Slot, code: number, failReady: (e: Error) => void): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    this.opts.onWorkerExit?.(slot.threadId, code);
    const why = slot.lastError ? `: ${slot.lastError.message}` : '';
    const err = new Error(`script verification worker ${slot.threadId} exited with code ${code}${why}`);
    for (const c of slot.inFlight.values()) this.failBatch(c.batch, err);
    slot.inFlight.clear();
    if (!slot.ready) failReady(err);
    // Replace it — also while starting, once it had been ready (a failed start fails start()).
    if (this.state === 'running' || (this.state === 'starting' && slot.ready)) {
      this.opts.logger?.warn(`${err.message}; starting a new one`);
      if (!slot.ready) this.respawnFailures++;
      if (this.respawnFailures < MAX_RESPAWN_FAILURES) this.spawn();
      else this.opts.logger?.warn('script verification workers keep failing to start: verifying on the main thread');
    }
    if (this.slots.length === 0) {
      // No worker left: what is queued cannot run there.
      for (const c of this.queue) this.failBatch(c.batch, err);
      this.queue.length = 0;
    }
    this.pump();
  }

  /**
   * A worker with work keeps the process alive; an idle one does not — except while the pool is
   * stopping: `stop()` awaits the workers' exits, and a late answer must not unref a worker whose
   * termination is pending (the event loop could then run dry before it exits).
   */
  private updateRef(slot: Slot): void {
    if (slot.inFlight.size > 0 || this.state === 'stopped') slot.worker.ref();
    else slot.worker.unref();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let best: Slot | undefined;
      for (const s of this.slots) {
        if (!s.ready || (s.inFlight.size > 0 && s.inFlightCost >= MAX_QUEUED_COST)) continue;
        if (best === undefined || s.inFlightCost < best.inFlightCost) best = s;
      }
      if (best === undefined) return;
      const chunk = this.queue.shift()!;
      const b = chunk.batch;
      if (b.settled) continue;
      if (b.first !== undefined && chunk.start > b.first.index) {
        b.open.delete(chunk);
        this.settleIfDone(b);
        continue;
      }
      const bytes = encodeChunk(b.checks, chunk.start, chunk.end);
      best.inFlight.set(chunk.id, chunk);
      best.inFlightCost += chunk.cost;
      this.updateRef(best);
      chunk.slot = chunk.id % CLAIM_SLOTS;
      Atomics.store(this.claims, chunk.slot, UNCLAIMED);
      const msg: ToWorker = { type: 'chunk', id: chunk.id, bytes, slot: chunk.slot };
      best.worker.postMessage(msg, [bytes.buffer as ArrayBuffer]);
    }
  }

  private chunkDone(chunk: Chunk, failure: { index: number; reject: Reject } | undefined): void {
    const b = chunk.batch;
    if (b.settled) return;
    b.open.delete(chunk);
    if (failure !== undefined && (b.first === undefined || failure.index < b.first.index)) b.first = failure;
    this.settleIfDone(b);
  }

  /** Resolve once no chunk that could hold an earlier failure is outstanding. */
  private settleIfDone(b: Batch): void {
    if (b.settled || !b.finished) return;
    for (const c of b.open) if (b.first === undefined || c.start < b.first.index) return;
    b.settled = true;
    b.open.clear();
    b.resolve(b.first?.reject ?? null);
  }

  private failBatch(b: Batch, err: Error): void {
    if (b.settled) return;
    b.settled = true;
    b.open.clear();
    b.reject(err);
  }
}
