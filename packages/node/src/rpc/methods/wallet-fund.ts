/**
 * `fundrawtransaction` (Core 0.14 `rpcwallet.cpp` + `CWallet::FundTransaction`, Elements: existing
 * fee outputs are dropped and the wallet's CreateTransaction adds the fee output). ADR 0030.
 */
import { JsonObject, OutPoint, TransactionBuilder, amountJson, scriptForDestination, toHex } from '@ocean-ts/core';
import { hexKey } from '../../wallet/ledger/hex-key.js';
import type { SendRecipient } from '../../wallet/send/send-types.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_TYPE_ERROR, RPC_WALLET_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { amountFromValue } from './rawtransactions-create.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { decodeTx } from './rawtransactions.js';
import { rpcTypeCheck, rpcTypeCheckObj } from './rpc-type-check.js';
import { findValue, getArray, getBool, getInt, getObj, getStr, hasKey, isNull, jsonTypeName } from './univalue-params.js';
import { resolveAsset } from './wallet-json.js';
import { sendNodePort, sendRpcError } from './wallet-send-port.js';
import { walletOf } from './wallet-util.js';

const OPTION_TYPES = {
  changePosition: 'number',
  includeWatching: 'bool',
  lockUnspents: 'bool',
  reserveChangeKey: 'bool',
  subtractFeeFromOutputs: 'array',
} as const;
const OPTION_KEYS = new Set([...Object.keys(OPTION_TYPES), 'changeAddress', 'feeRate']);

