/** An HTTP reply as the client needs it. */
export interface HttpReply {
  readonly status: number;
  /** The `Content-Type` header (empty when absent). */
  readonly contentType: string;
  /** The body decoded as UTF-8. */
  readonly body: string;
}

/**
 * Sends one HTTP POST with a JSON body. Implementations report "no reply at all" (refused,
 * timeout, closed, unresolvable) as `RpcConnectionError` and return every HTTP reply, whatever its
 * status.
 */
export interface RpcTransport {
  post(body: string, headers: Readonly<Record<string, string>>): Promise<HttpReply>;
}
