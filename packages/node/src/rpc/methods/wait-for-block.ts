/**
 * The hidden long polls of Core 0.14 (`waitfornewblock`, `waitforblock`, `waitforblockheight`): they
 * wait on the tip notifications without holding the chain lock and return `{hash, height}` of the
 * latest tip when their condition holds, the timeout (milliseconds, 0 = none) passes, or the RPC
 * server stops.
 */
import { JsonObject } from '@ocean-ts/core';
import type { TipSnapshot } from '../../chain/tip-waiter.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { uint256S } from './parse-params.js';
import { getInt, getStr } from './univalue-params.js';

function tipJson(tip: TipSnapshot): JsonObject {
  return new JsonObject().push('hash', tip.hash).push('height', tip.height);
}

export function waitForBlockMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('hidden');
  return [
    m('waitfornewblock', ['timeout'], 'waitfornewblock (timeout)\n\nWaits for a specific new block and returns useful info about it.\n\nReturns the current block on timeout or exit.\n\nArguments:\n1. timeout (int, optional, default=0) Time in milliseconds to wait for a response. 0 indicates no timeout.\n\nResult:\n{                           (json object)\n  "hash" : {       (string) The blockhash\n  "height" : {     (int) Block height\n}', async (p, call) => {
      const timeoutMs = p.length > 0 ? getInt(p[0]) : 0;
      const start = ctx.tipWaiter.latest;
      const tip = await ctx.tipWaiter.waitFor((t) => t.height !== start.height || t.hash !== start.hash, { timeoutMs, signal: call.signal });
      return tipJson(tip);
    }),
    m('waitforblock', ['blockhash', 'timeout'], 'waitforblock <blockhash> (timeout)\n\nWaits for a specific new block and returns useful info about it.\n\nReturns the current block on timeout or exit.\n\nArguments:\n1. "blockhash" (required, string) Block hash to wait for.\n2. timeout       (int, optional, default=0) Time in milliseconds to wait for a response. 0 indicates no timeout.\n\nResult:\n{                           (json object)\n  "hash" : {       (string) The blockhash\n  "height" : {     (int) Block height\n}', async (p, call) => {
      const hash = uint256S(getStr(p[0]));
      const timeoutMs = p.length > 1 ? getInt(p[1]) : 0;
      const tip = await ctx.tipWaiter.waitFor((t) => t.hash === hash, { timeoutMs, signal: call.signal });
      return tipJson(tip);
    }, { minArgs: 1 }),
    m('waitforblockheight', ['height', 'timeout'], 'waitforblockheight <height> (timeout)\n\nWaits for (at least) block height and returns the height and hash\nof the current tip.\n\nReturns the current block on timeout or exit.\n\nArguments:\n1. height  (required, int) Block height to wait for (int)\n2. timeout (int, optional, default=0) Time in milliseconds to wait for a response. 0 indicates no timeout.\n\nResult:\n{                           (json object)\n  "hash" : {       (string) The blockhash\n  "height" : {     (int) Block height\n}', async (p, call) => {
      const height = getInt(p[0]);
      const timeoutMs = p.length > 1 ? getInt(p[1]) : 0;
      const tip = await ctx.tipWaiter.waitFor((t) => t.height >= height, { timeoutMs, signal: call.signal });
      return tipJson(tip);
    }, { minArgs: 1 }),
  ];
}
