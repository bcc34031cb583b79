import type { JsonObject, JsonValue } from '@ocean-ts/core';
import { RPC_INVALID_PARAMETER, RpcError } from './rpc-error.js';

/**
 * Map named parameters to positional ones exactly like Core 0.14's `transformNamedArguments`:
 * walk `argNames` in order; a given name takes the next position, and gaps *between* given names
 * are filled with JSON null, but nothing is appended after the last given name (methods look at the
 * parameter count). A name given twice takes its last value. Any name not in `argNames` →
 * -8 `Unknown named parameter <name>` (Core reports an arbitrary one of several unknown names; we
 * report the first in request order). An explicit `null` value is kept as given.
 */
export function transformNamedArguments(named: JsonObject, argNames: readonly string[]): JsonValue[] {
  const given = new Map<string, JsonValue>();
  for (const [key, value] of named.entries) given.set(key, value);
  const out: JsonValue[] = [];
  let hole = 0;
  for (const name of argNames) {
    if (!given.has(name)) {
      hole++;
      continue;
    }
    for (; hole > 0; hole--) out.push(null);
    out.push(given.get(name) ?? null);
    given.delete(name);
  }
  const unknown = given.keys().next();
  if (unknown.done !== true) throw new RpcError(RPC_INVALID_PARAMETER, `Unknown named parameter ${unknown.value}`);
  return out;
}
