/**
 * Issuance RPCs of the wallet (Elements 0.14 `rpcwallet.cpp`): issueasset, reissueasset. The
 * transaction is made by the wallet's CreateTransaction with `IssuanceDetails` (ADR 0030).
 */
import { JsonObject, bytesEqual, reissuanceToken, scriptForDestination, toDisplayHex } from '@ocean-ts/core';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { reissuanceTokenTypes } from '../../wallet/send/reissuance-tokens.js';
import type { IssuanceRequest } from '../../wallet/send/send-types.js';
import { RPC_TYPE_ERROR, RPC_WALLET_ERROR, RPC_WALLET_INSUFFICIENT_FUNDS, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { amountFromValue } from './rawtransactions-create.js';
import { getBool, getStr, isNull } from './univalue-params.js';
import { resolveAsset } from './wallet-json.js';
import { sendNodePort, sendRpcError } from './wallet-send-port.js';
import { ensureUnlocked, walletCall, walletOf } from './wallet-util.js';

/** A fresh pool key's P2PKH script (`GetKeyFromPool`, no address book entry) and its blinding key unless `-disablect`. */
async function newDestination(w: NodeWallet): Promise<{ script: Uint8Array; blindingPubkey: Uint8Array | undefined }> {
  const key = await walletCall(() => w.keys.getNewKey());
  const script = scriptForDestination({ type: 'keyhash', hash: key.keyId });
  return { script, blindingPubkey: w.options.disableCt ? undefined : w.blindingPubKey(script) };
}

/** `SendGenerationTransaction`: create and commit; -4 with the creation failure. */
async function sendGeneration(ctx: NodeRpcContext, w: NodeWallet, issuance: IssuanceRequest) {
  try {
    return await w.sender.send({ recipients: [], feeAsset: ctx.params.feeAsset, issuance }, {}, sendNodePort(ctx));
  } catch (e) {
    throw sendRpcError(e);
  }
}

export function walletIssueMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  return [
    m(
      'issueasset',
      ['assetamount', 'tokenamount', 'blind'],
      'issueasset assetamount tokenamount ( blind )\n\nCreate an asset. Must have funds in wallet to do so. Returns asset hex id.',
      async (p) => {
        const w = walletOf(ctx);
        const assetAmount = amountFromValue(p[0]);
        const tokenAmount = amountFromValue(p[1]);
        if (assetAmount === 0n && tokenAmount === 0n) throw new RpcError(RPC_TYPE_ERROR, 'Issuance must have one non-zero component');
        const blind = p.length > 2 && !isNull(p[2]) ? getBool(p[2]) : !w.options.disableCt;
        ensureUnlocked(w);
        const assetDest = await newDestination(w);
        const tokenDest = await newDestination(w);
        const r = await sendGeneration(ctx, w, {
          kind: 'issue',
          assetAmount,
          tokenAmount,
          assetScript: assetDest.script,
          tokenScript: tokenDest.script,
          assetBlindingPubkey: assetDest.blindingPubkey,
          tokenBlindingPubkey: tokenDest.blindingPubkey,
          blind,
        });
        const iss = r.created.issuance!;
        return new JsonObject()
          .push('txid', r.tx.txidHex)
          .push('vin', iss.vin)
          .push('entropy', toDisplayHex(iss.entropy))
          .push('asset', toDisplayHex(iss.asset))
          .push('token', toDisplayHex(iss.token));
      },
      { minArgs: 2, okSafeMode: false },
    ),
    m(
      'reissueasset',
      ['asset', 'assetamount'],
      'reissueasset "asset" assetamount\n\nCreate more of an already issued asset. Must have reissuance token in wallet to do so.',
      async (p) => {
        const w = walletOf(ctx);
        const asset = resolveAsset(ctx, getStr(p[0])) ?? new Uint8Array(32);
        const amount = amountFromValue(p[1]);
        if (amount <= 0n) throw new RpcError(RPC_TYPE_ERROR, 'Reissuance must create a non-zero amount.');
        let found: { token: Uint8Array; entropy: Uint8Array } | undefined;
        for (const t of reissuanceTokenTypes(w.ledger).values()) {
          if (bytesEqual(t.token, asset)) throw new RpcError(RPC_WALLET_ERROR, 'Asset given is a reissuance token type and can not be reissued.');
          if (bytesEqual(t.asset, asset)) found = { token: t.token, entropy: t.entropy };
        }
        if (found === undefined) throw new RpcError(RPC_WALLET_ERROR, 'Asset reissuance token definition could not be found in wallet.');
        ensureUnlocked(w);
        const assetDest = await newDestination(w);
        const tokenDest = await newDestination(w);
        if (w.ledger.getBalance().get(found.token) <= 0n) throw new RpcError(RPC_WALLET_INSUFFICIENT_FUNDS, 'No available reissuance tokens in wallet.');
        const r = await sendGeneration(ctx, w, {
          kind: 'reissue',
          asset,
          token: found.token,
          entropy: found.entropy,
          amount,
          assetScript: assetDest.script,
          tokenScript: tokenDest.script,
          assetBlindingPubkey: assetDest.blindingPubkey,
          tokenBlindingPubkey: tokenDest.blindingPubkey,
          // A token of a blinded issuance is reissued blinded.
          blind: bytesEqual(found.token, reissuanceToken(found.entropy, true)),
        });
        const o = new JsonObject().push('txid', r.tx.txidHex);
        const vin = r.tx.inputs.findIndex((i) => i.hasIssuance);
        if (vin >= 0) o.push('vin', vin);
        return o;
      },
      { minArgs: 2, okSafeMode: false },
    ),
  ];
}
