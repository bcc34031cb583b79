/** What a route hands back to the server, which adds `timestamp` and `allowance` (spec §5.2). */
export type ApiReply =
  /** `{"response": payload, "timestamp", "allowance": {"cost"}}`. */
  | { readonly kind: 'response'; readonly payload: unknown }
  /** Sent as is, not wrapped (`/position`, `/clients`). */
  | { readonly kind: 'bare'; readonly body: unknown };

export const response = (payload: unknown): ApiReply => ({ kind: 'response', payload });
export const bare = (body: unknown): ApiReply => ({ kind: 'bare', body });
