/**
 * Wallet key import/export RPCs (Core 0.14 `rpcdump.cpp` and `backupwallet`): dumpprivkey,
 * importprivkey, importaddress, importpubkey, importwallet, dumpwallet, backupwallet. Imports with
 * `rescan` (default true) rescan the active chain from genesis (`importwallet`: from the earliest
 * key time less two hours) so that past payments appear. Each call is written to the audit log (no
 * secrets).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  DecodeError,
  addressForDestination,
  decodeWif,
  fromHex,
  isHex,
  toDisplayHex,
  type JsonValue,
} from '@ocean-ts/core';
import { formatWalletDump, parseWalletDump } from '../../wallet/keys/wallet-dump.js';
import { earliestHeightAtLeast } from '../../wallet/wallet-chain-link.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RPC_INVALID_PARAMETER, RPC_TYPE_ERROR, RPC_WALLET_ERROR, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { getBool, getStr } from './univalue-params.js';
import { audit, ensureUnlocked, walletCall, walletOf } from './wallet-util.js';

/** `CLIENT_BUILD` as the dump headers print it. */
export const WALLET_DUMP_CLIENT_BUILD = 'v2.1.1.1-ocean-ts';

/** The optional `rescan` argument (default true); -4 `Rescan is disabled in pruned mode` when pruning. */
function rescanParam(w: NodeWallet, v: JsonValue | undefined, present: boolean): boolean {
  const rescan = present ? getBool(v) : true;
  if (rescan && w.options.pruned === true) throw new RpcError(RPC_WALLET_ERROR, 'Rescan is disabled in pruned mode');
  return rescan;
}

/** The dump header's node time and best block. */
export function dumpHeader(ctx: NodeRpcContext): { clientBuild: string; now: number; bestHeight: number; bestHash: string; bestTime: number } {
  const tip = ctx.chain.tip;
  return { clientBuild: WALLET_DUMP_CLIENT_BUILD, now: ctx.now(), bestHeight: tip.height, bestHash: toDisplayHex(tip.hash), bestTime: tip.header.time };
}

