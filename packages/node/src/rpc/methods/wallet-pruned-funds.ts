/**
 * `importprunedfunds` / `removeprunedfunds` (Core 0.14 `rpcdump.cpp`): add a wallet transaction
 * with its block position taken from a `gettxoutproof` proof (no rescan), or drop one
 * (`ZapSelectTx`).
 */
import { DecodeError, MerkleBlock, bytesEqual, type Transaction } from '@ocean-ts/core';
import { RPC_INTERNAL_ERROR, RPC_INVALID_ADDRESS_OR_KEY, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { parseHexV, uint256SBytes } from './parse-params.js';
import { decodeTx } from './rawtransactions.js';
import { getStr } from './univalue-params.js';
import { walletCall, walletOf } from './wallet-util.js';

/** `CDataStream >> CMerkleBlock`: a short or malformed proof is `std::ios_base::failure` (-1 with its text). */
function readProof(bytes: Uint8Array): MerkleBlock {
  try {
    return MerkleBlock.decodePrefix(bytes);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    throw new Error(`${/ReadCompactSize/.test(e.message) ? e.message : 'CDataStream::read(): end of data'}: iostream error`);
  }
}

/** Where the proof puts `tx` in the active chain: -5 errors as 0.14. */
function locateInProof(ctx: NodeRpcContext, tx: Transaction, mb: MerkleBlock): { hash: Uint8Array; height: number; index: number; time: number } {
  const r = mb.tree.extractMatches();
  if (r === undefined || !bytesEqual(r.root, mb.header.merkleRoot)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Something wrong with merkleblock');
  const hash = mb.header.hash;
  const entry = ctx.chain.getEntry(hash);
  if (entry === undefined || !ctx.chain.isInActiveChain(entry)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Block not found in chain');
  const i = r.matches.findIndex((m) => bytesEqual(m, tx.txid));
  if (i < 0) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Transaction given doesn't exist in proof");
  return { hash, height: entry.height, index: r.indexes[i]!, time: entry.header.time };
}

export function walletPrunedFundsMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'importprunedfunds',
      ['rawtransaction', 'txoutproof'],
      'importprunedfunds\n\n' +
        'Imports funds without rescan. Corresponding address or script must previously be included in wallet. Aimed towards pruned wallets. The end-user is responsible to import additional transactions that subsequently spend the imported outputs or rescan after the point in the blockchain the transaction is included.\n\n' +
        'Arguments:\n' +
        '1. "rawtransaction" (string, required) A raw transaction in hex funding an already-existing address in wallet\n' +
        '2. "txoutproof"     (string, required) The hex output from gettxoutproof that contains the transaction\n',
      (p) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          const tx = decodeTx(p[0]);
          const block = locateInProof(ctx, tx, readProof(parseHexV(p[1], 'proof')));
          // `IsMine(wtx)`: some output is the wallet's (spendable or watch-only).
          if (!w.ledger.rules.isMineTx(tx)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'No addresses in wallet correspond to included transaction');
          await w.ledger.addTransaction(tx, { block });
          return null;
        }),
      { minArgs: 2, maxArgs: 2 },
    ),
    m(
      'removeprunedfunds',
      ['txid'],
      'removeprunedfunds "txid"\n\n' +
        'Deletes the specified transaction from the wallet. Meant for use with pruned wallets and as a companion to importprunedfunds. This will effect wallet balances.\n\n' +
        'Arguments:\n' +
        '1. "txid"           (string, required) The hex-encoded id of the transaction you are deleting\n',
      (p) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          // `uint256::SetHex`: no validation, bad text is the zero hash (not in the wallet).
          const txid = uint256SBytes(getStr(p[0]));
          const removed = await w.ledger.zapTransactions([txid]);
          if (removed.length === 0) throw new RpcError(RPC_INTERNAL_ERROR, 'Transaction does not exist in wallet.');
          return null;
        }),
      { minArgs: 1, maxArgs: 1 },
    ),
  ];
}
