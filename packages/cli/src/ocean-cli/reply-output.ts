import { JsonNumber, JsonObject, writeJson, type JsonValue } from '@ocean-ts/core';
import { CliError } from './cli-error.js';

/** The text bitcoin-cli prints for a reply and its exit code (`CommandLineRPC`). */
export interface ReplyOutput {
  /** Printed followed by a newline — on stdout when `code` is 0, else on stderr; nothing when empty. */
  readonly text: string;
  readonly code: number;
  /** The error code when the reply carries an error (-28 = warm-up, retried with `-rpcwait`). */
  readonly errorCode?: number;
}

/**
 * A reply as bitcoin-cli 0.14 shows it: a string result raw, null as nothing, any other result as
 * UniValue `write(2)`; an error as `error code: <code>\nerror message:\n<message>` with exit code
 * `abs(code)`. The error's `code` must be a 32-bit integer (UniValue `get_int`).
 */
export function formatReply(reply: JsonObject): ReplyOutput {
  const error = reply.get('error') ?? null;
  if (error === null) {
    const result = reply.get('result') ?? null;
    if (result === null) return { text: '', code: 0 };
    if (typeof result === 'string') return { text: result, code: 0 };
    return { text: writeJson(result, 2), code: 0 };
  }
  const code = getInt(error instanceof JsonObject ? error.get('code') : undefined);
  const message = error instanceof JsonObject ? error.get('message') : undefined;
  let text = `error code: ${code}\n`;
  if (typeof message === 'string') text += `error message:\n${message}`;
  return { text, code: Math.abs(code), errorCode: code };
}

/** UniValue `get_int()`. */
function getInt(v: JsonValue | undefined): number {
  if (!(v instanceof JsonNumber)) throw new CliError('JSON value is not an integer as expected');
  if (!/^-?\d+$/.test(v.raw) || Number(v.raw) > 2147483647 || Number(v.raw) < -2147483648) {
    throw new CliError('JSON integer out of range');
  }
  return Number(v.raw);
}
