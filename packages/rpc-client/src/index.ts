// @ocean-ts/rpc-client: JSON-RPC clients for the node (and, later, bitcoind).
export { RpcClientError } from './rpc-client-error.js';
export { RpcCallError } from './rpc-call-error.js';
export { RpcConnectionError, type ConnectionFailure } from './rpc-connection-error.js';
export { RpcHttpError } from './rpc-http-error.js';
export { RpcReplyError } from './rpc-reply-error.js';
export { toJsonValue, type JsonInput } from './json-params.js';
export { COOKIE_FILE_NAME, basicAuthorization, parseCookie, type RpcCredentials } from './rpc-cookie.js';
export {
  callError,
  decodeBatchReply,
  decodeHttpReply,
  decodeReply,
  encodeBatch,
  encodeRequest,
  replyResult,
  requestObject,
  type BatchEntry,
  type RpcParams,
  type RpcRequest,
} from './json-rpc-codec.js';
export type { HttpReply, RpcTransport } from './rpc-transport.js';
export { HttpTransport, type HttpTransportOptions } from './http-transport.js';
export {
  DEFAULT_CLIENT_TIMEOUT_MS,
  JsonRpcClient,
  type BatchCall,
  type CallParams,
  type JsonRpcClientOptions,
} from './json-rpc-client.js';
export * from './bitcoin/index.js';
