/** Base class of every failure reported by the JSON-RPC client (catch this to catch them all). */
export class RpcClientError extends Error {
  override readonly name: string = 'RpcClientError';
}
