// oceand's Prometheus metrics (-metrics).
export * from './node-metrics-source.js';
export * from './rpc-metrics-observer.js';
export * from './node-metrics.js';
