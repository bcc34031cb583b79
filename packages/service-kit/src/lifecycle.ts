import { nullLogger, type Logger } from './logger.js';

export type ShutdownHandler = () => void | Promise<void>;

export interface LifecycleOptions {
  readonly logger?: Logger;
  /** Longest wait for one handler before moving on to the next (default 30 s). */
  readonly handlerTimeoutMs?: number;
}

/** How a shutdown went; every handler ran (or timed out) regardless of the others. */
export interface ShutdownReport {
  /** What asked for the shutdown (`SIGTERM`, `rpc stop`, `start-up failed`, …). */
  readonly reason: string;
  /** Handlers in the order they ran (reverse registration order). */
  readonly ran: readonly string[];
  readonly failed: readonly { readonly name: string; readonly error: unknown }[];
  readonly timedOut: readonly string[];
}

interface Entry {
  readonly name: string;
  readonly handler: ShutdownHandler;
}

/**
 * Clean shutdown for a daemon. Components register a handler as they start; a shutdown request
 * (signal, RPC `stop`, fatal error) runs every handler once, newest first — so what started last
 * stops first — each bounded by a timeout, and a failing handler does not stop the others.
 * Repeated requests return the same report. A handler registered while the shutdown is running
 * runs next; one registered afterwards runs at once (a late starter still releases what it holds).
 */
export class Lifecycle {
  private readonly entries: Entry[] = [];
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private shutdownPromise: Promise<ShutdownReport> | undefined;
  private finished = false;
  private resolveStopped!: (report: ShutdownReport) => void;
  /** Resolves with the report once every handler has run. */
  readonly stopped: Promise<ShutdownReport>;

  constructor(options: LifecycleOptions = {}) {
    this.logger = options.logger ?? nullLogger;
    this.timeoutMs = options.handlerTimeoutMs ?? 30_000;
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
  }

  /** True from the first shutdown request on. */
  get shuttingDown(): boolean {
    return this.shutdownPromise !== undefined;
  }

  /**
   * Register `handler` to run at shutdown. Returns a function that unregisters it (for a component
   * that stops on its own before the process does).
   */
  onShutdown(name: string, handler: ShutdownHandler): () => void {
    const entry: Entry = { name, handler };
    if (this.finished) {
      void this.runOne(entry, { ran: [], failed: [], timedOut: [] });
      return () => {};
    }
    this.entries.push(entry);
    return () => {
      const i = this.entries.indexOf(entry);
      if (i >= 0) this.entries.splice(i, 1);
    };
  }

  /** Start the shutdown (once); every call returns the same report. */
  shutdown(reason: string): Promise<ShutdownReport> {
    if (this.shutdownPromise) {
      this.logger.debug('shutdown already in progress', { reason });
      return this.shutdownPromise;
    }
    this.logger.info('Shutdown: requested', { reason });
    this.shutdownPromise = this.run(reason);
    return this.shutdownPromise;
  }

  private async run(reason: string): Promise<ShutdownReport> {
    const report = { ran: [] as string[], failed: [] as { name: string; error: unknown }[], timedOut: [] as string[] };
    // Handlers added while running are pushed on top of the stack and so run next.
    for (let entry = this.entries.pop(); entry !== undefined; entry = this.entries.pop()) {
      await this.runOne(entry, report);
    }
    this.finished = true;
    const done: ShutdownReport = { reason, ...report };
    this.logger.info('Shutdown: done', { reason, failed: report.failed.length, timedOut: report.timedOut.length });
    this.resolveStopped(done);
    return done;
  }

  private async runOne(
    entry: Entry,
    report: { ran: string[]; failed: { name: string; error: unknown }[]; timedOut: string[] },
  ): Promise<void> {
    report.ran.push(entry.name);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      // Kept referenced: a handler that hangs with nothing else pending must still time out.
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(entry.handler).then(() => 'ok' as const), timeout]);
      if (outcome === 'timeout') {
        report.timedOut.push(entry.name);
        this.logger.warn('Shutdown handler timed out', { handler: entry.name, timeoutMs: this.timeoutMs });
      }
    } catch (error) {
      report.failed.push({ name: entry.name, error });
      this.logger.error('Shutdown handler failed', { handler: entry.name, error });
    } finally {
      clearTimeout(timer);
    }
  }
}
