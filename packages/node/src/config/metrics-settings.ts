import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';
import type { HostPort } from './host-port.js';
import type { OptionReader } from './option-reader.js';

/** Address of the metrics listener when `-metrics` gives only a port. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

/** `-metrics` (an ocean-ts extension, ADR 0019): the Prometheus endpoint. */
export interface MetricsSettings {
  /** Where `GET /metrics` is served; undefined = off (the default). */
  readonly endpoint: HostPort | undefined;
}

const usage = (value: string): ConfigError =>
  new ConfigError(
    `Error: Invalid -metrics=${value}: expected <port> or <host>:<port> with a port from 1 to 65535 and an IP address or localhost as host (e.g. -metrics=9441, -metrics=0.0.0.0:9441, -metrics=[::1]:9441); -nometrics turns it off`,
    'metrics',
  );

/**
 * `-metrics=<port>` binds 127.0.0.1; `-metrics=<host>:<port>` (IPv6 in brackets) binds that
 * address; `:<port>` is the same as `<port>`. Not given, `-metrics=0` or `-nometrics`: no metrics
 * listener. Anything else stops start-up with a message naming the accepted forms.
 */
export function readMetricsSettings(r: OptionReader): MetricsSettings {
  const value = r.optString('metrics');
  if (value === undefined || value === '0') return { endpoint: undefined };
  return { endpoint: parseMetricsEndpoint(value) };
}

/** Parse a `-metrics` value that turns the endpoint on; throws `ConfigError` when malformed. */
export function parseMetricsEndpoint(value: string): HostPort {
  let host: string;
  let portText: string;
  if (/^\d+$/.test(value)) {
    host = DEFAULT_METRICS_HOST;
    portText = value;
  } else {
    const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(value);
    if (m === null) throw usage(value);
    host = m[1] ?? m[2] ?? '';
    portText = m[3]!;
    if (host === '') host = DEFAULT_METRICS_HOST;
    else if (m[1] !== undefined ? isIP(host) !== 6 : isIP(host) !== 4 && host !== 'localhost') throw usage(value);
  }
  const port = Number(portText);
  if (!Number.isSafeInteger(port) || port < 1 || port > 65535) throw usage(value);
  return { host, port };
}
