/**
 * A FIFO async mutex. The chain and the mempool share one (ARCHITECTURE.md "Storage and
 * concurrency"): every public mutating call takes it and then calls a private `...Locked` version,
 * so the locked versions can call each other without deadlocking.
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  private held = 0;

  /** True while some holder has the lock (or is queued for it). */
  get isLocked(): boolean {
    return this.held > 0;
  }

  /** Waits for the lock; returns the release function (call it exactly once). */
  async acquire(): Promise<() => void> {
    this.held++;
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    await prev;
    let released = false;
    return () => {
      if (released) throw new Error('async mutex released twice');
      released = true;
      this.held--;
      release();
    };
  }

  /** Runs `fn` holding the lock. */
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
