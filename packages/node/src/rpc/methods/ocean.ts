/** Ocean/Elements blockchain RPCs that need no wallet and no peers, plus fee estimation and getinfo. */
import { JsonNumber, JsonObject, OutPoint, amountJson, bytesEqual, checkBlock, scriptPubKeyToJson, toDisplayHex, toHex, type JsonValue } from '@ocean-ts/core';
import { methodFactory } from './method-factory.js';
import { RPC_INVALID_PARAMETER, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { txJsonOptions } from './json-util.js';
import { CLIENT_VERSION, PROTOCOL_VERSION } from '../../version.js';
import { uint256SBytes } from './parse-params.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { getBool, getInt, getStr } from './univalue-params.js';
import { getInfoWalletHead, getInfoWalletTail } from './wallet-info.js';

const DEFAULT_CHECKLEVEL = 3;
const DEFAULT_CHECKBLOCKS = 6;
/** MAX_BLOCK_CONFIRMS of the 0.14 fee estimator. */
const MAX_BLOCK_CONFIRMS = 25;

/** `RPCTypeCheck(params, {VNUM})` (-3 `Expected type number, got <type>`), then `get_int`. */
function blocksParam(p: readonly JsonValue[]): number {
  rpcTypeCheck(p, ['number']);
  return getInt(p[0]);
}

/** Ocean's optional `blockheight` (`get_int`; default: the tip). */
function heightParam(ctx: NodeRpcContext, p: readonly JsonValue[]): number {
  if (p.length === 0) return ctx.chain.height;
  const h = getInt(p[0]);
  if (h < 0 || h > ctx.chain.height) throw new RpcError(RPC_INVALID_PARAMETER, 'Block height out of range');
  return h;
}


/** Version of the transaction that created an unspent output (CCoins::nVersion in 0.14). */
function creatingTxVersion(ctx: NodeRpcContext, txid: Uint8Array, height: number): number {
  const indexed = ctx.chain.getTransaction(txid);
  if (indexed) return indexed.tx.version;
  const bh = ctx.chain.getBlockHash(height);
  const block = bh && ctx.chain.getBlock(bh);
  const tx = block?.transactions.find((t) => bytesEqual(t.txid, txid));
  return tx?.version ?? 1;
}

/** `VerifyDB` levels 0 (block readable) and 1 (CheckBlock) over the last `depth` active blocks. */
export function verifyChain(ctx: NodeRpcContext, checkLevel: number, checkDepth: number): boolean {
  const cs = ctx.chain;
  if (cs.height <= 0) return true;
  let depth = checkDepth <= 0 ? 1_000_000_000 : checkDepth;
  if (depth > cs.height) depth = cs.height;
  const level = Math.max(0, Math.min(4, checkLevel));
  for (let h = cs.height; h > 0 && h > cs.height - depth; h--) {
    const hash = cs.getBlockHash(h);
    if (!hash) return false;
    const block = cs.getBlock(hash);
    if (!block || !bytesEqual(block.hash, hash)) return false;
    if (level >= 1) {
      const r = checkBlock(block, { rules: ctx.params.consensus, secp: ctx.secp, adjustedTime: Number.MAX_SAFE_INTEGER / 2 });
      if (r) return false;
    }
  }
  return true;
}

export function oceanMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('blockchain');
  return [
    m('getsidechaininfo', [], 'getsidechaininfo\n\nReturns an object containing various state info regarding sidechain functionality.', () => {
      const c = ctx.params.consensus;
      const b = ctx.params.base58;
      return new JsonObject()
        .push('fedpegscript', toHex(c.fedpegScript))
        .push('pegged_asset', toDisplayHex(c.peggedAsset))
        .push('min_peg_diff', toDisplayHex(c.parentPowLimit))
        .push('parent_blockhash', toDisplayHex(c.parentGenesisBlockHash))
        .push(
          'addr_prefixes',
          new JsonObject()
            .push('PUBKEY_ADDRESS', b.pubkeyAddress)
            .push('BLINDED_ADDRESS', b.blindedAddress)
            .push('SECRET_KEY', b.secretKey)
            .push('SCRIPT_ADDRESS', b.scriptAddress),
        );
    }),
    m('getcontract', [], 'getcontract\n\nReturns the latest terms and conditions contract.', () => new JsonObject().push('contract', ctx.params.contract.latestText)),
    m('getcontracthash', ['blockheight'], 'getcontracthash ( blockheight )\n\nReturns the hash of the contract in force at the given height (default: the tip).', (p) =>
      toDisplayHex(ctx.params.contractHashAt(heightParam(ctx, p))),
    ),
    m('getmappinghash', ['blockheight'], 'getmappinghash ( blockheight )\n\nReturns the asset mapping hash stored in the header of the block at the given height (default: the tip).', (p) => {
      const h = heightParam(ctx, p);
      const hash = ctx.chain.getBlockHash(h);
      const entry = hash && ctx.chain.getEntry(hash);
      if (!entry) throw new RpcError(RPC_INVALID_PARAMETER, 'Block height out of range');
      return toDisplayHex(entry.header.hashMapping);
    }),
    m('gettxout', ['txid', 'n', 'include_mempool'], 'gettxout "txid" n ( include_mempool )\n\nReturns details about an unspent transaction output.', (p) => {
      const txid = uint256SBytes(getStr(p[0]));
      const n = getInt(p[1]);
      const includeMempool = p.length > 2 ? getBool(p[2]) : true;
      const tip = ctx.chain.tip;
      const o = new JsonObject().push('bestblock', tip.hashHex);
      let out;
      let confirmations: number;
      let version: number;
      let coinbase: boolean;
      const txidHex = toDisplayHex(txid);
      const poolEntry = includeMempool ? ctx.mempool.get(txidHex) : undefined;
      if (poolEntry) {
        const tx = poolEntry.tx;
        if (n < 0 || n >= tx.outputs.length) return null;
        if (ctx.mempool.spenderOf(new OutPoint(txid, n)) !== undefined) return null;
        out = tx.outputs[n]!;
        confirmations = 0;
        version = tx.version;
        coinbase = false;
      } else {
        if (n < 0) return null;
        const op = new OutPoint(txid, n);
        const coin = ctx.chain.getCoin(op);
        if (!coin) return null;
        if (includeMempool && ctx.mempool.spenderOf(op) !== undefined) return null;
        out = coin.out;
        confirmations = tip.height - coin.height + 1;
        version = creatingTxVersion(ctx, txid, coin.height);
        coinbase = coin.isCoinbase;
      }
      o.push('confirmations', confirmations);
      if (out.value.isExplicit) o.push('value', amountJson(out.value.amount));
      else o.push('amountcommitment', out.value.hex);
      if (out.asset.isExplicit) o.push('asset', out.asset.idHex);
      else o.push('assetcommitment', out.asset.hex);
      o.push('scriptPubKey', scriptPubKeyToJson(out.scriptPubKey, txJsonOptions(ctx), true));
      o.push('version', version);
      o.push('coinbase', coinbase);
      return o;
    }, { minArgs: 2 }),
    m('gettxoutsetinfo', [], 'gettxoutsetinfo\n\nReturns statistics about the unspent transaction output set.', () => {
      const { hash, coins: txouts, transactions, bytes } = ctx.chain.utxoSetHash();
      return new JsonObject()
        .push('height', ctx.chain.height)
        .push('bestblock', ctx.chain.tip.hashHex)
        .push('transactions', transactions)
        .push('txouts', txouts)
        .push('bytes_serialized', bytes)
        .push('hash_serialized', toDisplayHex(hash));
    }),
    m('verifychain', ['checklevel', 'nblocks'], 'verifychain ( checklevel nblocks )\n\nVerifies blockchain database.', (p) => {
      const level = p.length > 0 ? getInt(p[0]) : DEFAULT_CHECKLEVEL;
      const depth = p.length > 1 ? getInt(p[1]) : DEFAULT_CHECKBLOCKS;
      return verifyChain(ctx, level, depth);
    }),
  ];
}

