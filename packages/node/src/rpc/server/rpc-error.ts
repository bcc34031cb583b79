/**
 * JSON-RPC error codes of the original node (Bitcoin Core 0.14 `rpc/protocol.h` plus Ocean's
 * key-derivation code), and the error type every RPC handler throws to report one of them.
 */

// Standard JSON-RPC 2.0 errors.
export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_INTERNAL_ERROR = -32603;
export const RPC_PARSE_ERROR = -32700;

// General application-defined errors.
/** std::exception thrown in command handling. */
export const RPC_MISC_ERROR = -1;
/** Server is in safe mode, and the command is not allowed in safe mode. */
export const RPC_FORBIDDEN_BY_SAFE_MODE = -2;
/** Unexpected type was passed as parameter. */
export const RPC_TYPE_ERROR = -3;
/** Invalid address or key. */
export const RPC_INVALID_ADDRESS_OR_KEY = -5;
/** Ran out of memory during operation. */
export const RPC_OUT_OF_MEMORY = -7;
/** Invalid, missing or duplicate parameter. */
export const RPC_INVALID_PARAMETER = -8;
/** Database error. */
export const RPC_DATABASE_ERROR = -20;
/** Error parsing or validating structure in raw format. */
export const RPC_DESERIALIZATION_ERROR = -22;
/** General error during transaction or block submission. */
export const RPC_VERIFY_ERROR = -25;
/** Transaction or block was rejected by network rules. */
export const RPC_VERIFY_REJECTED = -26;
/** Transaction already in chain. */
export const RPC_VERIFY_ALREADY_IN_CHAIN = -27;
/** Client still warming up. */
export const RPC_IN_WARMUP = -28;

// Aliases kept for backward compatibility in the original.
export const RPC_TRANSACTION_ERROR = RPC_VERIFY_ERROR;
export const RPC_TRANSACTION_REJECTED = RPC_VERIFY_REJECTED;
export const RPC_TRANSACTION_ALREADY_IN_CHAIN = RPC_VERIFY_ALREADY_IN_CHAIN;

// P2P client errors.
export const RPC_CLIENT_NOT_CONNECTED = -9;
export const RPC_CLIENT_IN_INITIAL_DOWNLOAD = -10;
export const RPC_CLIENT_NODE_ALREADY_ADDED = -23;
export const RPC_CLIENT_NODE_NOT_ADDED = -24;
export const RPC_CLIENT_NODE_NOT_CONNECTED = -29;
export const RPC_CLIENT_INVALID_IP_OR_SUBNET = -30;
export const RPC_CLIENT_P2P_DISABLED = -31;

// Wallet errors.
export const RPC_WALLET_ERROR = -4;
export const RPC_WALLET_INSUFFICIENT_FUNDS = -6;
export const RPC_WALLET_INVALID_ACCOUNT_NAME = -11;
export const RPC_WALLET_KEYPOOL_RAN_OUT = -12;
export const RPC_WALLET_UNLOCK_NEEDED = -13;
export const RPC_WALLET_PASSPHRASE_INCORRECT = -14;
export const RPC_WALLET_WRONG_ENC_STATE = -15;
export const RPC_WALLET_ENCRYPTION_FAILED = -16;
export const RPC_WALLET_ALREADY_UNLOCKED = -17;

// Ocean.
/** KYC / whitelist key derivation failed (Ocean). */
export const RPC_INVALID_KEY_DERIVATION = -32;

/**
 * A JSON-RPC error with the original's code and message, like Core's `JSONRPCError(code, msg)`.
 * Handlers throw it; the dispatcher sends `{"code":…,"message":…}`. Any other thrown `Error`
 * becomes `RPC_MISC_ERROR` (-1) with its message, as an uncaught `std::exception` does in Core.
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';

  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
