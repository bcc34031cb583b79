import type { ApiReply } from './api-reply.js';

/** What a route gets: the parsed query, and the body for POST routes. */
export interface RouteInput {
  readonly query: URLSearchParams;
  readonly body: Buffer;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly handle: (input: RouteInput) => Promise<ApiReply> | ApiReply;
  /** `/clients` answers its errors without `allowance` (spec §5.3). */
  readonly errorWithoutAllowance?: boolean;
}

/** The extension routes of mvc (`doc/mainstay_api.md`) that this server deliberately does not serve (spec §3.7, ADR 0046). */
export const EXTENSION_PATHS: readonly string[] = [
  '/commitment/add',
  '/token/init',
  '/token/verify',
  '/spendtoken',
  '/slotexpiry',
  '/feerate',
];

/** Route table keyed by the path below `/api/v1` (no trailing slash; `''` is the index). */
export type RouteTable = ReadonlyMap<string, Route>;

/**
 * The route path of a request target below `/api/v1`, or undefined when outside it. The query is
 * cut off; one trailing slash is ignored (Express's non-strict routing); nothing is decoded.
 */
export function routePath(target: string): { path: string; query: string } | undefined {
  const q = target.indexOf('?');
  let path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q + 1);
  const prefix = '/api/v1';
  if (path !== prefix && !path.startsWith(`${prefix}/`)) return undefined;
  path = path.slice(prefix.length);
  if (path.endsWith('/')) path = path.slice(0, -1);
  return { path, query };
}
