import type { GaugeMetric, HistogramMetric, MetricsRegistry } from '@ocean-ts/service-kit';
import type { RpcCallObserver } from '../rpc/server/rpc-call-observer.js';

/** Buckets of the RPC latency histogram, seconds (1 ms to 60 s: long polls and `generate` are slow). */
export const RPC_DURATION_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Outcome label of a call: `success`, or `error` with the JSON-RPC error code in the `code` label. */
export const RPC_OUTCOME_SUCCESS = 'success';
export const RPC_OUTCOME_ERROR = 'error';

/**
 * The JSON-RPC handler's observer: `ocean_rpc_request_duration_seconds{method,outcome,code}` and
 * `ocean_rpc_requests_in_flight`. Labels stay bounded: methods are the registered names plus
 * `(unknown)` / `(invalid)`, codes the small fixed set of JSON-RPC error codes (empty on success).
 */
export class RpcMetricsObserver implements RpcCallObserver {
  readonly #duration: HistogramMetric;
  readonly #inFlight: GaugeMetric;
  readonly #now: () => number;

  /** `now` is a monotonic clock in seconds (default `performance.now() / 1000`). */
  constructor(registry: MetricsRegistry, now: () => number = () => performance.now() / 1000) {
    this.#now = now;
    this.#duration = registry.histogram({
      name: 'ocean_rpc_request_duration_seconds',
      help: 'Time to execute a JSON-RPC request (each batch element counts), by method, outcome and JSON-RPC error code.',
      labelNames: ['method', 'outcome', 'code'],
      buckets: RPC_DURATION_BUCKETS,
    });
    this.#inFlight = registry.gauge({ name: 'ocean_rpc_requests_in_flight', help: 'JSON-RPC requests executing now.' });
  }

  callStarted(method: string): (errorCode: number | null) => void {
    const start = this.#now();
    this.#inFlight.inc();
    let done = false;
    return (errorCode) => {
      if (done) return;
      done = true;
      this.#inFlight.dec();
      const labels =
        errorCode === null ? { method, outcome: RPC_OUTCOME_SUCCESS, code: '' } : { method, outcome: RPC_OUTCOME_ERROR, code: String(errorCode) };
      this.#duration.observe(Math.max(0, this.#now() - start), labels);
    };
  }
}
