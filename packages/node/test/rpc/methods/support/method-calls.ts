/** Helpers for tests that call RPC method handlers in process (no server). */
import assert from 'node:assert/strict';
import { Transaction, TransactionBuilder, TxIn, parseJson, type JsonValue } from '@ocean-ts/core';
import { RpcError } from '../../../../src/rpc/server/rpc-error.js';
import type { RpcCallContext, RpcMethod } from '../../../../src/rpc/server/rpc-method.js';

/** Positional parameters from plain values, through JSON (numbers stay exact `JsonNumber`s). */
export const args = (...values: unknown[]): JsonValue[] => parseJson(JSON.stringify(values)) as JsonValue[];

/** `fn` throws an RpcError with exactly this code and message. */
export function expectRpcError(fn: () => unknown, code: number, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof RpcError, String(e));
    assert.equal(`${e.code} ${e.message}`, `${code} ${message}`);
    return true;
  });
}

/** The code and message of the RpcError `fn` throws (any other error is rethrown; no error fails). */
export function rpcErrorOf(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof RpcError) return { code: e.code, message: e.message };
    throw e;
  }
  assert.fail('no error');
}

/** `tx` as it was before signing: scriptSigs and input witnesses removed (issuances and peg-in flags kept). */
export function unsignedTx(tx: Transaction): Transaction {
  const b = TransactionBuilder.from(tx);
  b.inputs = tx.inputs.map((i) => new TxIn(i.prevout, new Uint8Array(0), i.sequence, i.issuance, i.isPegin));
  b.inWitness = [];
  return b.build();
}

/** The call context of an in-process call (no user, no peer, never aborted). */
export function callContext(method: string): RpcCallContext {
  return { method, authUser: '', uri: '/', peer: '', signal: new AbortController().signal };
}

/** Calls the registered method `name`'s handler. */
export async function callMethod(methods: ReadonlyMap<string, RpcMethod>, name: string, params: JsonValue[] = []): Promise<JsonValue> {
  const m = methods.get(name);
  assert.ok(m, name);
  return m.handler(params, callContext(name));
}

/** The code and message of the RpcError the call rejects with (any other error is rethrown; success fails). */
export async function callMethodError(methods: ReadonlyMap<string, RpcMethod>, name: string, params: JsonValue[] = []): Promise<{ code: number; message: string }> {
  try {
    await callMethod(methods, name, params);
  } catch (e) {
    if (e instanceof RpcError) return { code: e.code, message: e.message };
    throw e;
  }
  assert.fail(`${name} did not fail`);
}
