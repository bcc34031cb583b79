/**
 * `getblockstats` (Ocean's back-port of Bitcoin Core 0.17) with Ocean's fee model (ADR 0017): a
 * transaction's fee is the fee its explicit fee outputs pay as the mempool counts it; the coins a
 * block spent come from its undo record (no -txindex needed).
 */
import { JsonNumber, JsonObject, MAX_MONEY, WITNESS_SCALE_FACTOR, toDisplayHex, toHex, type JsonValue, type TxOut } from '@ocean-ts/core';
import type { BlockIndexEntry } from '../../chain/block-index-entry.js';
import { mempoolFee } from '../../mempool/fee-policy.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { parseHashV } from './parse-params.js';
import { getArray, getInt, getStr } from './univalue-params.js';

/** `sizeof(COutPoint) + sizeof(uint32_t) + sizeof(bool)`: what an unspent output costs beyond its `CTxOut`. */
const PER_UTXO_OVERHEAD = 41;
const MAX_BLOCK_SERIALIZED_SIZE = 4_000_000;

const ALL_STATS = [
  'avgfee', 'avgfeerate', 'avgtxsize', 'blockhash', 'height', 'ins', 'maxfee', 'maxfeerate', 'maxtxsize', 'medianfee',
  'medianfeerate', 'mediantime', 'mediantxsize', 'minfee', 'minfeerate', 'mintxsize', 'outs', 'subsidy', 'swtotal_size',
  'swtotal_weight', 'swtxs', 'time', 'total_out', 'total_size', 'total_weight', 'totalfee', 'txs', 'utxo_increase', 'utxo_size_inc',
] as const;

/** `CalculateTruncatedMedian`: the middle value, or the truncated mean of the two middle values. */
function truncatedMedian(values: bigint[]): bigint {
  const n = values.length;
  if (n === 0) return 0n;
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return n % 2 === 0 ? (values[n / 2 - 1]! + values[n / 2]!) / 2n : values[Math.floor(n / 2)]!;
}

function selectBlock(ctx: NodeRpcContext, v: JsonValue | undefined): BlockIndexEntry {
  const cs = ctx.chain;
  if (v instanceof JsonNumber) {
    const height = getInt(v);
    if (height < 0) throw new RpcError(RPC_INVALID_PARAMETER, `Target block height ${height} is negative`);
    if (height > cs.height) throw new RpcError(RPC_INVALID_PARAMETER, `Target block height ${height} after current tip ${cs.height}`);
    return cs.getEntry(cs.getBlockHash(height)!)!;
  }
  const entry = cs.getEntry(parseHashV(v, 'parameter 1'));
  if (entry === undefined) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Block not found');
  if (!cs.isInActiveChain(entry)) throw new RpcError(RPC_INVALID_PARAMETER, `Block is not in chain ${ctx.params.name}`);
  return entry;
}

