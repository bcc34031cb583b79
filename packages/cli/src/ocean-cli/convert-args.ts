import { DecodeError, JsonObject, parseJson, type JsonValue } from '@ocean-ts/core';
import { CliError } from './cli-error.js';
import { RpcConvertTable } from './convert-table.js';

const TABLE = new RpcConvertTable();

/**
 * `ParseNonRFCJSONValue`: the text parsed as the single element of a JSON array, so scalars are
 * accepted (`5`, `true`, `"s"`, `null`) as well as objects and arrays; anything else (including
 * an empty string or `1,2`) → `Error parsing JSON:<text>`.
 */
export function parseNonRfcJsonValue(text: string): JsonValue {
  let parsed: JsonValue;
  try {
    parsed = parseJson(`[${text}]`);
  } catch (e) {
    if (e instanceof DecodeError) throw new CliError(`Error parsing JSON:${text}`);
    throw e;
  }
  if (!Array.isArray(parsed) || parsed.length !== 1) throw new CliError(`Error parsing JSON:${text}`);
  return (parsed as readonly JsonValue[])[0]!;
}

/** `RPCConvertValues`: positional parameters; listed positions parsed as JSON, the rest strings. */
export function convertPositional(method: string, args: readonly string[], table = TABLE): JsonValue[] {
  return args.map((arg, i) => (table.convertsIndex(method, i) ? parseNonRfcJsonValue(arg) : arg));
}

/**
 * `RPCConvertNamedValues` (`-named`): every argument is `name=value` (split at the first `=`);
 * listed names parsed as JSON, the rest strings; order and repeated names are kept.
 */
export function convertNamed(method: string, args: readonly string[], table = TABLE): JsonObject {
  const params = new JsonObject();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq < 0) {
      throw new CliError(`No '=' in named argument '${arg}', this needs to be present for every argument (even if it is empty)`);
    }
    const name = arg.slice(0, eq);
    const value = arg.slice(eq + 1);
    params.push(name, table.convertsName(method, name) ? parseNonRfcJsonValue(value) : value);
  }
  return params;
}
