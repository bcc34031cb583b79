/**
 * Ocean's derived-key RPCs (rpc spec §3.4, policy §6.8): getderivedkeys, dumpderivedkeys,
 * validatederivedkeys — the key-pool keys as (tweaked P2PKH address, untweaked pubkey) pairs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { JsonObject, addressForDestination, toHex, type JsonValue } from '@ocean-ts/core';
import { formatDerivedKeysDump, validateDerivedKeysDump } from '../../wallet/keys/derived-keys-dump.js';
import { RPC_INVALID_PARAMETER, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { getStr } from './univalue-params.js';
import { dumpHeader } from './wallet-import-export.js';
import { audit, walletOf } from './wallet-util.js';

export function walletDerivedKeyMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  const prefixes = ctx.params.base58;
  const poolLines = () =>
    walletOf(ctx)
      .keys.poolKeys()
      .map((k) => ({ address: addressForDestination({ type: 'keyhash', hash: k.keyId }, prefixes), derivedPubkey: k.derivedPubkey }));
  return [
    m(
      'getderivedkeys',
      [],
      'getderivedkeys\n\nReturns the addresses and untweaked public keys of the keys in the key pool.\n\nResult:\n{"address": [...], "bpubkey": [...]}',
      () => {
        const lines = poolLines();
        return new JsonObject()
          .push('address', lines.map((l) => l.address) as JsonValue[])
          .push('bpubkey', lines.map((l) => toHex(l.derivedPubkey)) as JsonValue[]);
      },
    ),
    m(
      'dumpderivedkeys',
      ['filename'],
      'dumpderivedkeys "filename"\n\nDumps the key pool\'s addresses and untweaked public keys to a file.',
      (p, call) => {
        const w = walletOf(ctx);
        const file = getStr(p[0]);
        const content = formatDerivedKeysDump(dumpHeader(ctx), poolLines());
        try {
          writeFileSync(file, content);
        } catch {
          throw new RpcError(RPC_INVALID_PARAMETER, 'Cannot open key dump file');
        }
        audit(w, call, file);
        return null;
      },
      { minArgs: 1 },
    ),
    m(
      'validatederivedkeys',
      ['filename'],
      'validatederivedkeys "filename"\n\nChecks that every address of a derived-keys file is its public key tweaked with the contract hash.',
      (p) => {
        walletOf(ctx);
        const file = getStr(p[0]);
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          throw new RpcError(RPC_INVALID_PARAMETER, 'Cannot open key dump file');
        }
        const err = validateDerivedKeysDump(text, prefixes, ctx.params.keyTweakHash, ctx.secp);
        if (err) throw new RpcError(err.code, err.message);
        return null;
      },
      { minArgs: 1 },
    ),
  ];
}
