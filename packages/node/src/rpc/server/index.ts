export * from './rpc-error.js';
export type { RpcCallContext, RpcHandler, RpcMethod, RpcParams } from './rpc-method.js';
export { transformNamedArguments } from './named-arguments.js';
export { MethodTable } from './method-table.js';
export { jsonRpcErrorObject, jsonRpcReplyObject } from './json-rpc-reply.js';
export { JsonRpcHandler, type JsonRpcHandlerOptions, type JsonRpcHttpReply, type RpcRequestMeta } from './json-rpc-handler.js';
export { parseBasicAuthorization, type Authenticator, type BasicCredentials } from './authenticator.js';
export { isLoopbackAddress, normaliseClientAddress, type ClientAllowPredicate } from './client-address.js';
export { WorkQueue } from './work-queue.js';
export { matchRoute, type HttpRoute, type HttpRouteHandler, type HttpRouteMethod, type HttpRouteReply, type HttpRouteRequest } from './http-route.js';
export { RPC_METRICS_INVALID_METHOD, RPC_METRICS_UNKNOWN_METHOD, type RpcCallObserver } from './rpc-call-observer.js';
export { readRequestBody } from './request-body.js';
export {
  DEFAULT_AUTH_FAILURE_DELAY_MS,
  DEFAULT_RPC_SERVER_TIMEOUT,
  DEFAULT_RPC_THREADS,
  DEFAULT_RPC_WORK_QUEUE,
  HttpRpcServer,
  MAX_RPC_BODY_SIZE,
  MAX_RPC_HEADERS_SIZE,
  WORK_QUEUE_FULL_STATUS,
  type HttpRpcServerOptions,
  type RpcEndpoint,
  type RpcServerLogger,
} from './http-rpc-server.js';
export { controlMethods, registerControlMethods, STOP_MESSAGE, type ControlMethodsOptions } from './control-methods.js';
