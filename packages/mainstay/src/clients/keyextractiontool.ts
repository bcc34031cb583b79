import {
  DecodeError,
  decodeBitcoinWif,
  encodeBitcoinWif,
  fromHex,
  isHex,
  p2pkhAddress,
  p2wpkhAddress,
  toHex,
  type BitcoinNetwork,
  type Secp256k1,
} from '@ocean-ts/core';
import { parseChaincode, parseChaincodes } from '../crypto/chaincodes.js';
import { commitmentFromDisplayHex } from '../crypto/commitment-path.js';
import { MainstayCryptoError } from '../crypto/crypto-error.js';
import { tweakPrivateKey } from '../crypto/key-tweak.js';
import { parseRedeemScript } from '../crypto/redeem-script.js';
import { MultisigStaychain } from '../crypto/staychain-outputs.js';
import { FlagError, parseToolFlags } from './go-flags.js';
import { toolNetwork } from './tool-chain.js';
import type { ToolIo } from './tool-io.js';

export const KEY_EXTRACTION_USAGE = `Usage of keyextractiontool:
  -tweak string
        the tweak: a commitment / merkle root, 64 hex characters in display order (as the API shows it)
  -privkey string
        base private key (WIF) to tweak (with -chaincode)
  -chaincode string
        the base key's chaincode, 64 hex characters
  -script string
        multisig redeem script (initScript) whose keys to tweak (with -chaincodes)
  -chaincodes string
        chaincodes of the script's keys, comma-separated, in key order
  -chain string
        regtest, testnet or mainnet: WIF and address encoding (default "mainnet")
Give -privkey/-chaincode, -script/-chaincodes, or both.
`;

export interface TweakedKey {
  readonly wif: string;
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly p2pkhAddress: string;
  readonly p2wpkhAddress: string;
}

/**
 * The base key (WIF of `network`) tweaked by `tweakDisplayHex` with `chaincode` (spec §1.2): the
 * private key that spends the staychain output of that commitment. Zero tweak = the key unchanged.
 */
export function extractTweakedKey(secp: Secp256k1, wif: string, chaincodeHex: string, tweakDisplayHex: string, network: BitcoinNetwork): TweakedKey {
  const base = decodeBitcoinWif(wif.trim(), network);
  const privateKey = tweakPrivateKey(secp, base.key, parseChaincode(chaincodeHex), commitmentFromDisplayHex(tweakDisplayHex.trim()));
  const publicKey = secp.publicKeyCreate(privateKey, true);
  return {
    wif: encodeBitcoinWif(privateKey, true, network),
    privateKey,
    publicKey,
    p2pkhAddress: p2pkhAddress(publicKey, network),
    p2wpkhAddress: p2wpkhAddress(publicKey, network),
  };
}

/** The multisig script `scriptHex` with every key tweaked by `tweakDisplayHex`, and its P2SH address. */
export function extractTweakedScript(
  secp: Secp256k1,
  scriptHex: string,
  chaincodes: string,
  tweakDisplayHex: string,
  network: BitcoinNetwork,
): { readonly script: Uint8Array; readonly address: string } {
  const s = scriptHex.trim();
  if (!isHex(s) || s.length === 0) throw new MainstayCryptoError('the script must be hex');
  const script = fromHex(s);
  const parsed = parseRedeemScript(secp, script);
  const staychain = new MultisigStaychain(secp, script, parseChaincodes(chaincodes, parsed.n), network);
  const commitment = commitmentFromDisplayHex(tweakDisplayHex.trim());
  return { script: staychain.redeemScriptFor(commitment), address: staychain.addressFor(commitment) };
}

/**
 * `keyextractiontool` (spec §6.6), for recovering staychain funds: prints the tweaked WIF of a base
 * key, and/or the tweaked multisig script and its P2SH address. Returns the exit code.
 */
export function runKeyExtractionTool(argv: readonly string[], deps: { readonly io: ToolIo; readonly secp: Secp256k1 }): number {
  const { io, secp } = deps;
  const lines: string[] = [];
  try {
    const flags = parseToolFlags(argv, { values: ['tweak', 'privkey', 'chaincode', 'script', 'chaincodes', 'chain'] }, KEY_EXTRACTION_USAGE, (text) => io.err(text));
    if (typeof flags === 'number') return flags;
    if (flags.rest.length > 0) throw new FlagError(`unexpected argument: ${flags.rest[0]}`);
    const network = toolNetwork(flags.values.get('chain') ?? 'mainnet');
    const tweak = flags.values.get('tweak');
    const privkey = flags.values.get('privkey');
    const chaincode = flags.values.get('chaincode');
    const script = flags.values.get('script');
    const chaincodes = flags.values.get('chaincodes');
    if (tweak === undefined) throw new FlagError('-tweak is required');
    if ((privkey === undefined) !== (chaincode === undefined)) throw new FlagError('-privkey and -chaincode must be given together');
    if ((script === undefined) !== (chaincodes === undefined)) throw new FlagError('-script and -chaincodes must be given together');
    if (privkey === undefined && script === undefined) throw new FlagError('nothing to do: give -privkey/-chaincode and/or -script/-chaincodes');
    try {
      if (privkey !== undefined) {
        const k = extractTweakedKey(secp, privkey, chaincode!, tweak, network);
        lines.push(`tweaked private key (WIF): ${k.wif}`, `tweaked public key: ${toHex(k.publicKey)}`, `P2PKH address: ${k.p2pkhAddress}`, `P2WPKH address: ${k.p2wpkhAddress}`);
      }
      if (script !== undefined) {
        const s = extractTweakedScript(secp, script, chaincodes!, tweak, network);
        lines.push(`tweaked multisig script: ${toHex(s.script)}`, `P2SH address: ${s.address}`);
      }
    } catch (e) {
      if (e instanceof MainstayCryptoError || e instanceof DecodeError) {
        io.err(`keyextractiontool: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  } catch (e) {
    if (e instanceof FlagError) {
      io.err(`${e.message}\n${KEY_EXTRACTION_USAGE}`);
      return 2;
    }
    throw e;
  }
  io.out(lines.map((l) => `${l}\n`).join(''));
  return 0;
}
