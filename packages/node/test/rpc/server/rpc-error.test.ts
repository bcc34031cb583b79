import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as codes from '../../../src/rpc/server/rpc-error.js';
import { RpcError } from '../../../src/rpc/server/rpc-error.js';

test('error codes have the values of ocean-rpc.md §1.1', () => {
  const expected: Record<string, number> = {
    RPC_PARSE_ERROR: -32700,
    RPC_INVALID_REQUEST: -32600,
    RPC_METHOD_NOT_FOUND: -32601,
    RPC_INVALID_PARAMS: -32602,
    RPC_INTERNAL_ERROR: -32603,
    RPC_MISC_ERROR: -1,
    RPC_FORBIDDEN_BY_SAFE_MODE: -2,
    RPC_TYPE_ERROR: -3,
    RPC_WALLET_ERROR: -4,
    RPC_INVALID_ADDRESS_OR_KEY: -5,
    RPC_WALLET_INSUFFICIENT_FUNDS: -6,
    RPC_OUT_OF_MEMORY: -7,
    RPC_INVALID_PARAMETER: -8,
    RPC_CLIENT_NOT_CONNECTED: -9,
    RPC_CLIENT_IN_INITIAL_DOWNLOAD: -10,
    RPC_WALLET_INVALID_ACCOUNT_NAME: -11,
    RPC_WALLET_KEYPOOL_RAN_OUT: -12,
    RPC_WALLET_UNLOCK_NEEDED: -13,
    RPC_WALLET_PASSPHRASE_INCORRECT: -14,
    RPC_WALLET_WRONG_ENC_STATE: -15,
    RPC_WALLET_ENCRYPTION_FAILED: -16,
    RPC_WALLET_ALREADY_UNLOCKED: -17,
    RPC_DATABASE_ERROR: -20,
    RPC_DESERIALIZATION_ERROR: -22,
    RPC_CLIENT_NODE_ALREADY_ADDED: -23,
    RPC_CLIENT_NODE_NOT_ADDED: -24,
    RPC_VERIFY_ERROR: -25,
    RPC_TRANSACTION_ERROR: -25,
    RPC_VERIFY_REJECTED: -26,
    RPC_TRANSACTION_REJECTED: -26,
    RPC_VERIFY_ALREADY_IN_CHAIN: -27,
    RPC_TRANSACTION_ALREADY_IN_CHAIN: -27,
    RPC_IN_WARMUP: -28,
    RPC_CLIENT_NODE_NOT_CONNECTED: -29,
    RPC_CLIENT_INVALID_IP_OR_SUBNET: -30,
    RPC_CLIENT_P2P_DISABLED: -31,
    RPC_INVALID_KEY_DERIVATION: -32,
  };
  const actual = Object.fromEntries(Object.entries(codes).filter(([k]) => k.startsWith('RPC_')));
  assert.deepEqual(actual, expected);
});

test('RpcError carries code and message and is an Error', () => {
  const e = new RpcError(codes.RPC_INVALID_PARAMETER, 'Invalid parameter');
  assert.ok(e instanceof Error);
  assert.equal(e.code, -8);
  assert.equal(e.message, 'Invalid parameter');
  assert.equal(e.name, 'RpcError');
});
