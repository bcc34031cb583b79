/**
 * Told about every JSON-RPC request object the handler executes (single or batch element), for
 * metrics. Keeps the RPC server free of any metrics library: the node plugs in an implementation.
 */
export interface RpcCallObserver {
  /**
   * A call starts. `method` is the registered method name, `RPC_METRICS_UNKNOWN_METHOD` for a name
   * the table does not have, `RPC_METRICS_INVALID_METHOD` when the request is not a usable request
   * object (so labels stay a bounded set). The returned function is called exactly once, when the
   * call has finished, with its JSON-RPC error code or null on success.
   */
  callStarted(method: string): (errorCode: number | null) => void;
}

/** Method label of a call to a name that is not registered. */
export const RPC_METRICS_UNKNOWN_METHOD = '(unknown)';
/** Method label of a body or batch element that is not a valid request. */
export const RPC_METRICS_INVALID_METHOD = '(invalid)';