/** Every statistic of the block, in the order of the result object. */
export function blockStats(ctx: NodeRpcContext, entry: BlockIndexEntry): JsonObject {
  const block = ctx.chain.getBlock(entry.hash);
  if (block === undefined) throw new RpcError(RPC_MISC_ERROR, 'Block not found on disk');
  // The outputs the block's inputs spend: coins from the undo record, and outputs of earlier
  // transactions of the same block (the undo record holds only coins that existed before it).
  const spent = new Map<string, TxOut>();
  for (const s of ctx.chain.getBlockUndo(entry.hash)?.spent ?? []) spent.set(`${toHex(s.outpoint.txid)}:${s.outpoint.index}`, s.coin.out);

  let maxfee = 0n;
  let maxfeerate = 0n;
  let minfee = MAX_MONEY;
  let minfeerate = MAX_MONEY;
  let totalOut = 0n;
  let totalfee = 0n;
  let inputs = 0;
  let maxtxsize = 0;
  let mintxsize = MAX_BLOCK_SERIALIZED_SIZE;
  let outputs = 0;
  let swtotalSize = 0;
  let swtotalWeight = 0;
  let swtxs = 0;
  let totalSize = 0;
  let totalWeight = 0;
  let utxoSizeInc = 0;
  const fees: bigint[] = [];
  const feerates: bigint[] = [];
  const sizes: bigint[] = [];

  for (const tx of block.transactions) {
    outputs += tx.outputs.length;
    let txOut = 0n;
    for (const out of tx.outputs) {
      // total_out: explicit values of the non-fee outputs (fee outputs are the fee, not an output)
      if (!out.isFee && out.value.isExplicit) txOut += out.value.amount;
      utxoSizeInc += out.size + PER_UTXO_OVERHEAD;
    }
    tx.outputs.forEach((out, i) => spent.set(`${toHex(tx.txid)}:${i}`, out));
    if (tx.isCoinbase) continue;
    inputs += tx.inputs.length;
    totalOut += txOut;
    const size = tx.size;
    sizes.push(BigInt(size));
    maxtxsize = Math.max(maxtxsize, size);
    mintxsize = Math.min(mintxsize, size);
    totalSize += size;
    const weight = tx.weight;
    totalWeight += weight;
    if (tx.hasWitness) {
      swtxs++;
      swtotalSize += size;
      swtotalWeight += weight;
    }
    for (const input of tx.inputs) {
      const prev = spent.get(`${toHex(input.prevout.txid)}:${input.prevout.index}`);
      if (prev !== undefined && !input.isPegin) utxoSizeInc -= prev.size + PER_UTXO_OVERHEAD;
    }
    const fee = mempoolFee(tx);
    fees.push(fee);
    if (fee > maxfee) maxfee = fee;
    if (fee < minfee) minfee = fee;
    totalfee += fee;
    const feerate = weight > 0 ? (fee * BigInt(WITNESS_SCALE_FACTOR)) / BigInt(weight) : 0n;
    feerates.push(feerate);
    if (feerate > maxfeerate) maxfeerate = feerate;
    if (feerate < minfeerate) minfeerate = feerate;
  }

  const txs = block.transactions.length;
  const o = new JsonObject();
  o.push('avgfee', txs > 1 ? totalfee / BigInt(txs - 1) : 0n);
  o.push('avgfeerate', totalWeight > 0 ? (totalfee * BigInt(WITNESS_SCALE_FACTOR)) / BigInt(totalWeight) : 0n);
  o.push('avgtxsize', txs > 1 ? Math.trunc(totalSize / (txs - 1)) : 0);
  o.push('blockhash', toDisplayHex(entry.hash));
  o.push('height', entry.height);
  o.push('ins', inputs);
  o.push('maxfee', maxfee);
  o.push('maxfeerate', maxfeerate);
  o.push('maxtxsize', maxtxsize);
  o.push('medianfee', truncatedMedian(fees));
  o.push('medianfeerate', truncatedMedian(feerates));
  o.push('mediantime', entry.medianTimePast);
  o.push('mediantxsize', truncatedMedian(sizes));
  o.push('minfee', minfee === MAX_MONEY ? 0n : minfee);
  o.push('minfeerate', minfeerate === MAX_MONEY ? 0n : minfeerate);
  o.push('mintxsize', mintxsize === MAX_BLOCK_SERIALIZED_SIZE ? 0 : mintxsize);
  o.push('outs', outputs);
  o.push('subsidy', 0); // Ocean blocks have no subsidy: the coinbase collects fees only
  o.push('swtotal_size', swtotalSize);
  o.push('swtotal_weight', swtotalWeight);
  o.push('swtxs', swtxs);
  o.push('time', entry.header.time);
  o.push('total_out', totalOut);
  o.push('total_size', totalSize);
  o.push('total_weight', totalWeight);
  o.push('totalfee', totalfee);
  o.push('txs', txs);
  o.push('utxo_increase', outputs - inputs);
  o.push('utxo_size_inc', utxoSizeInc);
  return o;
}

