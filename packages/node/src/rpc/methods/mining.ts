/** Block production RPCs: generate, getnewblockhex, combineblocksigs, submitblock; network hash rate and priority estimates. */
import { Block, JsonObject, MAX_MONEY, OP, Reader, fromHex, isHex, toHex, type JsonValue } from '@ocean-ts/core';
import { combineBlockSigs } from '../../mining/block-signing.js';
import { GenerateError, generateBlocks } from '../../mining/generate.js';
import { SubmitBlockError, submitBlockResult, type SubmitOutcome } from '../../mining/submit-result.js';
import { RPC_DESERIALIZATION_ERROR, RPC_INVALID_PARAMS, RPC_VERIFY_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { doubleJson } from './json-double.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { getArray, getInt, getStr, isNull } from './univalue-params.js';

const OP_TRUE_SCRIPT = Uint8Array.of(OP.OP_TRUE);

/**
 * `DecodeHexBlk(block, v.get_str())`: a string (-1 otherwise), hex, then a block read from the
 * front of the bytes (like a `CDataStream`, bytes after the block are ignored); -22 `Block decode
 * failed` otherwise.
 */
export function decodeHexBlock(v: JsonValue | undefined): Block {
  const text = getStr(v);
  const bytes = text.length > 0 && isHex(text) ? fromHex(text) : undefined;
  if (bytes === undefined) throw new RpcError(RPC_DESERIALIZATION_ERROR, 'Block decode failed');
  try {
    return Block.read(new Reader(bytes));
  } catch {
    throw new RpcError(RPC_DESERIALIZATION_ERROR, 'Block decode failed');
  }
}

/** `INF_PRIORITY`: 1e9 × MAX_MONEY. */
const INF_PRIORITY = 1e9 * Number(MAX_MONEY);

/**
 * `GetNetworkHashPS`: chain work over the time spanned by the last `lookup` blocks ending at
 * `height` (-1 = tip; lookup ≤ 0 = since the last difficulty adjustment). Ocean blocks each add
 * one unit of chain work, so this is blocks per second of block-time span (0 when the span is 0).
 */
export function networkHashPs(ctx: NodeRpcContext, lookupIn: number, height: number): number {
  const cs = ctx.chain;
  let pb = cs.tip;
  if (height >= 0 && height < cs.height) pb = pb.ancestor(height)!;
  if (pb.height === 0) return 0;
  let lookup = lookupIn;
  const consensus = ctx.params.consensus;
  if (lookup <= 0) lookup = (pb.height % Number(consensus.powTargetTimespan / consensus.powTargetSpacing)) + 1;
  if (lookup > pb.height) lookup = pb.height;
  let pb0 = pb;
  let minTime = pb0.header.time;
  let maxTime = minTime;
  for (let i = 0; i < lookup; i++) {
    pb0 = pb0.parent!;
    minTime = Math.min(minTime, pb0.header.time);
    maxTime = Math.max(maxTime, pb0.header.time);
  }
  if (minTime === maxTime) return 0;
  return (pb.chainWork - pb0.chainWork) / (maxTime - minTime);
}

/** `RPCTypeCheck(params, {VNUM})` (-3) then `get_int`. */
function blocksParam(p: readonly JsonValue[]): number {
  rpcTypeCheck(p, ['number']);
  return getInt(p[0]);
}

async function generate(ctx: NodeRpcContext, n: number, script: Uint8Array): Promise<string[]> {
  try {
    return await generateBlocks(n, () => script, ctx.assembler, ctx.generateHost(), ctx.secp, ctx.extraNonce);
  } catch (e) {
    if (e instanceof GenerateError) throw new RpcError(e.code, e.message);
    throw e;
  }
}

export function miningMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = (name: string, category: string, argNames: string[], help: string, handler: RpcMethod['handler'], minArgs = 0, maxArgs = argNames.length): RpcMethod =>
    methodFactory(category)(name, argNames, help, handler, { minArgs, maxArgs });
  return [
    // The registered `maxtries` name exists, but only one parameter is accepted (rpc spec §2.4).
    m('generate', 'generating', ['nblocks', 'maxtries'], 'generate nblocks\n\nMine blocks immediately (before the RPC call returns); only on OP_TRUE-challenge chains.', (p) => generate(ctx, getInt(p[0]), OP_TRUE_SCRIPT), 1, 1),
    // `generatetoaddress` exists in the original's code but is not registered (rpc spec §2.7): -32601.
    m('getnewblockhex', 'mining', ['required_age'], 'getnewblockhex ( required_age )\n\nGets hex serialisation of a proposed, unsigned block.', (p) => {
      const requiredAge = isNull(p[0]) ? 0 : getInt(p[0]);
      if (requiredAge < 0) throw new RpcError(RPC_INVALID_PARAMS, 'required_wait must be non-negative.');
      const tip = ctx.tipInfo();
      const { block } = ctx.assembler.createNewBlock({
        tip,
        ancestors: ctx.ancestors(),
        now: ctx.now(),
        coinbaseScript: ctx.assembler.coinbaseDestination(tip.height + 1, OP_TRUE_SCRIPT),
        extraNonce: ctx.extraNonce.next(tip.hash),
        source: ctx.templateSource(),
        requiredAge,
      });
      return toHex(block.toBytes());
    }),
    m('combineblocksigs', 'mining', ['blockhex', 'signatures'], 'combineblocksigs "blockhex" ["signature",...]\n\nMerges signatures on a block proposal.', (p) => {
      const block = decodeHexBlock(p[0]);
      // The original reads `sigs[i].get_str()` one element at a time and stops once the proof is
      // complete: a non-string fails the call (-1) only if it is reached.
      const sigs = getArray(p[1]);
      const firstBad = sigs.findIndex((s) => typeof s !== 'string');
      const fragments = (firstBad < 0 ? sigs : sigs.slice(0, firstBad)) as readonly string[];
      const r = combineBlockSigs(block, fragments, ctx.params.genesisHash, ctx.secp);
      if (!r.complete && firstBad >= 0) getStr(sigs[firstBad]);
      return new JsonObject().push('hex', toHex(r.block.toBytes())).push('complete', r.complete);
    }, 2),
    m('submitblock', 'mining', ['hexdata', 'parameters'], 'submitblock "hexdata" ( "jsonparametersobject" )\n\nAttempts to submit new block to network.', async (p) => {
      const block = decodeHexBlock(p[0]);
      const coinbase = block.transactions[0];
      if (coinbase === undefined || !coinbase.isCoinbase) throw new RpcError(RPC_DESERIALIZATION_ERROR, 'Block does not start with a coinbase');
      const entry = ctx.chain.getEntry(block.hash);
      let known: SubmitOutcome['known'];
      if (entry) known = entry.isFailed ? 'failed' : entry.wasConnected ? 'valid' : entry.haveData ? undefined : 'header-only';
      if (known === 'valid' || known === 'failed') return submitBlockResult({ known });
      const reject = await ctx.processBlock(block);
      const checked = reject === null ? { valid: true } : { valid: false, rejectReason: reject.reason };
      try {
        return submitBlockResult({ ...(known ? { known } : {}), accepted: reject === null, checked });
      } catch (e) {
        if (e instanceof SubmitBlockError) throw new RpcError(RPC_VERIFY_ERROR, e.message);
        throw e;
      }
    }, 1),
    m('getnetworkhashps', 'mining', ['nblocks', 'height'], 'getnetworkhashps ( nblocks height )\n\nReturns the estimated network hashes per second based on the last n blocks.\nPass in [blocks] to override # of blocks, -1 specifies since last difficulty change.\nPass in [height] to estimate the network speed at the time when a certain block was found.\n\nArguments:\n1. nblocks     (numeric, optional, default=120) The number of blocks, or -1 for blocks since last difficulty change.\n2. height      (numeric, optional, default=-1) To estimate at the time of the given height.\n\nResult:\nx             (numeric) Hashes per second estimated', (p) =>
      ctx.chain.mutex.run(async () => doubleJson(networkHashPs(ctx, p.length > 0 ? getInt(p[0]) : 120, p.length > 1 ? getInt(p[1]) : -1))),
    ),
    m('getmininginfo', 'mining', [], 'getmininginfo\n\nReturns a json object containing mining-related information.\nResult:\n{\n  "blocks": nnn,             (numeric) The current block\n  "currentblocksize": nnn,   (numeric) The last block size\n  "currentblockweight": nnn, (numeric) The last block weight\n  "currentblocktx": nnn,     (numeric) The last block transaction\n  "difficulty": xxx.xxxxx    (numeric) The current difficulty\n  "errors": "..."            (string) Current errors\n  "networkhashps": nnn,      (numeric) The network hashes per second\n  "pooledtx": n              (numeric) The size of the mempool\n  "chain": "xxxx",           (string) current network name as defined in BIP70 (main, test, regtest)\n}', () => {
      const last = ctx.assembler.lastBlock;
      return new JsonObject()
        .push('blocks', ctx.chain.height)
        .push('currentblocksize', last?.size ?? 0)
        .push('currentblockweight', last?.weight ?? 0)
        .push('currentblocktx', last?.tx ?? 0)
        .push('difficulty', 1)
        .push('errors', '')
        .push('networkhashps', doubleJson(networkHashPs(ctx, 120, -1)))
        .push('pooledtx', ctx.mempool.size)
        .push('chain', ctx.params.name);
    }),
    // Core 0.14 keeps no priority estimates: -1, or "infinite" priority while the pool is limiting.
    m('estimatepriority', 'util', ['nblocks'], 'estimatepriority nblocks\n\nDEPRECATED. Estimates the approximate priority a zero-fee transaction needs to begin\nconfirmation within nblocks blocks.\n\nArguments:\n1. nblocks     (numeric, required)\n\nResult:\nn              (numeric) estimated priority\n\nA negative value is returned if not enough transactions and blocks\nhave been observed to make an estimate.', (p) => {
      blocksParam(p);
      return doubleJson(-1);
    }, 1),
    m('estimatesmartpriority', 'util', ['nblocks'], 'estimatesmartpriority nblocks\n\nDEPRECATED. WARNING: This interface is unstable and may disappear or change!\n\nEstimates the approximate priority a zero-fee transaction needs to begin\nconfirmation within nblocks blocks if possible and return the number of blocks\nfor which the estimate is valid.\n\nArguments:\n1. nblocks     (numeric, required)\n\nResult:\n{\n  "priority" : x.x,    (numeric) estimated priority\n  "blocks" : n         (numeric) block number where estimate was found\n}\n\nA negative value is returned if not enough transactions and blocks\nhave been observed to make an estimate for any number of blocks.\nHowever if the mempool reject fee is set it will return 1e9 * MAX_MONEY.', (p) => {
      const blocks = blocksParam(p);
      const priority = ctx.mempool.info().mempoolminfee > 0n ? INF_PRIORITY : -1;
      return new JsonObject().push('priority', doubleJson(priority)).push('blocks', blocks);
    }, 1),
  ];
}
