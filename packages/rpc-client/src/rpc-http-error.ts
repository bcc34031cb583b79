import { RpcClientError } from './rpc-client-error.js';

/**
 * An HTTP status without a JSON-RPC reply: 401 (bad credentials, empty body) or any status ≥ 400
 * other than 400/404/500 (those carry a JSON-RPC error object and are not errors at this level).
 * Messages are bitcoin-cli's.
 */
export class RpcHttpError extends RpcClientError {
  override readonly name = 'RpcHttpError';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(
      status === 401 ? 'incorrect rpcuser or rpcpassword (authorization failed)' : `server returned HTTP error ${status}`,
    );
  }
}
