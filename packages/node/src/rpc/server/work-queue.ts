/**
 * Bounded concurrency with a bounded backlog, like Core's HTTP `WorkQueue` served by
 * `-rpcthreads` worker threads: at most `concurrency` tasks run at once, at most `maxDepth` wait;
 * a task offered when the backlog is full is refused.
 */
export class WorkQueue {
  readonly concurrency: number;
  readonly maxDepth: number;
  #running = 0;
  readonly #waiting: (() => Promise<void>)[] = [];
  #idleWaiters: (() => void)[] = [];

  /** Both bounds are at least 1 (Core clamps `-rpcthreads` and `-rpcworkqueue` the same way). */
  constructor(concurrency: number, maxDepth: number) {
    this.concurrency = Math.max(1, Math.floor(concurrency));
    this.maxDepth = Math.max(1, Math.floor(maxDepth));
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a free slot. */
  get depth(): number {
    return this.#waiting.length;
  }

  /**
   * Run `task` now if a slot is free, else queue it; false (and `task` never runs) when the
   * backlog already holds `maxDepth` tasks. A task's rejection is swallowed: tasks handle their
   * own errors.
   */
  submit(task: () => Promise<void>): boolean {
    if (this.#running < this.concurrency) {
      this.#start(task);
      return true;
    }
    if (this.#waiting.length >= this.maxDepth) return false;
    this.#waiting.push(task);
    return true;
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #start(task: () => Promise<void>): void {
    this.#running++;
    let p: Promise<void>;
    try {
      p = task();
    } catch {
      p = Promise.resolve();
    }
    p.catch(() => undefined).finally(() => {
      this.#running--;
      const next = this.#waiting.shift();
      if (next !== undefined) this.#start(next);
      else if (this.#running === 0) {
        const waiters = this.#idleWaiters;
        this.#idleWaiters = [];
        for (const w of waiters) w();
      }
    });
  }
}