export function blockStatsMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('blockchain');
  return [
    m('getblockstats', ['hash_or_height', 'stats'], `getblockstats hash_or_height ( stats )

Compute per block statistics for a given window. All amounts are in satoshis.
It won't work for some heights with pruning.
Fees are the explicit fee outputs as the mempool counts them (one asset per transaction);
total_out adds the explicit values of the other outputs of every asset.

Arguments:
1. "hash_or_height"     (string or numeric, required) The block hash or height of the target block
2. "stats"              (array,  optional) Values to plot, by default all values (see result below)
    [
      "height",         (string, optional) Selected statistic
      "time",           (string, optional) Selected statistic
      ,...
    ]

Result:
{                           (json object)
  "avgfee": xxxxx,          (numeric) Average fee in the block
  "avgfeerate": xxxxx,      (numeric) Average feerate (in satoshis per virtual byte)
  "avgtxsize": xxxxx,       (numeric) Average transaction size
  "blockhash": xxxxx,       (string) The block hash (to check for potential reorgs)
  "height": xxxxx,          (numeric) The height of the block
  "ins": xxxxx,             (numeric) The number of inputs (excluding coinbase)
  "maxfee": xxxxx,          (numeric) Maximum fee in the block
  "maxfeerate": xxxxx,      (numeric) Maximum feerate (in satoshis per virtual byte)
  "maxtxsize": xxxxx,       (numeric) Maximum transaction size
  "medianfee": xxxxx,       (numeric) Truncated median fee in the block
  "medianfeerate": xxxxx,   (numeric) Truncated median feerate (in satoshis per virtual byte)
  "mediantime": xxxxx,      (numeric) The block median time past
  "mediantxsize": xxxxx,    (numeric) Truncated median transaction size
  "minfee": xxxxx,          (numeric) Minimum fee in the block
  "minfeerate": xxxxx,      (numeric) Minimum feerate (in satoshis per virtual byte)
  "mintxsize": xxxxx,       (numeric) Minimum transaction size
  "outs": xxxxx,            (numeric) The number of outputs
  "subsidy": xxxxx,         (numeric) The block subsidy
  "swtotal_size": xxxxx,    (numeric) Total size of all segwit transactions
  "swtotal_weight": xxxxx,  (numeric) Total weight of all segwit transactions divided by segwit scale factor (4)
  "swtxs": xxxxx,           (numeric) The number of segwit transactions
  "time": xxxxx,            (numeric) The block time
  "total_out": xxxxx,       (numeric) Total amount in all outputs (excluding coinbase and thus reward [ie subsidy + totalfee])
  "total_size": xxxxx,      (numeric) Total size of all non-coinbase transactions
  "total_weight": xxxxx,    (numeric) Total weight of all non-coinbase transactions divided by segwit scale factor (4)
  "totalfee": xxxxx,        (numeric) The fee total
  "txs": xxxxx,             (numeric) The number of transactions (excluding coinbase)
  "utxo_increase": xxxxx,   (numeric) The increase/decrease in the number of unspent outputs
  "utxo_size_inc": xxxxx,   (numeric) The increase/decrease in size for the utxo index (not discounting op_return and similar)
}`, (p) => {
      const entry = selectBlock(ctx, p[0]);
      const selected = new Set<string>();
      if (p.length > 1 && p[1] !== null) for (const v of getArray(p[1])) selected.add(getStr(v));
      const all = blockStats(ctx, entry);
      if (selected.size === 0) return all;
      const o = new JsonObject();
      for (const stat of [...selected].sort()) {
        const value = (ALL_STATS as readonly string[]).includes(stat) ? all.get(stat) : undefined;
        if (value === undefined) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid selected statistic ${stat}`);
        o.push(stat, value);
      }
      return o;
    }, { minArgs: 1, maxArgs: 4 }),
  ];
}
