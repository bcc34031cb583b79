/**
 * `signrawtransaction` (Core 0.14 / Elements 0.14 `rpc/rawtransaction.cpp`). Coins come from the
 * UTXO set with the mempool on top (Core's view) and from `prevtxs`; keys from `privkeys`, or else
 * from the wallet (its `SigningProvider`; the wallet must be unlocked, -13).
 *
 * Extension (docs/adr/0015): every `redeemScript` given in `prevtxs` is also added in its P2WSH
 * wrapping, so a P2SH-P2WSH output can be signed from its witness script alone (Core ≥ 0.16); the
 * original needs the prevout listed twice (the `0020…` program and the witness script).
 */
import {
  ConfidentialValue,
  JsonObject,
  MemorySigningProvider,
  OutPoint,
  Reader,
  SIGHASH_ALL,
  SIGHASH_TYPE_NAMES,
  ScriptBuilder,
  Transaction,
  isPayToScriptHash,
  isPayToWitnessScriptHash,
  outpointKey,
  peginSpentOutput,
  peginValue,
  scriptToAsm,
  sha256,
  signTransaction,
  toDisplayHex,
  toHex,
  bytesEqual,
  type JsonValue,
  type SpentOutput,
} from '@ocean-ts/core';
import { RPC_DESERIALIZATION_ERROR, RPC_INVALID_PARAMETER, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { amountFromValue } from './rawtransactions-create.js';
import { parseHashV, parseHexV, parsePrivateKey } from './parse-params.js';
import { rpcTypeCheck, rpcTypeCheckObj } from './rpc-type-check.js';
import { findValue, getInt, getStr, hasKey, isNull } from './univalue-params.js';
import { ensureUnlocked } from './wallet-util.js';

/** All transactions concatenated in the hex (Core merges the signatures of every variant). */
function decodeVariants(bytes: Uint8Array): Transaction[] {
  const r = new Reader(bytes);
  const out: Transaction[] = [];
  while (!r.done) {
    try {
      out.push(Transaction.read(r));
    } catch {
      throw new RpcError(RPC_DESERIALIZATION_ERROR, 'TX decode failed');
    }
  }
  if (out.length === 0) throw new RpcError(RPC_DESERIALIZATION_ERROR, 'Missing transaction');
  return out;
}

const p2wshOf = (script: Uint8Array): Uint8Array => new ScriptBuilder().op(0).push(sha256(script)).build();

/** The output a peg-in input claims, when its peg-in witness has the expected shape. */
function peginOutput(tx: Transaction, index: number): SpentOutput | undefined {
  const stack = tx.inWitness[index]?.peginWitness ?? [];
  if (stack.length !== 5 || peginValue(stack) === undefined || stack[1]!.length !== 32) return undefined;
  const out = peginSpentOutput(stack);
  return { scriptPubKey: out.scriptPubKey, amount: out.value };
}

export function signRawTransaction(ctx: NodeRpcContext, p: readonly JsonValue[]): JsonObject {
  rpcTypeCheck(p, ['string', 'array', 'array', 'string'], true);
  const variants = decodeVariants(parseHexV(p[0], 'argument 1'));
  const tx = variants[0]!;
  const secp = ctx.secp;

  // Core's view: chain coins with the mempool's outputs on top, for the txids the inputs spend.
  const view = ctx.mempool.view();
  const inputTxids = new Set(tx.inputs.map((i) => toHex(i.prevout.txid)));
  const given = new Map<string, SpentOutput>();
  const lookup = (outpoint: OutPoint): SpentOutput | undefined => {
    const g = given.get(outpointKey(outpoint));
    if (g) return g;
    if (!inputTxids.has(toHex(outpoint.txid))) return undefined;
    const coin = view.get(outpoint);
    return coin ? { scriptPubKey: coin.out.scriptPubKey, amount: coin.out.value } : undefined;
  };

  const provider = new MemorySigningProvider(secp);
  const givenKeys = !isNull(p[2]);
  if (givenKeys) {
    for (const k of p[2] as readonly JsonValue[]) {
      const key = parsePrivateKey(getStr(k), ctx.params.base58, secp);
      provider.addKey(key.privateKey, key.compressed);
    }
  } else if (ctx.wallet !== undefined) {
    ensureUnlocked(ctx.wallet);
  }

  if (!isNull(p[1])) {
    for (const entry of p[1] as readonly JsonValue[]) {
      if (!(entry instanceof JsonObject)) throw new RpcError(RPC_DESERIALIZATION_ERROR, 'expected object with {"txid\'","vout","scriptPubKey"}');
      rpcTypeCheckObj(entry, { txid: 'string', vout: 'number', scriptPubKey: 'string' });
      const txid = parseHashV(findValue(entry, 'txid'), 'txid');
      const nOut = getInt(findValue(entry, 'vout'));
      if (nOut < 0) throw new RpcError(RPC_DESERIALIZATION_ERROR, 'vout must be positive');
      const scriptPubKey = parseHexV(findValue(entry, 'scriptPubKey'), 'scriptPubKey');
      const outpoint = new OutPoint(txid, nOut);
      const existing = lookup(outpoint);
      if (existing && !bytesEqual(existing.scriptPubKey, scriptPubKey)) {
        throw new RpcError(
          RPC_DESERIALIZATION_ERROR,
          `Previous output scriptPubKey mismatch:\n${scriptToAsm(existing.scriptPubKey)}\nvs:\n${scriptToAsm(scriptPubKey)}`,
        );
      }
      let amount = ConfidentialValue.fromAmount(0n);
      if (hasKey(entry, 'amount')) amount = ConfidentialValue.fromAmount(amountFromValue(findValue(entry, 'amount')));
      else if (hasKey(entry, 'amountcommitment')) amount = ConfidentialValue.fromBytes(parseHexV(findValue(entry, 'amountcommitment'), 'amountcommitment'));
      given.set(outpointKey(outpoint), { scriptPubKey, amount });

      // With private keys given, P2SH / P2WSH entries must carry the script that is signed for.
      if (givenKeys && (isPayToScriptHash(scriptPubKey) || isPayToWitnessScriptHash(scriptPubKey))) {
        rpcTypeCheckObj(entry, { txid: 'string', vout: 'number', scriptPubKey: 'string', redeemScript: 'string' });
        const redeemScript = parseHexV(findValue(entry, 'redeemScript'), 'redeemScript');
        provider.addScript(redeemScript);
        provider.addScript(p2wshOf(redeemScript));
      }
    }
  }

  let hashType = SIGHASH_ALL;
  if (!isNull(p[3])) {
    const t = SIGHASH_TYPE_NAMES.get(getStr(p[3]));
    if (t === undefined) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid sighash param');
    hashType = t;
  }

  const result = signTransaction({
    variants,
    // Without `privkeys` the wallet's keys and scripts sign (Core: `*pwalletMain` as the key store).
    provider: givenKeys || ctx.wallet === undefined ? provider : ctx.wallet.keys,
    secp,
    hashType,
    spentOutput: (i) => {
      const input = tx.inputs[i]!;
      return input.isPegin ? peginOutput(tx, i) : lookup(input.prevout);
    },
  });

  const o = new JsonObject().push('hex', toHex(result.tx.toBytes())).push('complete', result.complete);
  if (result.errors.length > 0) {
    o.push(
      'errors',
      result.errors.map((e) => {
        const input = result.tx.inputs[e.index]!;
        return new JsonObject()
          .push('txid', toDisplayHex(input.prevout.txid))
          .push('vout', input.prevout.index)
          .push('scriptSig', toHex(input.scriptSig))
          .push('sequence', input.sequence)
          .push('error', e.error);
      }),
    );
  }
  return o;
}

export function rawTransactionSignMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('rawtransactions');
  return [
    m(
      'signrawtransaction',
      ['hexstring', 'prevtxs', 'privkeys', 'sighashtype'],
      'signrawtransaction "hexstring" ( [{"txid":"id","vout":n,"scriptPubKey":"hex","redeemScript":"hex"},...] ["privatekey1",...] sighashtype )\n\n' +
        'Sign inputs for raw transaction (serialized, hex-encoded).\n' +
        'The second optional argument (may be null) is an array of previous transaction outputs that\n' +
        'this transaction depends on but may not yet be in the block chain.\n' +
        'The third optional argument (may be null) is an array of base58-encoded private\n' +
        'keys that, if given, will be the only keys used to sign the transaction.\n\n' +
        'Arguments:\n' +
        '1. "hexstring"     (string, required) The transaction hex string\n' +
        '2. "prevtxs"       (string, optional) An json array of previous dependent transaction outputs\n' +
        '3. "privkeys"      (string, optional) A json array of base58-encoded private keys for signing\n' +
        '4. "sighashtype"   (string, optional, default=ALL) The signature hash type. Must be one of\n' +
        '       "ALL"\n       "NONE"\n       "SINGLE"\n       "ALL|ANYONECANPAY"\n       "NONE|ANYONECANPAY"\n       "SINGLE|ANYONECANPAY"\n\n' +
        'Result:\n{\n  "hex" : "value",           (string) The hex-encoded raw transaction with signature(s)\n' +
        '  "complete" : true|false,   (boolean) If the transaction has a complete set of signatures\n' +
        '  "errors" : [ { "txid", "vout", "scriptSig", "sequence", "error" } ]\n}',
      (p) => signRawTransaction(ctx, p),
      { okSafeMode: false, minArgs: 1 },
    ),
  ];
}
