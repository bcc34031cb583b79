import type { Lifecycle } from './lifecycle.js';
import { nullLogger, type Logger } from './logger.js';

/** The part of `process` the signal wiring needs (the bin passes `process`; tests pass an emitter). */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface ShutdownSignalOptions {
  readonly signals?: readonly NodeJS.Signals[];
  readonly logger?: Logger;
  /** Called when a signal arrives while the shutdown is already running (e.g. to force an exit). */
  readonly onRepeatedSignal?: (signal: NodeJS.Signals) => void;
}

/**
 * Route SIGTERM / SIGINT (by default) to `lifecycle.shutdown`. The first signal starts the
 * shutdown; later ones are logged and passed to `onRepeatedSignal`. The listeners are removed
 * once the shutdown has finished, or by calling the returned function.
 */
export function handleShutdownSignals(lifecycle: Lifecycle, source: SignalSource, options: ShutdownSignalOptions = {}): () => void {
  const logger = options.logger ?? nullLogger;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const listeners = new Map<NodeJS.Signals, () => void>();
  for (const signal of signals) {
    const listener = () => {
      if (lifecycle.shuttingDown) {
        logger.warn('Shutdown already in progress', { signal });
        options.onRepeatedSignal?.(signal);
        return;
      }
      void lifecycle.shutdown(signal);
    };
    listeners.set(signal, listener);
    source.on(signal, listener);
  }
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    for (const [signal, listener] of listeners) source.off(signal, listener);
  };
  void lifecycle.stopped.then(remove);
  return remove;
}
