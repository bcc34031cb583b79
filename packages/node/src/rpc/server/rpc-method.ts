import type { JsonValue } from '@ocean-ts/core';

/** What a handler knows about the call besides its parameters. */
export interface RpcCallContext {
  /** The method name as requested. */
  readonly method: string;
  /** The authenticated RPC user (for the audit log); empty for in-process calls. */
  readonly authUser: string;
  /** The request URI (`/`). */
  readonly uri: string;
  /** The client address, normalised (IPv4-mapped IPv6 shown as IPv4); empty for in-process calls. */
  readonly peer: string;
  /**
   * Aborted when the RPC server shuts down. Long polls (`waitforblock` …) should return then,
   * like Core's loops that test `IsRPCRunning()`.
   */
  readonly signal: AbortSignal;
}

/** Positional parameters after named arguments were mapped. */
export type RpcParams = readonly JsonValue[];

export type RpcHandler = (params: RpcParams, ctx: RpcCallContext) => Promise<JsonValue> | JsonValue;

/** One registered RPC command (Core's `CRPCCommand`). */
export interface RpcMethod {
  readonly name: string;
  /** Registration category; drives the `help` grouping. `hidden` methods are left out of the list. */
  readonly category: string;
  /** Names for named-argument calls, in positional order. Empty → named arguments are refused. */
  readonly argNames: readonly string[];
  /** Allowed while the node is in safe mode. */
  readonly okSafeMode: boolean;
  /** Usage text: the first line is the synopsis shown by `help`; all of it by `help <name>`. */
  readonly help: string;
  /**
   * Optional parameter-count bounds, checked after named-argument mapping. Out of range → the
   * method's usage text as error -1, as a Core handler throws `runtime_error(help)`.
   */
  readonly minArgs?: number;
  readonly maxArgs?: number;
  readonly handler: RpcHandler;
}