export function walletFundMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('rawtransactions');
  const prefixes = ctx.params.base58;
  return [
    m(
      'fundrawtransaction',
      ['hexstring', 'options'],
      'fundrawtransaction "hexstring" ( options )\n\nAdd inputs to a transaction until it has enough in value to meet its out value.\n' +
        'This will not modify existing inputs, and will add at most one change output per asset to the outputs.\n' +
        'Existing fee outputs are dropped; the fee output is added by the wallet.',
      async (p) => {
        const w = walletOf(ctx);
        rpcTypeCheck(p, ['string']);
        let changeScript: Uint8Array | ((assetKey: string) => Uint8Array | undefined) | undefined;
        let changePosition = -1;
        let includeWatching = false;
        let lockUnspents = false;
        let reserveChangeKey = true;
        let feeRatePerKb: bigint | undefined;
        let subtract: readonly ReturnType<typeof getArray>[number][] = [];
        if (p.length > 1 && !isNull(p[1])) {
          if (typeof p[1] === 'boolean') includeWatching = p[1];
          else {
            rpcTypeCheck(p, ['string', 'object']);
            const options = getObj(p[1]);
            rpcTypeCheckObj(options, OPTION_TYPES, true);
            for (const [k] of options.entries) if (!OPTION_KEYS.has(k)) throw new RpcError(RPC_TYPE_ERROR, `Unexpected key ${k}`);
            if (hasKey(options, 'changeAddress')) {
              const v = findValue(options, 'changeAddress');
              if (v instanceof JsonObject) {
                // Elements: one change address per asset, `{asset label or hex: address}`.
                changeScript = changeScriptsByAsset(ctx, v.entries.map(([k, a]) => [k, getStr(a)] as const));
              } else if (typeof v === 'string') {
                const addr = tryDecodeAddress(v, prefixes);
                if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'changeAddress must be a valid bitcoin address');
                changeScript = scriptForDestination({ type: addr.type, hash: addr.hash });
              } else if (!isNull(v)) throw new RpcError(RPC_TYPE_ERROR, `Expected type string for changeAddress, got ${jsonTypeName(v)}`);
            }
            if (hasKey(options, 'changePosition')) changePosition = getInt(findValue(options, 'changePosition'));
            if (hasKey(options, 'includeWatching')) includeWatching = getBool(findValue(options, 'includeWatching'));
            if (hasKey(options, 'lockUnspents')) lockUnspents = getBool(findValue(options, 'lockUnspents'));
            if (hasKey(options, 'reserveChangeKey')) reserveChangeKey = getBool(findValue(options, 'reserveChangeKey'));
            if (hasKey(options, 'feeRate')) feeRatePerKb = amountFromValue(findValue(options, 'feeRate'));
            if (hasKey(options, 'subtractFeeFromOutputs')) subtract = getArray(findValue(options, 'subtractFeeFromOutputs'));
          }
        }

        // Elements: the wallet pays the fee itself, so existing fee outputs go.
        const orig = decodeTx(p[0]);
        const base = TransactionBuilder.from(orig);
        for (let i = base.outputs.length - 1; i >= 0; i--) if (base.outputs[i]!.isFee) base.removeOutput(i);
        const tx = base.build();
        if (tx.outputs.length === 0) throw new RpcError(RPC_INVALID_PARAMETER, 'TX must have at least one output');
        if (changePosition !== -1 && (changePosition < 0 || changePosition > tx.outputs.length)) {
          throw new RpcError(RPC_INVALID_PARAMETER, 'changePosition out of bounds');
        }
        const subtractSet = new Set<number>();
        for (const v of subtract) {
          const pos = getInt(v);
          if (subtractSet.has(pos)) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid parameter, duplicated position: ${pos}`);
          if (pos < 0) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid parameter, negative position: ${pos}`);
          if (pos >= tx.outputs.length) throw new RpcError(RPC_INVALID_PARAMETER, `Invalid parameter, position too large: ${pos}`);
          subtractSet.add(pos);
        }

        const recipients: SendRecipient[] = [];
        for (const [i, o] of tx.outputs.entries()) {
          if (!o.value.isExplicit || !o.asset.isExplicit) throw new RpcError(RPC_WALLET_ERROR, 'Pre-funded amounts must be non-blinded');
          recipients.push({
            scriptPubKey: o.scriptPubKey,
            amount: o.value.amount,
            asset: o.asset.id,
            blindingPubkey: o.nonce.isNull ? undefined : o.nonce.data,
            subtractFeeFromAmount: subtractSet.has(i),
          });
        }
        const selected = tx.inputs.map((i) => new OutPoint(i.prevout.txid, i.prevout.index));
        let created;
        try {
          created = await w.sender.create(
            {
              recipients,
              changePosition,
              sign: false,
              blind: false,
              coinControl: {
                selected,
                allowOtherInputs: true,
                allowWatchOnly: includeWatching,
                ...(feeRatePerKb !== undefined ? { feeRatePerKb } : {}),
                ...(changeScript !== undefined ? { changeScript } : {}),
              },
            },
            sendNodePort(ctx),
          );
        } catch (e) {
          throw sendRpcError(e);
        }
        // The original inputs stay as they are (scripts, order); the wallet's new inputs follow.
        const out = TransactionBuilder.from(tx);
        out.outputs = [...created.tx.outputs];
        out.outWitness = [...created.tx.outWitness];
        const isPreset = new Set(selected.map((o) => `${hexKey(o.txid)}:${o.index}`));
        created.tx.inputs.forEach((input, i) => {
          if (isPreset.has(`${hexKey(input.prevout.txid)}:${input.prevout.index}`)) return;
          out.addInput(input, created.tx.inWitness[i]);
          if (lockUnspents) w.ledger.lockCoin(input.prevout.txid, input.prevout.index);
        });
        if (reserveChangeKey) await created.keepKeys();
        else created.releaseKeys();
        return new JsonObject()
          .push('hex', toHex(out.build().toBytes()))
          .push('fee', amountJson(created.fee))
          .push('changepos', created.changePosition);
      },
      { minArgs: 1 },
    ),
  ];
}

/** A change address per asset (`{asset label or hex: address}`), for callers that fund multi-asset transactions. */
export function changeScriptsByAsset(ctx: NodeRpcContext, entries: Iterable<readonly [string, string]>): (assetKey: string) => Uint8Array | undefined {
  const map = new Map<string, Uint8Array>();
  for (const [assetText, address] of entries) {
    const asset = resolveAsset(ctx, assetText);
    const addr = tryDecodeAddress(address, ctx.params.base58);
    if (asset === undefined || !addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'changeAddress must be a valid bitcoin address');
    map.set(hexKey(asset), scriptForDestination({ type: addr.type, hash: addr.hash }));
  }
  return (k) => map.get(k);
}
