/**
 * Credential check used by the HTTP server. The node's configuration (`-rpcuser`/`-rpcpassword`,
 * `-rpcauth`, the cookie file) implements it; the server only extracts the Basic credentials.
 * Structural: an implementation does not need to import this module.
 */
export interface Authenticator {
  /** True when `user`/`password` (decoded from UTF-8) are valid RPC credentials. */
  check(user: string, password: string): boolean;
}

/** User name and password taken from an HTTP Basic `Authorization` header. */
export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parse an `Authorization` header the way Core's `RPCAuthorized` does: the scheme must be exactly
 * `Basic ` (case-sensitive), the rest is trimmed and base64-decoded, the user name is everything
 * before the first `:` and the password everything after it. No colon → null. Bytes that are not
 * valid UTF-8 → null (credentials are compared as UTF-8 text, so invalid bytes can never match).
 */
export function parseBasicAuthorization(header: string): BasicCredentials | null {
  if (!header.startsWith('Basic ')) return null;
  const bytes = Buffer.from(header.slice(6).trim(), 'base64');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}
