import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Label names and values of one sample. */
export type MetricLabels = Readonly<Record<string, string>>;

export interface MetricSpec {
  /** Prometheus metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`), unique in the registry. */
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

export interface GaugeSpec extends MetricSpec {
  /**
   * Read at every scrape: the value to show, or undefined to keep the last one set. For a gauge
   * that mirrors a state the process already holds (chain height, mempool size), so nothing has
   * to push updates.
   */
  readonly read?: () => number | undefined;
}

export interface HistogramSpec extends MetricSpec {
  /** Upper bounds of the buckets (default: prom-client's, 5 ms to 10 s). */
  readonly buckets?: readonly number[];
}

export interface GaugeMetric {
  set(value: number, labels?: MetricLabels): void;
  inc(labels?: MetricLabels, by?: number): void;
  dec(labels?: MetricLabels, by?: number): void;
}

export interface CounterMetric {
  inc(labels?: MetricLabels, by?: number): void;
}

export interface HistogramMetric {
  observe(value: number, labels?: MetricLabels): void;
}

export interface DefaultMetricsOptions {
  /** Prefix for the process / Node.js metric names (default none: `process_cpu_seconds_total` …). */
  readonly prefix?: string;
}

/**
 * A Prometheus registry (prom-client underneath) with the few metric kinds the daemons use. Each
 * daemon owns one; nothing is registered globally, so tests and several services in one process
 * do not collide. The text exposition is `metrics()` with `contentType`.
 */
export class MetricsRegistry {
  readonly #registry = new Registry();
  #defaults = false;

  /** The exposition format's content type (`text/plain; version=0.0.4; charset=utf-8`). */
  get contentType(): string {
    return this.#registry.contentType;
  }

  /** Add prom-client's process and Node.js runtime metrics (CPU, memory, event loop, GC, handles). */
  collectDefaultMetrics(options: DefaultMetricsOptions = {}): void {
    if (this.#defaults) return;
    this.#defaults = true;
    collectDefaultMetrics({ register: this.#registry, ...(options.prefix !== undefined ? { prefix: options.prefix } : {}) });
  }

  gauge(spec: GaugeSpec): GaugeMetric {
    const read = spec.read;
    const g = new Gauge({
      name: spec.name,
      help: spec.help,
      labelNames: [...(spec.labelNames ?? [])],
      registers: [this.#registry],
      ...(read === undefined
        ? {}
        : {
            collect(this: Gauge) {
              const v = read();
              if (v !== undefined) this.set(v);
            },
          }),
    });
    return {
      set: (value, labels) => (labels === undefined ? g.set(value) : g.set(labels, value)),
      inc: (labels, by = 1) => (labels === undefined ? g.inc(by) : g.inc(labels, by)),
      dec: (labels, by = 1) => (labels === undefined ? g.dec(by) : g.dec(labels, by)),
    };
  }

  counter(spec: MetricSpec): CounterMetric {
    const c = new Counter({ name: spec.name, help: spec.help, labelNames: [...(spec.labelNames ?? [])], registers: [this.#registry] });
    return { inc: (labels, by = 1) => (labels === undefined ? c.inc(by) : c.inc(labels, by)) };
  }

  histogram(spec: HistogramSpec): HistogramMetric {
    const h = new Histogram({
      name: spec.name,
      help: spec.help,
      labelNames: [...(spec.labelNames ?? [])],
      registers: [this.#registry],
      ...(spec.buckets !== undefined ? { buckets: [...spec.buckets] } : {}),
    });
    return { observe: (value, labels) => (labels === undefined ? h.observe(value) : h.observe(labels, value)) };
  }

  /** The current values in the Prometheus text format (runs every gauge's `read`). */
  metrics(): Promise<string> {
    return this.#registry.metrics();
  }
}
