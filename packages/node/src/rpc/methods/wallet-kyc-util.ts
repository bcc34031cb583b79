/**
 * Shared parts of the wallet's KYC RPCs (rpc spec §3.3, §3.4; ocean-policy §6): the whitelist the
 * node keeps, the whitelist asset, and reading a KYC file with the wallet's keys (ADR 0037).
 */
import { readFileSync } from 'node:fs';
import {
  KycFileError,
  decodeBase64Lenient,
  eciesDecrypt,
  isAllZero,
  parseKycPlaintext,
  readKycEnvelope,
  type KycContent,
  type KycEnvelope,
} from '@ocean-ts/core';
import type { AddressWhitelist } from '../../policy/whitelist.js';
import type { NodeWallet } from '../../wallet/node-wallet.js';
import { RPC_MISC_ERROR, RpcError } from '../server/rpc-error.js';
import type { NodeRpcContext } from './context.js';
import { encodeDumpTime } from '../../wallet/keys/wallet-dump.js';
import { dumpHeader } from './wallet-import-export.js';

/** The node's whitelist (always built by the node, maintained or not). */
export function whitelistOf(ctx: NodeRpcContext): AddressWhitelist {
  const wl = ctx.whitelist;
  if (wl === undefined) throw new RpcError(RPC_MISC_ERROR, 'pkhwhitelist and pkhwhitelist-scan are nor enabled\n');
  return wl;
}

/** The whitelist policy asset at the tip (genesis asset, or the `-whitelistassetchange` in force). */
export function whitelistAsset(ctx: NodeRpcContext): Uint8Array | undefined {
  const p = ctx.params;
  return p.policyAssetChangeAt('whitelist', ctx.chain.height) ?? p.policyAsset('whitelist');
}

/** The contract hash at the tip, or undefined when there is none. */
export function tipContractHash(ctx: NodeRpcContext): Uint8Array | undefined {
  const h = ctx.params.contractHashAt(ctx.chain.height);
  return isAllZero(h) ? undefined : h;
}

/** `-contractinkycfile` (default on), as the wallet was opened with. */
export function contractInKycFile(w: NodeWallet): boolean {
  return w.options.contractInKycFile ?? true;
}

/** The four header lines of a KYC file (`dumpkycfile` / `createkycfile`). */
export function kycFileHeader(ctx: NodeRpcContext, kind: 'dump' | 'create'): string[] {
  const h = dumpHeader(ctx);
  return [
    kind === 'dump' ? `# Derived key dump created by Bitcoin ${h.clientBuild}` : `# Created KYC file made by Ocean ${h.clientBuild}`,
    `# * Created on ${encodeDumpTime(h.now)}`,
    `# * Best block at time of backup was ${h.bestHeight} (${h.bestHash}),`,
    `#   mined on ${encodeDumpTime(h.bestTime)}`,
  ];
}

/** A KYC file read and decrypted with the wallet's keys (`CKYCFile::read`). */
export interface ReadKycFile {
  readonly envelope: KycEnvelope;
  readonly content: KycContent;
}

function fileError(message: string): RpcError {
  return new RpcError(RPC_MISC_ERROR, message);
}

/**
 * `CKYCFile::read` of a file's text: the envelope, the private key of `onboardPubKey` or of
 * `userPubKey` (the authority holds the first, the user the second), the data stream, decryption
 * with the header's sender key and then with `onboardPubKey` as the peer, and the lines. Errors
 * are RPC -1 with the original's texts.
 */
export function readKycText(ctx: NodeRpcContext, w: NodeWallet, text: string): ReadKycFile {
  let envelope: KycEnvelope;
  try {
    envelope = readKycEnvelope(text, ctx.secp);
  } catch (e) {
    if (e instanceof KycFileError) throw fileError(e.message);
    throw e;
  }
  const own = w.keys.privateKeyFor(envelope.onboardPubKey) ?? w.keys.privateKeyFor(envelope.userPubKey);
  if (own === undefined) {
    throw fileError('read: cannot get onboard private key. Use "syncwhitelistwallet" to generate more encryption keys.');
  }
  if (envelope.dataError !== undefined || envelope.base64 === undefined) throw fileError(envelope.dataError ?? 'read: invalid KYC file');
  const decoded = decodeBase64Lenient(envelope.base64);
  const plain = decoded.invalid
    ? undefined
    : (eciesDecrypt(ctx.secp, decoded.bytes, own) ?? eciesDecrypt(ctx.secp, decoded.bytes, own, envelope.onboardPubKey));
  if (plain === undefined) throw fileError('read: KYC file decryption failed');
  const content = parseKycPlaintext(plain, {
    prefixes: ctx.params.base58,
    secp: ctx.secp,
    tweak: ctx.params.keyTweakHash,
    contractHash: tipContractHash(ctx),
  });
  return { envelope, content };
}

/** `CKYCFile::read` of a file (-1 `read: cannot open kyc file` when it cannot be read). */
export function readKycFile(ctx: NodeRpcContext, w: NodeWallet, path: string): ReadKycFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw fileError('read: cannot open kyc file');
  }
  return readKycText(ctx, w, text);
}

/**
 * The checks `getOnboardingScript` makes before writing the script: the contract hash line (when a
 * contract exists at the tip and `-contractinkycfile`), then every line valid. -1 with the
 * original's texts.
 */
export function checkOnboardingValidity(ctx: NodeRpcContext, w: NodeWallet, content: KycContent): void {
  const contract = tipContractHash(ctx);
  if (contract !== undefined && contractInKycFile(w)) {
    if (content.contractHash === undefined) throw fileError('getOnboardingScriptno contract hash in kycfile');
    if (!content.contractHash.every((b, i) => b === contract[i])) throw fileError('getOnboardingScriptcontract hash incorrect in kycfile');
  }
  if (content.errors.length > 0) throw fileError(`invalid addresses in kycfile: ${content.errors.map((e) => `${e}\n`).join('')}`);
}

/** readkycfile's echo: the leading comments, the metadata line, the decrypted lines and the trailing comments. */
export function kycEcho(r: ReadKycFile): string {
  const lines = [...r.envelope.leadingLines, r.envelope.metadataLine, ...r.content.echo, ...r.envelope.trailingLines];
  return lines.map((l) => `${l}\n`).join('');
}