export function walletImportExportMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  const prefixes = ctx.params.base58;
  return [
    m(
      'dumpprivkey',
      ['address'],
      'dumpprivkey "address"\n\nReveals the private key corresponding to \'address\'.\nThen the importprivkey can be used with this output',
      (p, call) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const text = getStr(p[0]);
        const addr = tryDecodeAddress(text, prefixes);
        if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address');
        if (addr.type !== 'keyhash') throw new RpcError(RPC_TYPE_ERROR, 'Address does not refer to a key');
        const key = w.keys.getKey(addr.hash);
        if (key === undefined) throw new RpcError(RPC_WALLET_ERROR, `Private key for address ${text} is not known`);
        audit(w, call, text);
        return w.keys.dumpPrivKey(addr.hash, prefixes, text);
      },
      { minArgs: 1 },
    ),
    m(
      'importprivkey',
      ['privkey', 'label', 'rescan'],
      'importprivkey "bitcoinprivkey" ( "label" ) ( rescan )\n\nAdds a private key (as returned by dumpprivkey) to your wallet.',
      (p, call) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          ensureUnlocked(w);
          const secret = getStr(p[0]);
          const label = p.length > 1 ? getStr(p[1]) : '';
          const rescan = rescanParam(w, p[2], p.length > 2);
          let key;
          try {
            key = decodeWif(secret, prefixes);
          } catch (e) {
            if (e instanceof DecodeError) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid private key encoding');
            throw e;
          }
          if (!ctx.secp.privateKeyVerify(key.key)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Private key outside allowed range');
          const { keyId, added } = await w.keys.importPrivateKey(key.key, key.compressed, { label, createTime: 1 });
          audit(w, call, addressForDestination({ type: 'keyhash', hash: keyId }, prefixes), label);
          // A key the wallet already had: nothing to rescan (Core returns early).
          if (added && rescan) await w.rescanFrom(0);
          return null;
        }),
      { minArgs: 1 },
    ),
    m(
      'importaddress',
      ['address', 'label', 'rescan', 'p2sh'],
      'importaddress "address" ( "label" rescan p2sh )\n\nAdds a script (in hex) or address that can be watched as if it were in your wallet but cannot be used to spend.',
      (p, call) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          const label = p.length > 1 ? getStr(p[1]) : '';
          const rescan = rescanParam(w, p[2], p.length > 2);
          const p2sh = p.length > 3 ? getBool(p[3]) : false;
          const text = getStr(p[0]);
          const addr = tryDecodeAddress(text, prefixes);
          if (addr) {
            if (p2sh) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Cannot use the p2sh flag with an address - use a script instead');
            await w.keys.importAddress({ type: addr.type, hash: addr.hash }, label);
          } else if (isHex(text)) {
            await w.keys.importScript(fromHex(text), { label, isRedeemScript: p2sh });
          } else {
            throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid Bitcoin address or script');
          }
          audit(w, call, text, label);
          if (rescan) await w.rescanFrom(0);
          return null;
        }),
      { minArgs: 1 },
    ),
    m(
      'importpubkey',
      ['pubkey', 'label', 'rescan'],
      'importpubkey "pubkey" ( "label" rescan )\n\nAdds a public key (in hex) that can be watched as if it were in your wallet but cannot be used to spend.',
      (p, call) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          const label = p.length > 1 ? getStr(p[1]) : '';
          const rescan = rescanParam(w, p[2], p.length > 2);
          const text = getStr(p[0]);
          if (!isHex(text)) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Pubkey must be a hex string');
          const pub = fromHex(text);
          let valid = false;
          try {
            valid = (pub.length === 33 || pub.length === 65) && ctx.secp.publicKeyVerify(pub);
          } catch {
            valid = false;
          }
          if (!valid) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Pubkey is not a valid public key');
          await w.keys.importPubKey(pub, label);
          audit(w, call, text, label);
          if (rescan) await w.rescanFrom(0);
          return null;
        }),
      { minArgs: 1 },
    ),
    m(
      'importwallet',
      ['filename'],
      'importwallet "filename"\n\nImports keys from a wallet dump file (see dumpwallet).',
      (p, call) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          if (w.options.pruned === true) throw new RpcError(RPC_WALLET_ERROR, 'Importing wallets is disabled in pruned mode');
          ensureUnlocked(w);
          const file = getStr(p[0]);
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch {
            throw new RpcError(RPC_INVALID_PARAMETER, 'Cannot open wallet dump file');
          }
          const r = await w.keys.importWalletKeys(parseWalletDump(text, prefixes));
          audit(w, call, file);
          // Rescan from the earliest key time (at most the tip's time) less TIMESTAMP_WINDOW (2 h).
          const tipTime = ctx.chain.tip.header.time;
          const begin = Math.min(r.earliestTime ?? tipTime, tipTime);
          const from = earliestHeightAtLeast(ctx.chain, begin - 7200);
          if (from !== undefined) await w.rescanFrom(from);
          return null;
        }),
      { minArgs: 1, maxArgs: 1 },
    ),
    m(
      'dumpwallet',
      ['filename'],
      'dumpwallet "filename"\n\nDumps all wallet keys in a human-readable format.',
      (p, call) => {
        const w = walletOf(ctx);
        ensureUnlocked(w);
        const file = getStr(p[0]);
        // Keys without a creation time: the time of the block 144 below the tip (Core's fallback
        // when no wallet transaction dates them; transaction dating comes with the wallet ledger).
        const cs = ctx.chain;
        const fallbackEntry = cs.tip.ancestor(Math.max(0, cs.height - 144));
        const fallback = fallbackEntry?.header.time ?? 0;
        const content = formatWalletDump(dumpHeader(ctx), w.keys.extendedMasterKey(), w.keys.dumpKeyEntries(() => fallback), prefixes);
        try {
          writeFileSync(file, content);
        } catch {
          throw new RpcError(RPC_INVALID_PARAMETER, 'Cannot open wallet dump file');
        }
        audit(w, call, file);
        return null;
      },
      { minArgs: 1, maxArgs: 1 },
    ),
    m(
      'backupwallet',
      ['destination'],
      'backupwallet "destination"\n\nSafely copies current wallet file to destination, which can be a directory or a path with filename.',
      async (p, call) => {
        const w = walletOf(ctx);
        const dest = getStr(p[0]);
        try {
          await w.file.backup(dest);
        } catch {
          throw new RpcError(RPC_WALLET_ERROR, 'Error: Wallet backup failed!');
        }
        audit(w, call, dest);
        return null;
      },
      { minArgs: 1, maxArgs: 1 },
    ),
  ];
}