export function feeEstimateMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = (name: string, help: string, handler: RpcMethod['handler']): RpcMethod => ({
    name,
    category: 'util',
    argNames: ['nblocks'],
    okSafeMode: true,
    help,
    minArgs: 1,
    maxArgs: 1,
    handler,
  });
  return [
    // A node that has seen no confirmed transactions has no estimates: -1.
    m('estimatefee', 'estimatefee nblocks\n\nEstimates the approximate fee per kilobyte needed for a transaction to begin\nconfirmation within nblocks blocks.', (p) => {
      blocksParam(p);
      return JsonNumber.of(-1);
    }),
    m('estimatesmartfee', 'estimatesmartfee nblocks\n\nEstimates the approximate fee per kilobyte needed for a transaction to begin\nconfirmation within nblocks blocks if possible and return the number of blocks\nfor which the estimate is valid.', (p) => {
      const target = blocksParam(p);
      let blocks = target;
      if (target > 0 && target <= MAX_BLOCK_CONFIRMS) blocks = MAX_BLOCK_CONFIRMS;
      let fee: JsonNumber = JsonNumber.of(-1);
      if (target > 0 && target <= MAX_BLOCK_CONFIRMS) {
        const minPoolFee = ctx.mempool.info().mempoolminfee;
        if (minPoolFee > 0n) fee = amountJson(minPoolFee);
      }
      return new JsonObject().push('feerate', fee).push('blocks', blocks);
    }),
  ];
}

export function controlInfoMethods(ctx: NodeRpcContext): RpcMethod[] {
  return [
    {
      name: 'getinfo',
      category: 'control',
      argNames: ['assetlabel'],
      okSafeMode: true,
      help: 'getinfo ( "assetlabel" )\n\nDEPRECATED. Returns an object containing various state info.',
      maxArgs: 1,
      handler: (p) => {
        const w = ctx.wallet;
        const o = new JsonObject().push('version', CLIENT_VERSION).push('protocolversion', PROTOCOL_VERSION);
        if (w) getInfoWalletHead(w, o, p[0]);
        o.push('blocks', ctx.chain.height).push('timeoffset', ctx.network.timeOffset).push('connections', ctx.network.connectionCount).push('proxy', '').push('difficulty', 1).push('chain', ctx.params.name);
        if (w) getInfoWalletTail(w, o);
        return o.push('relayfee', amountJson(ctx.mempool.options.minRelayTxFee)).push('errors', '');
      },
    },
  ];
}
