/** Raw-transaction RPCs (Core 0.14 `rpc/rawtransaction.cpp`, Elements/Ocean output). */
import { JsonNumber, JsonObject, OutPoint, Transaction, bytesEqual, decodeScriptJson, fromHex, isHex, toHex, txToJson, type JsonValue } from '@ocean-ts/core';
import { formatReject } from '../../mempool/mempool-reject.js';
import { worthOffloading } from '../../mempool/mempool.js';
import {
  RPC_DESERIALIZATION_ERROR,
  RPC_INVALID_ADDRESS_OR_KEY,
  RPC_TRANSACTION_ALREADY_IN_CHAIN,
  RPC_TRANSACTION_ERROR,
  RPC_TRANSACTION_REJECTED,
  RPC_TYPE_ERROR,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { decorateRequestOutputs, txJsonOptions } from './json-util.js';
import { parseHashV, parseHexV } from './parse-params.js';
import { rpcTypeCheck } from './rpc-type-check.js';
import { getBool, getInt, getStr } from './univalue-params.js';

const TX_DECODE_FAILED = 'TX decode failed';

/**
 * `DecodeHexTx(tx, v.get_str())`: -22 `TX decode failed` for bad hex or bytes. The callers
 * `RPCTypeCheck` the parameter as a string first (-3); a non-string reaching here is -1.
 */
export function decodeTx(v: JsonValue | undefined): Transaction {
  const text = getStr(v);
  if (text.length === 0 || !isHex(text)) throw new RpcError(RPC_DESERIALIZATION_ERROR, TX_DECODE_FAILED);
  try {
    return Transaction.decode(fromHex(text));
  } catch {
    throw new RpcError(RPC_DESERIALIZATION_ERROR, TX_DECODE_FAILED);
  }
}

/** Does the UTXO set hold any unspent output of `tx` (Core 0.14 `AccessCoins(hash)`)? */
function haveChainOutputs(ctx: NodeRpcContext, tx: Transaction): boolean {
  for (let i = 0; i < tx.outputs.length; i++) if (ctx.chain.getCoin(new OutPoint(tx.txid, i))) return true;
  return false;
}

export function rawTransactionMethods(ctx: NodeRpcContext): RpcMethod[] {
  const factory = methodFactory('rawtransactions');
  const m = (name: string, argNames: string[], help: string, handler: RpcMethod['handler'], minArgs = 1): RpcMethod =>
    factory(name, argNames, help, handler, { minArgs });
  return [
    m('getrawtransaction', ['txid', 'verbose'], 'getrawtransaction "txid" ( verbose )\n\nReturn the raw transaction data (hex, or an object when verbose).', (p) => {
      const txid = parseHashV(p[0], 'parameter 1');
      // A number (non-zero = verbose, read with get_int) or a boolean; anything else, null included, is -3.
      let verbose = false;
      if (p.length > 1) {
        const v = p[1];
        if (v instanceof JsonNumber) verbose = getInt(v) !== 0;
        else if (typeof v === 'boolean') verbose = v;
        else throw new RpcError(RPC_TYPE_ERROR, 'Invalid type provided. Verbose parameter must be a boolean.');
      }
      let tx: Transaction | undefined;
      let blockHash: Uint8Array | undefined;
      const entry = ctx.mempool.get(txidDisplay(txid));
      if (entry) tx = entry.tx;
      else {
        const found = ctx.chain.getTransaction(txid);
        if (found) {
          tx = found.tx;
          blockHash = found.blockHash;
        } else if (ctx.txIndex) {
          // The chain state's txindex starts after genesis; Ocean serves genesis transactions too.
          const genesis = ctx.params.genesisBlock;
          const gtx = genesis.transactions.find((t) => bytesEqual(t.txid, txid));
          if (gtx) {
            tx = gtx;
            blockHash = genesis.hash;
          }
        }
      }
      if (!tx) {
        throw new RpcError(
          RPC_INVALID_ADDRESS_OR_KEY,
          ctx.txIndex
            ? 'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.'
            : 'No such mempool transaction. Use -txindex to enable blockchain transaction queries. Use gettransaction for wallet transactions.',
        );
      }
      const hex = toHex(tx.toBytes());
      if (!verbose) return hex;
      const o = new JsonObject([['hex', hex]]);
      for (const [k, val] of txToJson(tx, txJsonOptions(ctx)).entries) o.push(k, val);
      decorateRequestOutputs(ctx, o, tx, blockHash);
      if (blockHash) {
        const be = ctx.chain.getEntry(blockHash);
        o.push('blockhash', be ? be.hashHex : '');
        if (be && ctx.chain.isInActiveChain(be)) {
          o.push('confirmations', ctx.chain.height - be.height + 1);
          o.push('time', be.header.time);
          o.push('blocktime', be.header.time);
        } else o.push('confirmations', 0);
      }
      return o;
    }),
    m('decoderawtransaction', ['hexstring'], 'decoderawtransaction "hexstring"\n\nReturn a JSON object representing the serialized, hex-encoded transaction.', (p) => {
      rpcTypeCheck(p, ['string']);
      return txToJson(decodeTx(p[0]), txJsonOptions(ctx));
    }),
    m('decodescript', ['hexstring'], 'decodescript "hexstring"\n\nDecode a hex-encoded script.', (p) => {
      rpcTypeCheck(p, ['string']);
      // an empty script is valid
      const script = getStr(p[0]) === '' ? new Uint8Array(0) : parseHexV(p[0], 'argument');
      return decodeScriptJson(script, txJsonOptions(ctx));
    }),
    m('sendrawtransaction', ['hexstring', 'allowhighfees', 'allowblindfails'], 'sendrawtransaction "hexstring" ( allowhighfees allowblindfails )\n\nSubmits raw transaction (serialized, hex-encoded) to local node and network.', async (p) => {
      rpcTypeCheck(p, ['string', 'bool', 'bool']);
      const tx = decodeTx(p[0]);
      const allowHighFees = p.length > 1 && getBool(p[1]);
      const allowBlindFails = p.length > 2 && getBool(p[2]);
      if (!allowBlindFails) {
        // Elements: an explicit value next to a blinding pubkey means blinding was forgotten.
        const i = tx.outputs.findIndex((o) => !o.nonce.isNull && o.value.isExplicit);
        if (i >= 0) throw new RpcError(RPC_TRANSACTION_ERROR, `Output ${i} is unblinded, but has blinding pubkey attached, please use [raw]blindrawtransaction`);
      }
      const txid = tx.txidHex;
      return ctx.acceptToMempool(async (pool) => {
        const inPool = pool.has(txid);
        const inChain = haveChainOutputs(ctx, tx);
        if (!inPool && !inChain) {
          const { result } = worthOffloading(tx) ? await pool.submitAsync(tx, { allowHighFees }) : pool.submit(tx, { allowHighFees });
          if (result.status === 'missing-inputs') throw new RpcError(RPC_TRANSACTION_ERROR, 'Missing inputs');
          if (result.status === 'rejected') throw new RpcError(RPC_TRANSACTION_REJECTED, formatReject(result.reject));
        } else if (inChain) {
          throw new RpcError(RPC_TRANSACTION_ALREADY_IN_CHAIN, 'transaction already in block chain');
        }
        return txid;
      });
    }),
    m('testmempoolaccept', ['hexstring', 'allowhighfees'], 'testmempoolaccept "hexstring" ( allowhighfees )\n\nReturns whether the raw transaction would be accepted by the mempool.', async (p) => {
      rpcTypeCheck(p, ['string', 'bool']);
      const tx = decodeTx(p[0]);
      const allowHighFees = p.length > 1 && getBool(p[1]);
      const r = await ctx.acceptToMempool((pool) => pool.testAccept(tx, { allowHighFees }));
      const o = new JsonObject().push('txid', r.txid).push('allowed', r.allowed);
      if (r['reject-reason'] !== undefined) o.push('reject-reason', r['reject-reason']);
      return o;
    }),
  ];
}

function txidDisplay(internal: Uint8Array): string {
  return Buffer.from(internal).reverse().toString('hex');
}
