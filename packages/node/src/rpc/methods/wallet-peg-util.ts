/**
 * Helpers shared by the peg RPCs (`wallet-peg-eth.ts`, `wallet-peg-bitcoin.ts`): Core's lenient
 * `ParseHex`, `CPubKey::IsFullyValid`, the claim transaction with a new wallet key, and the
 * sign-with-the-wallet-and-broadcast step of `claimethpegin` / `claimpegin`.
 */
import { OutPoint, Transaction, fromHex, scriptForDestination, toHex, type Amount, type Secp256k1 } from '@ocean-ts/core';
import { formatReject } from '../../mempool/mempool-reject.js';
import { worthOffloading } from '../../mempool/mempool.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { minimumFee } from '../../wallet/send/wallet-fee-settings.js';
import { peginTransaction } from '../../peg/pegin-tx.js';
import { RPC_TRANSACTION_ALREADY_IN_CHAIN, RPC_TRANSACTION_ERROR, RPC_TRANSACTION_REJECTED, RpcError } from '../server/rpc-error.js';
import type { NodeRpcContext } from './context.js';
import { signRawTransaction } from './rawtransactions-sign.js';
import { walletCall } from './wallet-util.js';

/**
 * Core's `ParseHex`: pairs of hex digits, whitespace skipped between pairs, stopping at the first
 * character that is not a hex digit (a lone final digit is dropped).
 */
export function coreParseHex(text: string): Uint8Array {
  const out: number[] = [];
  let i = 0;
  const digit = (c: string | undefined): number => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);
  for (;;) {
    while (i < text.length && /[ \t\n\v\f\r]/.test(text[i]!)) i++;
    const hi = digit(text[i++]);
    if (hi < 0) break;
    const lo = digit(text[i++]);
    if (lo < 0) break;
    out.push((hi << 4) | lo);
  }
  return Uint8Array.from(out);
}

/** `CPubKey(bytes).IsFullyValid()`: the length must match the header byte, and the point parse. */
export function isFullyValidPubKey(pubkey: Uint8Array, secp: Secp256k1): boolean {
  const h = pubkey[0];
  const expected = h === 2 || h === 3 ? 33 : h === 4 || h === 6 || h === 7 ? 65 : 0;
  if (expected === 0 || pubkey.length !== expected) return false;
  try {
    return secp.publicKeyVerify(pubkey);
  } catch {
    return false;
  }
}

/**
 * The unsigned claim of `value` of the pegged asset spent from `prevout` with `peginWitness`:
 * `GetKeyFromPool` (-12 when the pool is empty and the wallet locked) with address book entry
 * `("", "receive")`, then the transaction with the wallet's minimum fee.
 */
export async function claimTransaction(ctx: NodeRpcContext, w: NodeWallet, prevout: OutPoint, peginWitness: readonly Uint8Array[], value: Amount): Promise<Transaction> {
  const key = await walletCall(() => w.keys.getNewKey({ name: '', purpose: 'receive' }));
  return peginTransaction({
    prevout,
    peginWitness,
    peggedAsset: ctx.params.peggedAsset,
    value,
    destination: scriptForDestination({ type: 'keyhash', hash: key.keyId }),
    minimumFee: (bytes) => minimumFee(w.fees, bytes),
  }).tx;
}

/** `signrawtransaction` with the wallet's keys (-13 when locked): the signed transaction. */
export function signWithWallet(ctx: NodeRpcContext, tx: Transaction): Transaction {
  const signed = signRawTransaction(ctx, [toHex(tx.toBytes())]);
  return Transaction.decode(fromHex(signed.get('hex') as string));
}

/** `sendrawtransaction`'s submit: the txid, or -26 `<code>: <reason>` / -25 / -27 as there. */
export async function broadcast(ctx: NodeRpcContext, tx: Transaction): Promise<string> {
  const txid = tx.txidHex;
  return ctx.acceptToMempool(async (pool) => {
    const inPool = pool.has(txid);
    const inChain = tx.outputs.some((_, i) => ctx.chain.getCoin(new OutPoint(tx.txid, i)) !== undefined);
    if (!inPool && !inChain) {
      const { result } = worthOffloading(tx) ? await pool.submitAsync(tx, {}) : pool.submit(tx, {});
      if (result.status === 'missing-inputs') throw new RpcError(RPC_TRANSACTION_ERROR, 'Missing inputs');
      if (result.status === 'rejected') throw new RpcError(RPC_TRANSACTION_REJECTED, formatReject(result.reject));
    } else if (inChain) {
      throw new RpcError(RPC_TRANSACTION_ALREADY_IN_CHAIN, 'transaction already in block chain');
    }
    return txid;
  });
}
