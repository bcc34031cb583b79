import { RpcClientError } from './rpc-client-error.js';

/**
 * An HTTP reply arrived but is not a usable JSON-RPC reply: empty body, not JSON, not an object,
 * an empty object, or a batch reply that does not match the request. Messages are bitcoin-cli's
 * where it has one (`no response from server`, `couldn't parse reply from server`, …).
 */
export class RpcReplyError extends RpcClientError {
  override readonly name = 'RpcReplyError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
  }
}
