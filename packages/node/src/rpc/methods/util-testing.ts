/**
 * Hidden test helpers of Core 0.14 `rpc/misc.cpp` (`setmocktime`, `echo`, `echojson`) and the
 * control method `getmemoryinfo`.
 */
import { JsonObject, type JsonValue } from '@ocean-ts/core';
import { RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { getInt64 } from './univalue-params.js';

/** `setmocktime timestamp`: regtest-style chains only (`MineBlocksOnDemand`); 0 = system time. */
export function setMockTime(ctx: NodeRpcContext, p: readonly JsonValue[]): null {
  if (!ctx.params.network.mineBlocksOnDemand) throw new RpcError(RPC_MISC_ERROR, 'setmocktime for regression testing (-regtest mode) only');
  rpcTypeCheck(p, ['number']);
  const t = getInt64(p[0]);
  ctx.setMockTime(Number(t));
  return null;
}

/**
 * `getmemoryinfo`: Core reports its locked (mlock'ed) key pool. This node has none, so every
 * figure is zero.
 */
export function memoryInfo(): JsonObject {
  const locked = new JsonObject();
  for (const k of ['used', 'free', 'total', 'locked', 'chunks_used', 'chunks_free']) locked.push(k, 0);
  return new JsonObject().push('locked', locked);
}

const ECHO_ARGS = ['arg0', 'arg1', 'arg2', 'arg3', 'arg4', 'arg5', 'arg6', 'arg7', 'arg8', 'arg9'];
const ECHO_HELP =
  'echo|echojson "message" ...\n\nSimply echo back the input arguments. This command is for testing.\n\n' +
  'The difference between echo and echojson is that echojson has argument conversion enabled in the client-side table in' +
  'bitcoin-cli and the GUI. There is no server-side difference.';

export function utilTestingMethods(ctx: NodeRpcContext): RpcMethod[] {
  const echo = (name: string): RpcMethod => ({
    name,
    category: 'hidden',
    argNames: ECHO_ARGS,
    okSafeMode: true,
    help: ECHO_HELP,
    handler: (p) => [...p],
  });
  return [
    {
      name: 'setmocktime',
      category: 'hidden',
      argNames: ['timestamp'],
      okSafeMode: true,
      help:
        'setmocktime timestamp\n\nSet the local time to given timestamp (-regtest only)\n\nArguments:\n' +
        '1. timestamp  (integer, required) Unix seconds-since-epoch timestamp\n   Pass 0 to go back to using the system time.',
      minArgs: 1,
      maxArgs: 1,
      handler: (p) => setMockTime(ctx, p),
    },
    echo('echo'),
    echo('echojson'),
    {
      name: 'getmemoryinfo',
      category: 'control',
      argNames: [],
      okSafeMode: true,
      help:
        'getmemoryinfo\nReturns an object containing information about memory usage.\n\nResult:\n{\n' +
        '  "locked": {               (json object) Information about locked memory manager\n' +
        '    "used": xxxxx,          (numeric) Number of bytes used\n' +
        '    "free": xxxxx,          (numeric) Number of bytes available in current arenas\n' +
        '    "total": xxxxxxx,       (numeric) Total number of bytes managed\n' +
        '    "locked": xxxxxx,       (numeric) Amount of bytes that succeeded locking. If this number is smaller than total, locking pages failed at some point and key data could be swapped to disk.\n' +
        '    "chunks_used": xxxxx,   (numeric) Number allocated chunks\n' +
        '    "chunks_free": xxxxx,   (numeric) Number unused chunks\n  }\n}',
      maxArgs: 0,
      handler: () => memoryInfo(),
    },
  ];
}
