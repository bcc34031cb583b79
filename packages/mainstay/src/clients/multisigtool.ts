import { fromHex, isHex, p2pkhAddress, p2shAddress, toHex, type BitcoinNetwork, type Secp256k1 } from '@ocean-ts/core';
import { buildMultisigScript } from '../crypto/redeem-script.js';
import { CoordinateError, pubkeyFromDecimalCoordinates } from './decimal-pubkey.js';
import { FlagError, parseToolFlags } from './go-flags.js';
import { toolNetwork } from './tool-chain.js';
import type { ToolIo } from './tool-io.js';

export const MULTISIG_USAGE = `Usage of multisigtool:
  -chain string
        regtest, testnet or mainnet (default "regtest")
  -nKeys int
        number of public keys, 1..15 (default: the number of keys given)
  -nSigs int
        number of required signatures, 1..nKeys
  -keys string
        public keys, comma-separated hex (33 or 65 bytes each)
  -keysX string
        x coordinates of the public keys, comma-separated DECIMAL integers (with -keysY)
  -keysY string
        y coordinates of the public keys, comma-separated DECIMAL integers (with -keysX)
With -chain regtest and no keys the tool prints the original's regtest 1-of-2 (main key + HSM key).
`;

/** Largest m and n of the tool (a standard P2SH multisig; the original's limit). */
export const MULTISIG_TOOL_MAX_KEYS = 15;

/** The original's fixed regtest keys: the main pubkey and the HSM key as decimal coordinates. */
export const REGTEST_MAIN_PUBKEY = '03e52cf15e0a5cf6612314f077bb65cf9a6596b76c0fcb34b682f673a8314c7b33';
export const REGTEST_HSM_X = '17073944010873801765385810419928396464299027769026919728232198509972577863206';
export const REGTEST_HSM_Y = '475813022329769762590164284448176075334749443379722569322944728779216384721';

/** Thrown for keys or counts the tool cannot use (printed, exit code 1). */
export class MultisigToolError extends Error {
  override readonly name = 'MultisigToolError';
}

export interface MultisigResult {
  readonly m: number;
  readonly pubkeys: readonly Uint8Array[];
  /** P2PKH address of each key (compressed), in order. */
  readonly keyAddresses: readonly string[];
  readonly script: Uint8Array;
  readonly p2shAddress: string;
}

/** The m-of-n script over `pubkeys` (compressed, in the given order) and its addresses. */
export function describeMultisig(secp: Secp256k1, m: number, pubkeys: readonly Uint8Array[], network: BitcoinNetwork): MultisigResult {
  const n = pubkeys.length;
  if (n < 1 || n > MULTISIG_TOOL_MAX_KEYS) throw new MultisigToolError(`number of keys must be 1..${MULTISIG_TOOL_MAX_KEYS}, got ${n}`);
  if (!Number.isInteger(m) || m < 1 || m > n) throw new MultisigToolError(`number of signatures must be 1..${n}, got ${m}`);
  const compressed = pubkeys.map((k, i) => {
    if (!secp.publicKeyVerify(k)) throw new MultisigToolError(`key ${i + 1} is not a valid public key`);
    return secp.publicKeyConvert(k, true);
  });
  const script = buildMultisigScript(m, compressed);
  return {
    m,
    pubkeys: compressed,
    keyAddresses: compressed.map((k) => p2pkhAddress(k, network)),
    script,
    p2shAddress: p2shAddress(script, network),
  };
}

function parseHexKeys(list: string): Uint8Array[] {
  return list.split(',').map((s, i) => {
    const k = s.trim();
    if (!isHex(k) || (k.length !== 66 && k.length !== 130)) throw new MultisigToolError(`key ${i + 1} must be 33 or 65 bytes of hex, got "${k}"`);
    return fromHex(k);
  });
}

function parseCoordinateKeys(secp: Secp256k1, xs: string, ys: string): Uint8Array[] {
  const x = xs.split(',');
  const y = ys.split(',');
  if (x.length !== y.length) throw new MultisigToolError(`-keysX has ${x.length} entries but -keysY has ${y.length}`);
  return x.map((xi, i) => {
    try {
      return pubkeyFromDecimalCoordinates(secp, xi, y[i]!);
    } catch (e) {
      if (e instanceof CoordinateError) throw new MultisigToolError(`key ${i + 1}: ${e.message}`);
      throw e;
    }
  });
}

function parseCount(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,3}$/.test(text)) throw new FlagError(`invalid value "${text}" for flag -${flag}`);
  return Number(text);
}

/**
 * `multisigtool` (spec §6.5): print the P2PKH address of each key, the m-of-n multisig script (keys
 * in the given order) and its P2SH address. Returns the exit code.
 */
export function runMultisigTool(argv: readonly string[], deps: { readonly io: ToolIo; readonly secp: Secp256k1 }): number {
  const { io, secp } = deps;
  let result: MultisigResult;
  try {
    const flags = parseToolFlags(argv, { values: ['chain', 'nKeys', 'nSigs', 'keys', 'keysX', 'keysY'] }, MULTISIG_USAGE, (text) => io.err(text));
    if (typeof flags === 'number') return flags;
    if (flags.rest.length > 0) throw new FlagError(`unexpected argument: ${flags.rest[0]}`);
    const chain = flags.values.get('chain') ?? 'regtest';
    const network = toolNetwork(chain);
    const nKeys = parseCount(flags.values.get('nKeys'), 'nKeys');
    const nSigs = parseCount(flags.values.get('nSigs'), 'nSigs');
    const keys = flags.values.get('keys');
    const keysX = flags.values.get('keysX');
    const keysY = flags.values.get('keysY');
    if (keys !== undefined && (keysX !== undefined || keysY !== undefined)) throw new FlagError('use either -keys or -keysX/-keysY, not both');
    if ((keysX === undefined) !== (keysY === undefined)) throw new FlagError('-keysX and -keysY must be given together');
    try {
      if (keys === undefined && keysX === undefined) {
        if (chain !== 'regtest') throw new FlagError('no keys given: use -keys or -keysX/-keysY');
        // The original's regtest mode: 1-of-2 over the main key and the HSM key.
        const hsm = pubkeyFromDecimalCoordinates(secp, REGTEST_HSM_X, REGTEST_HSM_Y);
        result = describeMultisig(secp, 1, [fromHex(REGTEST_MAIN_PUBKEY), hsm], network);
      } else {
        const pubkeys = keys !== undefined ? parseHexKeys(keys) : parseCoordinateKeys(secp, keysX!, keysY!);
        if (nKeys !== undefined && nKeys !== pubkeys.length) throw new MultisigToolError(`-nKeys is ${nKeys} but ${pubkeys.length} keys were given`);
        if (nSigs === undefined) throw new FlagError('-nSigs is required');
        result = describeMultisig(secp, nSigs, pubkeys, network);
      }
    } catch (e) {
      if (e instanceof MultisigToolError) {
        io.err(`multisigtool: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  } catch (e) {
    if (e instanceof FlagError) {
      io.err(`${e.message}\n${MULTISIG_USAGE}`);
      return 2;
    }
    throw e;
  }
  const n = result.pubkeys.length;
  result.pubkeys.forEach((k, i) => {
    io.out(`pubkey ${i + 1}: ${toHex(k)}\n`);
    io.out(`address ${i + 1}: ${result.keyAddresses[i]!}\n`);
  });
  io.out(`${result.m}-of-${n} multisig script: ${toHex(result.script)}\n`);
  io.out(`${result.m}-of-${n} P2SH address: ${result.p2shAddress}\n`);
  return 0;
}
