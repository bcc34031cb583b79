/** Blockchain RPCs (Core 0.14 `rpc/blockchain.cpp` with Ocean's header fields). */
import { JsonNumber, JsonObject, toDisplayHex, toHex, type JsonValue } from '@ocean-ts/core';
import { methodFactory } from './method-factory.js';
import type { BlockIndexEntry } from '../../chain/block-index-entry.js';
import { RPC_DATABASE_ERROR, RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_METHOD_NOT_FOUND, RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { amountJson, blockHeaderToJson, blockToJson } from './json-util.js';
import { bip9SoftforksJson } from './bip9-softforks.js';
import { mempoolEntryJson } from './mempool-entry-json.js';
import { uint256SBytes } from './parse-params.js';
import { getBool, getInt, getStr } from './univalue-params.js';

function requireEntry(ctx: NodeRpcContext, hash: Uint8Array): BlockIndexEntry {
  const e = ctx.chain.getEntry(hash);
  if (!e) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Block not found');
  return e;
}

/**
 * getblock's `verbosity` (Core 0.15, as Ocean has it): a number is read with `get_int`, anything
 * else with `get_bool` (true → 1, false → 0); default 1.
 */
function verbosityParam(p: readonly JsonValue[]): number {
  if (p.length < 2) return 1;
  const v = p[1];
  return v instanceof JsonNumber ? getInt(v) : getBool(v) ? 1 : 0;
}

export function blockchainMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('blockchain');
  return [
    m('getblockcount', [], 'getblockcount\n\nReturns the number of blocks in the longest blockchain.', () => JsonNumber.of(ctx.chain.height)),
    m('getbestblockhash', [], 'getbestblockhash\n\nReturns the hash of the best (tip) block in the longest blockchain.', () => ctx.chain.tip.hashHex),
    m('getblockhash', ['height'], 'getblockhash height\n\nReturns hash of block in best-block-chain at height provided.', (p) => {
      const height = getInt(p[0]);
      const hash = height < 0 ? undefined : ctx.chain.getBlockHash(height);
      if (hash === undefined) throw new RpcError(RPC_INVALID_PARAMETER, 'Block height out of range');
      return toDisplayHex(hash);
    }, { minArgs: 1 }),
    m('getblock', ['blockhash', 'verbosity'], 'getblock "blockhash" ( verbosity )\n\nReturns the block: 0 → hex, 1 → object, 2 → object with decoded transactions.', (p) => {
      const hash = uint256SBytes(getStr(p[0]));
      const verbosity = verbosityParam(p);
      const entry = requireEntry(ctx, hash);
      const block = ctx.chain.getBlock(hash);
      if (!block) throw new RpcError(RPC_MISC_ERROR, 'Block not available (pruned data)');
      if (verbosity <= 0) return toHex(block.toBytes());
      return blockToJson(ctx, entry, block, verbosity >= 2);
    }, { minArgs: 1 }),
    m('getblockheader', ['blockhash', 'verbose'], 'getblockheader "hash" ( verbose )\n\nReturns the block header as an object (verbose, default) or hex.', (p) => {
      const hash = uint256SBytes(getStr(p[0]));
      const verbose = p.length > 1 ? getBool(p[1]) : true;
      const entry = requireEntry(ctx, hash);
      if (!verbose) return toHex(entry.header.toBytes());
      return blockHeaderToJson(ctx, entry);
    }, { minArgs: 1 }),
    m('getchaintips', [], 'getchaintips\n\nReturn information about all known tips in the block tree.', () =>
      ctx.chain.getChainTips().map((t) => new JsonObject().push('height', t.height).push('hash', t.hash).push('branchlen', t.branchlen).push('status', t.status)),
    ),
    m('getblockchaininfo', [], 'getblockchaininfo\n\nReturns an object containing various state info regarding blockchain processing.', () => {
      const cs = ctx.chain;
      const tip = cs.tip;
      const o = new JsonObject();
      o.push('chain', ctx.params.name);
      o.push('blocks', cs.height);
      o.push('headers', cs.bestHeader.height);
      o.push('bestblockhash', tip.hashHex);
      o.push('difficulty', 1);
      o.push('mediantime', tip.medianTimePast);
      o.push('verificationprogress', 1);
      o.push('chainwork', BigInt(tip.chainWork).toString(16).padStart(64, '0'));
      o.push('pruned', false);
      o.push('bip9_softforks', bip9SoftforksJson(ctx.params.consensus, cs.height, ctx.ancestors()));
      return o;
    }),
    m('getdifficulty', [], 'getdifficulty\n\nReturns the proof-of-work difficulty (1 on signed-block chains).', () => JsonNumber.of(1)),
    m('invalidateblock', ['blockhash'], 'invalidateblock "blockhash"\n\nPermanently marks a block as invalid, as if it violated a consensus rule.', async (p) => {
      const hash = uint256SBytes(getStr(p[0]));
      requireEntry(ctx, hash);
      await ctx.withMempoolSync(() => ctx.chain.invalidateBlock(hash)).catch(databaseError);
      return null;
    }, { category: 'hidden', minArgs: 1 }),
    m('reconsiderblock', ['blockhash'], 'reconsiderblock "blockhash"\n\nRemoves invalidity status of a block and its descendants, reconsider them for activation.', async (p) => {
      const hash = uint256SBytes(getStr(p[0]));
      requireEntry(ctx, hash);
      await ctx.withMempoolSync(() => ctx.chain.reconsiderBlock(hash)).catch(databaseError);
      return null;
    }, { category: 'hidden', minArgs: 1 }),
    m('preciousblock', ['blockhash'], 'preciousblock "blockhash"\n\nTreats a block as if it were received before others with the same work.', async (p) => {
      const hash = uint256SBytes(getStr(p[0]));
      requireEntry(ctx, hash);
      await ctx.withMempoolSync(() => ctx.chain.preciousBlock(hash)).catch(databaseError);
      return null;
    }, { minArgs: 1 }),
    m('getrawmempool', ['verbose'], 'getrawmempool ( verbose )\n\nReturns all transaction ids in memory pool.', (p) => {
      const verbose = p.length > 0 ? getBool(p[0]) : false;
      const pool = ctx.mempool;
      if (!verbose) return pool.txids();
      const o = new JsonObject();
      for (const id of pool.txids()) {
        const entry = mempoolEntryJson(ctx, id);
        if (entry) o.push(id, entry);
      }
      return o;
    }),
    m('pruneblockchain', ['height'], 'pruneblockchain\n\nArguments:\n1. "height"       (numeric, required) The block height to prune up to. May be set to a discrete height, or a unix timestamp\n                  to prune blocks whose block time is at least 2 hours older than the provided timestamp.\n\nResult:\nn    (numeric) Height of the last block pruned.', () => {
      // This node never prunes (no -prune mode).
      throw new RpcError(RPC_METHOD_NOT_FOUND, 'Cannot prune blocks because node is not in prune mode.');
    }, { minArgs: 1 }),
    m('getmempoolinfo', [], 'getmempoolinfo\n\nReturns details on the active state of the TX memory pool.', () => {
      const i = ctx.mempool.info();
      return new JsonObject()
        .push('size', i.size)
        .push('bytes', i.bytes)
        .push('usage', i.usage)
        .push('maxmempool', i.maxmempool)
        .push('mempoolminfee', amountJson(i.mempoolminfee));
    }),
  ];
}

function databaseError(e: unknown): never {
  if (e instanceof RpcError) throw e;
  throw new RpcError(RPC_DATABASE_ERROR, e instanceof Error ? e.message : String(e));
}
