import { RpcClientError } from './rpc-client-error.js';

/**
 * Why no HTTP reply was received. The numbers are libevent's `evhttp_request_error` codes, which
 * bitcoin-cli prints: `-1` unknown (e.g. connection refused), `0` timeout, `1` EOF (the server closed
 * the connection), `2` invalid reply header.
 */
export type ConnectionFailure = 'refused' | 'timeout' | 'eof' | 'invalid-header' | 'unknown';

const LIBEVENT: Record<ConnectionFailure, { code: number; text: string }> = {
  refused: { code: -1, text: 'unknown' },
  unknown: { code: -1, text: 'unknown' },
  timeout: { code: 0, text: 'timeout reached' },
  eof: { code: 1, text: 'EOF reached' },
  'invalid-header': { code: 2, text: 'error while reading header, or invalid header' },
};

/**
 * No HTTP reply at all (bitcoin-cli's `CConnectionFailed`): the connection was refused, timed out,
 * was closed before a reply, or the host could not be resolved. `-rpcwait` retries these.
 */
export class RpcConnectionError extends RpcClientError {
  override readonly name = 'RpcConnectionError';
  /** libevent's error code for this failure (bitcoin-cli prints it). */
  readonly eventCode: number;
  /** libevent's text for this failure. */
  readonly eventText: string;

  constructor(
    readonly failure: ConnectionFailure,
    /** The underlying system error (`ECONNREFUSED`, …), when there is one. */
    readonly systemCode?: string,
  ) {
    const e = LIBEVENT[failure];
    super(
      `couldn't connect to server: ${e.text} (code ${e.code})\n` +
        '(make sure server is running and you are connecting to the correct RPC port)',
    );
    this.eventCode = e.code;
    this.eventText = e.text;
  }
}
