import { readFileSync } from 'node:fs';
import { parseCookie, type RpcCredentials } from '../rpc-cookie.js';

/** Where a Bitcoin node's RPC listens, from a configuration URL. */
export interface BitcoinEndpoint {
  readonly host: string;
  readonly port: number;
  /** `/` or `/wallet/<name>` (bitcoind's multi-wallet endpoint). */
  readonly path: string;
  /** From `user:password@` in the URL, when present. */
  readonly credentials: RpcCredentials | undefined;
}

/**
 * Parse `http://[user:pass@]host:port[/wallet/<name>]`, or the bare `host:port` Mainstay's
 * `main.rpcurl` holds (btcd's rpcclient form). The port is required; only plain HTTP is spoken.
 */
export function parseBitcoinRpcUrl(text: string): BitcoinEndpoint {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`invalid Bitcoin RPC URL: ${text}`);
  }
  if (url.protocol !== 'http:') throw new Error(`unsupported scheme in Bitcoin RPC URL (only http): ${text}`);
  if (url.port === '') throw new Error(`Bitcoin RPC URL needs a port: ${text}`);
  const path = url.pathname === '' ? '/' : url.pathname;
  if (path !== '/' && !/^\/wallet\/[^/]*$/.test(path)) throw new Error(`Bitcoin RPC URL path must be / or /wallet/<name>: ${text}`);
  const credentials =
    url.username !== '' || url.password !== ''
      ? { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined;
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port), path, credentials };
}

/** The URL path of bitcoind's endpoint for wallet `name` (`/wallet/<percent-encoded name>`). */
export function walletPath(name: string): string {
  return `/wallet/${encodeURIComponent(name)}`;
}

/** Credentials from a bitcoind `.cookie` file; throws when it cannot be read or parsed. */
export function readCookieFile(file: string): RpcCredentials {
  const creds = parseCookie(readFileSync(file, 'utf8'));
  if (creds === undefined) throw new Error(`malformed cookie file: ${file}`);
  return creds;
}
