/**
 * Signed-block proposals (Elements 0.14): `testproposedblock` checks that a proposal extends the tip
 * and passes `TestBlockValidity`; `signblock` does the same and then signs the block hash with the
 * keys the node holds for the challenge (or, as an ocean-ts extension, with `privkeys`: ADR 0016).
 */
import { DecodeError, bytesEqual, decodeWif, toHex, type Block } from '@ocean-ts/core';
import { EphemeralBlockSigningKeys, keysForChallenge, type BlockSigningKeys } from '../../mining/block-signing-keys.js';
import { signBlock } from '../../mining/block-signing.js';
import { standardTxReason } from '../../mempool/standardness.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_METHOD_NOT_FOUND, RPC_VERIFY_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { decodeHexBlock } from './mining.js';
import { getArray, getBool, getStr } from './univalue-params.js';

/**
 * The checks `testproposedblock` and `signblock` share, under the chain lock: an unknown block
 * (-25 `already have block`) on the current tip (-25 `proposal was not based on our best chain`)
 * that `TestBlockValidity` accepts (-25 with the reject reason). Runs `then` under the same lock.
 */
export function checkProposal<T>(ctx: NodeRpcContext, block: Block, then: () => T): Promise<T> {
  const cs = ctx.chain;
  return cs.mutex.run(async () => {
    if (cs.getEntry(block.hash) !== undefined) throw new RpcError(RPC_VERIFY_ERROR, 'already have block');
    if (!bytesEqual(block.header.prevBlockHash, cs.tip.hash)) throw new RpcError(RPC_VERIFY_ERROR, 'proposal was not based on our best chain');
    const r = cs.testBlockValidity(block);
    if (r !== null) throw new RpcError(RPC_VERIFY_ERROR, r.reason === '' ? 'Block proposal was invalid' : r.reason);
    return then();
  });
}

/** `privkeys` of `signblock`: WIF keys as `signrawtransaction` reads them. */
function keysFromWifs(ctx: NodeRpcContext, list: readonly unknown[]): BlockSigningKeys {
  const keys = new EphemeralBlockSigningKeys(ctx.secp);
  for (const v of list) {
    const text = getStr(v as Parameters<typeof getStr>[0]);
    try {
      const { key, compressed } = decodeWif(text, ctx.params.base58);
      keys.add(key, compressed);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, /outside allowed range/.test(e.message) ? 'Private key outside allowed range' : 'Invalid private key');
    }
  }
  return keys;
}

export function blockProposalMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('mining');
  return [
    m('testproposedblock', ['blockhex', 'acceptnonstd'], 'testproposedblock "blockhex" ( acceptnonstd )\n\nChecks a block proposal for validity, and that it extends chaintip\n\nArguments:\n1. "blockhex"    (string, required) The hex-encoded block from getnewblockhex\n2. "acceptnonstd"    (bool, optional) If set false, returns error if block contains non-standard transaction. Default is set via `-acceptnonstdtxn`. If validation fails, returns error.\n\nResult\n\nExamples:\n> ocean-cli testproposedblock <hex>\n', async (p) => {
      const block = decodeHexBlock(p[0]);
      const acceptNonStd = p.length > 1 ? getBool(p[1]) : !ctx.mempool.options.requireStandard;
      await checkProposal(ctx, block, () => undefined);
      if (!acceptNonStd) {
        for (const tx of block.transactions) {
          if (tx.isCoinbase) continue;
          const reason = standardTxReason(tx, ctx.mempool.options);
          if (reason !== null) throw new RpcError(RPC_VERIFY_ERROR, `Block proposal included a non-standard transaction: ${reason}`);
        }
      }
      return null;
    }, { minArgs: 1 }),
    m('signblock', ['blockhex', 'privkeys'], 'signblock "blockhex" ( ["privatekey",...] )\n\nSigns a block proposal, checking that it would be accepted first\n\nArguments:\n1. "blockhex"    (string, required) The hex-encoded block from getnewblockhex\n2. "privkeys"    (array, optional, ocean-ts extension) Base58-encoded private keys to sign with instead of the wallet\'s keys\n\nResult\n sig      (hex) The signature\n\nExamples:\n> ocean-cli signblock <hex>\n', async (p) => {
      const withKeys = p.length > 1 && p[1] !== null;
      // EnsureWalletIsAvailable: without a wallet only the privkeys form is usable.
      if (ctx.blockSigningKeys === undefined && ctx.wallet === undefined && !withKeys) throw new RpcError(RPC_METHOD_NOT_FOUND, 'Method not found (disabled)');
      const block = decodeHexBlock(p[0]);
      const keys = withKeys ? keysFromWifs(ctx, getArray(p[1])) : (ctx.wallet?.keys ?? ctx.blockSigningKeys!);
      return checkProposal(ctx, block, () => {
        // The block hash excludes the solution, so signing ignores any solution the proposal carries.
        const held = keysForChallenge(block.header.challenge, keys);
        return toHex(signBlock(block, held, ctx.secp));
      });
    }, { category: 'wallet', minArgs: 1 }),
  ];
}
