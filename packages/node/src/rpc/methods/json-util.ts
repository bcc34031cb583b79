import { JsonObject, amountJson, scriptToAsm, toDisplayHex, toHex, txToJson, type Block, type TxJsonOptions } from '@ocean-ts/core';
import type { BlockIndexEntry } from '../../chain/block-index-entry.js';
import type { NodeRpcContext } from './context.js';
import type { Transaction } from '@ocean-ts/core';
import { decorateGuardnodeOutputs } from '../../policy/request-json.js';

const ZERO_HASH_HEX = '0'.repeat(64);

export function txJsonOptions(ctx: NodeRpcContext): TxJsonOptions {
  const labels = ctx.params.assetLabels;
  return { base58: ctx.params.base58, assetLabel: (asset) => labels.labelFor(asset) };
}

/** Confirmations of a block: depth in the active chain, -1 when not on it. */
export function confirmationsOf(ctx: NodeRpcContext, entry: BlockIndexEntry): number {
  return ctx.chain.isInActiveChain(entry) ? ctx.chain.height - entry.height + 1 : -1;
}

function chainworkHex(entry: BlockIndexEntry): string {
  return BigInt(entry.chainWork).toString(16).padStart(64, '0');
}

/** Appends the header fields shared by getblock and getblockheader (Ocean's key order). */
function pushHeaderFields(ctx: NodeRpcContext, entry: BlockIndexEntry, o: JsonObject, block?: Block, txs?: (o: JsonObject) => void): void {
  const h = entry.header;
  o.push('hash', entry.hashHex);
  o.push('confirmations', confirmationsOf(ctx, entry));
  if (block) {
    o.push('strippedsize', block.strippedSize);
    o.push('size', block.size);
    o.push('weight', block.weight);
  }
  o.push('height', entry.height);
  o.push('version', h.version);
  o.push('versionHex', (h.version >>> 0).toString(16).padStart(8, '0'));
  o.push('merkleroot', toDisplayHex(h.merkleRoot));
  if (txs) txs(o);
  o.push('time', h.time);
  o.push('mediantime', entry.medianTimePast);
  o.push('nonce', 1);
  o.push('bits', scriptToAsm(h.challenge));
  o.push('difficulty', 1);
  o.push('chainwork', chainworkHex(entry));
  o.push('contracthash', toDisplayHex(h.hashContract));
  o.push('attestationhash', toDisplayHex(h.hashAttestation));
  o.push('mappinghash', toDisplayHex(h.hashMapping));
  const prev = toDisplayHex(h.prevBlockHash);
  if (entry.height > 0 && prev !== ZERO_HASH_HEX) o.push('previousblockhash', prev);
  if (ctx.chain.isInActiveChain(entry)) {
    const next = ctx.chain.getBlockHash(entry.height + 1);
    if (next) o.push('nextblockhash', toDisplayHex(next));
  }
}

export function blockHeaderToJson(ctx: NodeRpcContext, entry: BlockIndexEntry): JsonObject {
  const o = new JsonObject();
  pushHeaderFields(ctx, entry, o);
  return o;
}

export function blockToJson(ctx: NodeRpcContext, entry: BlockIndexEntry, block: Block, txDetails: boolean): JsonObject {
  const o = new JsonObject();
  const opts = txJsonOptions(ctx);
  pushHeaderFields(ctx, entry, o, block, (obj) => {
    obj.push(
      'tx',
      block.transactions.map((tx) => {
        if (!txDetails) return tx.txidHex;
        const t = txToJson(tx, opts);
        const withHex = new JsonObject([['hex', toHex(tx.toBytes())]]);
        for (const [k, v] of t.entries) withHex.push(k, v);
        return withHex;
      }),
    );
  });
  return o;
}

/**
 * Ocean's `request` / `bid` objects on the outputs of a confirmed transaction's JSON (verbose
 * `getrawtransaction`, REST `tx`; policy §9.6), computed with the height of its block. The original
 * adds them only when the block is known: `decoderawtransaction` and mempool transactions get none.
 */
export function decorateRequestOutputs(ctx: NodeRpcContext, txJson: JsonObject, tx: Transaction, blockHash: Uint8Array | undefined): void {
  const entry = blockHash ? ctx.chain.getEntry(blockHash) : undefined;
  if (entry === undefined) return;
  decorateGuardnodeOutputs(txJson, tx, { permissionAsset: ctx.params.policyAsset('permission'), blockHeight: entry.height, tipHeight: ctx.chain.height });
}

export { amountJson };
