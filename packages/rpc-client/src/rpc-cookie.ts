/** RPC user name and password. */
export interface RpcCredentials {
  readonly user: string;
  readonly password: string;
}

/** Name of the cookie file in the chain data directory (`-rpccookiefile` default). */
export const COOKIE_FILE_NAME = '.cookie';

/**
 * Credentials from the content of a cookie file (`__cookie__:<64 hex>`): like the original, only
 * the first line counts and it is `user:password`, split at the first `:`. Returns undefined when
 * that line has no `:`.
 */
export function parseCookie(content: string): RpcCredentials | undefined {
  const nl = content.indexOf('\n');
  const line = nl >= 0 ? content.slice(0, nl) : content;
  const colon = line.indexOf(':');
  if (colon < 0) return undefined;
  return { user: line.slice(0, colon), password: line.slice(colon + 1) };
}

/** The HTTP `Authorization` header value for Basic auth (UTF-8 bytes, base64). */
export function basicAuthorization(credentials: RpcCredentials): string {
  return 'Basic ' + Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64');
}
