// Prometheus metrics shared by the daemons: a registry and the /metrics HTTP listener.
export * from './metrics-registry.js';
export * from './metrics-http-server.js';
