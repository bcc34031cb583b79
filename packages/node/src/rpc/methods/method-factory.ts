import type { RpcMethod } from '../server/rpc-method.js';

/**
 * A method builder for one category: `m(name, argNames, help, handler, extra?)` with the usual
 * defaults (callable in safe mode, at most as many positional arguments as names).
 */
export function methodFactory(category: string) {
  return (name: string, argNames: string[], help: string, handler: RpcMethod['handler'], extra: Partial<RpcMethod> = {}): RpcMethod => ({
    name,
    category,
    argNames,
    okSafeMode: true,
    help,
    maxArgs: argNames.length,
    handler,
    ...extra,
  });
}
