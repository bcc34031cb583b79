import type { IncomingHttpHeaders } from 'node:http';

/** The HTTP methods the server passes to routes (Core's `RequestMethodString` set). */
export type HttpRouteMethod = 'GET' | 'POST' | 'HEAD' | 'PUT';

/** One request as a route handler sees it, body already read within the server's limit. */
export interface HttpRouteRequest {
  readonly method: HttpRouteMethod;
  /** The request URI as sent (path and query). */
  readonly uri: string;
  /** The URI after the route's prefix (Core's `strURIPart`; empty for an exact match). */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The client address, normalised (IPv4-mapped IPv6 shown as IPv4). */
  readonly peer: string;
  /** Aborted when the server starts closing. */
  readonly signal: AbortSignal;
}

/** A complete reply. `Content-Length` is set by the server. */
export interface HttpRouteReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
}

export type HttpRouteHandler = (request: HttpRouteRequest) => Promise<HttpRouteReply> | HttpRouteReply;

/**
 * A path handler (Core's `HTTPPathHandler`): `exactMatch` → the URI must equal `prefix`,
 * otherwise it must start with it. Routes are tried in registration order; the first match wins.
 */
export interface HttpRoute {
  readonly prefix: string;
  readonly exactMatch: boolean;
  readonly handler: HttpRouteHandler;
}

/** Core's matching in `http_request_cb`: the first route that matches, and the rest of the URI. */
export function matchRoute(routes: readonly HttpRoute[], uri: string): { route: HttpRoute; path: string } | undefined {
  for (const route of routes) {
    const match = route.exactMatch ? uri === route.prefix : uri.startsWith(route.prefix);
    if (match) return { route, path: uri.slice(route.prefix.length) };
  }
  return undefined;
}
