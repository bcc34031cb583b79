/** Block production RPCs: generate, generatetoaddress, getnewblockhex, combineblocksigs, submitblock. */
import { Block, JsonObject, OP, decodeAddress, scriptForAddress, toHex } from '@ocean-ts/core';
import { combineBlockSigs } from '../../mining/block-signing.js';
import { GenerateError, generateBlocks } from '../../mining/generate.js';
import { SubmitBlockError, submitBlockResult, type SubmitOutcome } from '../../mining/submit-result.js';
import {
  RPC_DESERIALIZATION_ERROR,
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_INVALID_PARAMS,
  RPC_TYPE_ERROR,
  RPC_VERIFY_ERROR,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { isNull, paramHexBytes, paramInt, paramString } from './params.js';

const OP_TRUE_SCRIPT = Uint8Array.of(OP.OP_TRUE);

function decodeBlock(v: Parameters<typeof paramHexBytes>[0]): Block {
  const bytes = paramHexBytes(v, 'Block decode failed');
  try {
    return Block.decode(bytes);
  } catch {
    throw new RpcError(RPC_DESERIALIZATION_ERROR, 'Block decode failed');
  }
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
  const m = (name: string, category: string, argNames: string[], help: string, handler: RpcMethod['handler'], minArgs = 0, maxArgs = argNames.length): RpcMethod => ({
    name,
    category,
    argNames,
    okSafeMode: true,
    help,
    minArgs,
    maxArgs,
    handler,
  });
  return [
    // The registered `maxtries` name exists, but only one parameter is accepted (rpc spec §2.4).
    m('generate', 'generating', ['nblocks', 'maxtries'], 'generate nblocks\n\nMine blocks immediately (before the RPC call returns); only on OP_TRUE-challenge chains.', (p) => generate(ctx, paramInt(p[0]), OP_TRUE_SCRIPT), 1, 1),
    m('generatetoaddress', 'generating', ['nblocks', 'address', 'maxtries'], 'generatetoaddress nblocks "address" ( maxtries )\n\nMine blocks immediately to a specified address.', (p) => {
      const n = paramInt(p[0]);
      const text = paramString(p[1]);
      let script: Uint8Array;
      try {
        script = scriptForAddress(decodeAddress(text, ctx.params.base58));
      } catch {
        throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Error: Invalid address');
      }
      if (!isNull(p[2])) paramInt(p[2]);
      return generate(ctx, n, script);
    }, 2),
    m('getnewblockhex', 'mining', ['required_age'], 'getnewblockhex ( required_age )\n\nGets hex serialisation of a proposed, unsigned block.', (p) => {
      const requiredAge = isNull(p[0]) ? 0 : paramInt(p[0]);
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
      const block = decodeBlock(p[0]);
      const sigs = p[1];
      if (!Array.isArray(sigs)) throw new RpcError(RPC_TYPE_ERROR, 'Expected type array, got ' + (sigs === null || sigs === undefined ? 'null' : typeof sigs));
      const fragments = sigs.filter((s): s is string => typeof s === 'string');
      const r = combineBlockSigs(block, fragments, ctx.params.genesisHash, ctx.secp);
      return new JsonObject().push('hex', toHex(r.block.toBytes())).push('complete', r.complete);
    }, 2),
    m('submitblock', 'mining', ['hexdata', 'parameters'], 'submitblock "hexdata" ( "jsonparametersobject" )\n\nAttempts to submit new block to network.', async (p) => {
      const block = decodeBlock(p[0]);
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
  ];
}
