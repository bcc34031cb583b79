import { RpcClientError } from '../rpc-client-error.js';

/**
 * The Bitcoin node answered without a JSON-RPC error, but the result does not have the shape
 * bitcoind documents for the method (a missing member, a wrong type, an amount that is not a whole
 * number of satoshis). `path` names the offending member, e.g. `listunspent[2].amount`.
 */
export class BitcoinResultError extends RpcClientError {
  override readonly name = 'BitcoinResultError';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}
