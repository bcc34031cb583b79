import { fromHex } from '../encoding/hex.js';
import { OutPoint } from '../primitives/outpoint.js';
import { ChainParamsError } from './errors.js';
import { selectChainName } from './chain-selection.js';
import {
  heightValue,
  hexBytes,
  integerInRange,
  interpretBool,
  parseInt64Strict,
  splitPair,
  uintHex,
} from './option-parsing.js';
import { OptionValues, type OptionValuesInput } from './option-values.js';
import { POLICY_ASSETS, type PolicyAssetKind } from './policy-assets.js';

/** A script that applies from `height` on (`-signblockscriptchange`, `-coinbasechange`). */
export interface ScriptAtHeight {
  readonly script: Uint8Array;
  readonly height: number;
}

/** An asset id (internal order) that applies from `height` on (`-…assetchange`). */
export interface AssetAtHeight {
  readonly asset: Uint8Array;
  readonly height: number;
}

/** One `-assetdir=<asset hex>:<label>` entry (asset in internal order). */
export interface AssetDirEntry {
  readonly asset: Uint8Array;
  readonly label: string;
}

export type DeploymentName = 'testdummy' | 'csv' | 'segwit';
export const DEPLOYMENT_NAMES: readonly DeploymentName[] = ['testdummy', 'csv', 'segwit'];

/** One `-bip9params=<deployment>:<start>:<timeout>` entry. */
export interface Bip9Override {
  readonly deployment: DeploymentName;
  readonly startTime: bigint;
  readonly timeout: bigint;
}

/** `-con_*` overrides; `undefined` = not given (the parameter class default applies). */
export interface ConsensusOverrides {
  readonly subsidyHalvingInterval?: number;
  readonly bip34Height?: number;
  readonly bip34Hash?: Uint8Array;
  readonly bip65Height?: number;
  readonly bip66Height?: number;
  readonly powLimit?: Uint8Array;
  readonly parentPowLimit?: Uint8Array;
  readonly powTargetTimespan?: bigint;
  readonly powTargetSpacing?: bigint;
  readonly powAllowMinDifficultyBlocks?: boolean;
  readonly powNoRetargeting?: boolean;
  readonly ruleChangeActivationThreshold?: number;
  readonly minerConfirmationWindow?: number;
  readonly minimumChainWork?: Uint8Array;
  readonly defaultAssumeValid?: Uint8Array;
}

/** Network-parameter overrides of the custom class; `undefined` = not given. */
export interface NetworkOverrides {
  readonly defaultPort?: number;
  readonly pruneAfterHeight?: number;
  readonly mineBlocksOnDemand?: boolean;
  readonly defaultConsistencyChecks?: boolean;
  readonly requireStandard?: boolean;
  readonly miningRequiresPeers?: boolean;
}

/** Policy assets that have an `-…assetchange` schedule (there is no permission one). */
export type ChangeablePolicyAsset = 'freezelist' | 'burnlist' | 'whitelist' | 'challenge' | 'issuance';

/**
 * Every option that shapes the chain parameters (chain spec §3.1, §8; rpc spec §4.3–4.5), parsed
 * and with defaults applied. Hashes are 32-byte internal order; scripts are raw bytes.
 */
export interface ChainOptions {
  /** Network id / chain name (`-regtest` → `elementsregtest`, else `-chain`, default `ocean_test`). */
  readonly chain: string;

  // ---- genesis ---------------------------------------------------------------------------------
  /** `-signblockscript` (default `51`): genesis challenge. */
  readonly signBlockScript: Uint8Array;
  /** `-fedpegscript` (default `51`). */
  readonly fedpegScript: Uint8Array;
  /** `-parentcontract` as a uint160 (internal order = reverse of the option text). */
  readonly parentContract: Uint8Array;
  /** `-fedpegaddress`: 20 bytes as given (default zero). */
  readonly fedpegAddress: Uint8Array;
  /** `-parentgenesisblockhash` (default Ethereum mainnet genesis), internal order. */
  readonly parentGenesisBlockHash: Uint8Array;
  /** `-genesistimestamp` (default 1514764800). */
  readonly genesisTimestamp: number;
  /** `-initialfreecoins` (default 0). */
  readonly initialFreeCoins: bigint;
  /** `-initialfreecoinsdestination` (default `51`). */
  readonly initialFreeCoinsDestination: Uint8Array;
  /** `-policycoins` (default 0). */
  readonly policyCoins: bigint;
  /** `-…coinsdestination` of each policy asset; `undefined` = not given (default `6a`, not issued). */
  readonly policyDestinations: Readonly<Record<PolicyAssetKind, Uint8Array | undefined>>;
  /** `-issuecontrolscript` (default empty = no extra coinbase output). */
  readonly issueControlScript: Uint8Array;
  /** `-attestationhash` (default zero). */
  readonly attestationHash: Uint8Array;
  /** `-embedcontract` (default true): genesis and block headers carry the contract hash. */
  readonly embedContract: boolean;
  /** `-embedmapping` (default true): block headers carry the mapping hash (genesis: zero). */
  readonly embedMapping: boolean;

  // ---- consensus schedule and chain-wide settings ----------------------------------------------
  /** `-con_mandatorycoinbase` (default empty = any destination). */
  readonly mandatoryCoinbase: Uint8Array;
  /** `-signblockscriptchange=<hex>:<height>` in the order given. */
  readonly signBlockScriptChanges: readonly ScriptAtHeight[];
  /** `-coinbasechange=<hex>:<height>` in the order given. */
  readonly coinbaseChanges: readonly ScriptAtHeight[];
  /** `-disabledoutput=<txid>:<n>` (txid given in display hex). */
  readonly disabledOutputs: readonly OutPoint[];
  /** `-contractchange=<height>` in the order given (i-th ↔ `old<i>.txt`). */
  readonly contractChanges: readonly number[];
  /** `-…assetchange=<asset hex>:<height>` per policy asset, as given (the burnlist quirk is applied by ChainParams). */
  readonly policyAssetChanges: Readonly<Record<ChangeablePolicyAsset, readonly AssetAtHeight[]>>;
  /** `-peginconfirmationdepth` (default 8). */
  readonly peginConfirmationDepth: number;
  /** `-validatepegin` (default false). */
  readonly validatePegin: boolean;
  /** `-bip9params` entries. */
  readonly bip9Params: readonly Bip9Override[];
  /** `-con_*` overrides. */
  readonly consensusOverrides: ConsensusOverrides;
  /** `-ndefaultport`, `-npruneafterheight`, `-fmineblocksondemand`, … overrides. */
  readonly networkOverrides: NetworkOverrides;

  // ---- wallet / RPC settings that depend on chain data -----------------------------------------
  /** `-assetdir=<asset>:<label>` entries, in order. */
  readonly assetDir: readonly AssetDirEntry[];
  /** `-feeasset` (default: the pegged asset). */
  readonly feeAsset: Uint8Array | undefined;
  /** `-contractintx` (default false): no key tweaking, contract output in wallet transactions. */
  readonly contractInTx: boolean;
}

const ZERO20 = new Uint8Array(20);
const ZERO32 = new Uint8Array(32);
const OP_TRUE = new Uint8Array([0x51]);

export const DEFAULT_PARENT_CONTRACT = '076C97e1c869072eE22f8c91978C99B4bcB02591';
export const DEFAULT_PARENT_GENESIS_BLOCK_HASH = 'd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3';
export const DEFAULT_GENESIS_TIMESTAMP = 1514764800;
export const DEFAULT_PEGIN_CONFIRMATION_DEPTH = 8;

/** All defaults for chain `chain`. */
export function defaultChainOptions(chain = 'ocean_test'): ChainOptions {
  return parseChainOptions(chain === 'elementsregtest' ? { regtest: '1' } : { chain });
}

/**
 * Parse the chain options from option values (see `OptionValues` for the command-line / config
 * precedence). Empty hex / hash values mean "default"; integers use atoi64; booleans InterpretBool.
 * Throws `ChainParamsError` for malformed values.
 */
export function parseChainOptions(input: OptionValuesInput): ChainOptions {
  const v = OptionValues.from(input);
  const chain = selectChainName(v);

  /** The single value, with "" treated as absent. */
  const str = (name: string): string | undefined => {
    const s = v.get(name);
    return s === undefined || s === '' ? undefined : s;
  };
  const script = (name: string, dflt: Uint8Array): Uint8Array => {
    const s = str(name);
    return s === undefined ? dflt.slice() : hexBytes(name, s);
  };
  const uint = (name: string, size: number, dflt: Uint8Array | string): Uint8Array => {
    const s = str(name);
    if (s !== undefined) return uintHex(name, s, size);
    return typeof dflt === 'string' ? uintHex(name, dflt, size) : dflt.slice();
  };
  const bool = (name: string, dflt: boolean): boolean => {
    const s = v.get(name);
    return s === undefined ? dflt : interpretBool(s);
  };
  const int = (name: string, dflt: bigint, min: bigint, max: bigint): bigint => {
    const s = v.get(name);
    return s === undefined ? dflt : integerInRange(name, s, min, max);
  };
  const optInt = (name: string, min: bigint, max: bigint): number | undefined => {
    const s = v.get(name);
    return s === undefined ? undefined : Number(integerInRange(name, s, min, max));
  };
  const optBigInt = (name: string, min: bigint, max: bigint): bigint | undefined => {
    const s = v.get(name);
    return s === undefined ? undefined : integerInRange(name, s, min, max);
  };
  const optBool = (name: string): boolean | undefined => {
    const s = v.get(name);
    return s === undefined ? undefined : interpretBool(s);
  };
  const optUint = (name: string): Uint8Array | undefined => {
    const s = str(name);
    return s === undefined ? undefined : uintHex(name, s, 32);
  };

  const fedpeg = str('fedpegaddress');
  let fedpegAddress: Uint8Array = ZERO20.slice();
  if (fedpeg !== undefined) {
    fedpegAddress = hexBytes('fedpegaddress', fedpeg);
    if (fedpegAddress.length !== 20) throw new ChainParamsError(`Invalid -fedpegaddress: expected 40 hex characters, got '${fedpeg}'`, 'fedpegaddress');
  }

  const policyDestinations = {} as Record<PolicyAssetKind, Uint8Array | undefined>;
  for (const p of POLICY_ASSETS) {
    const s = str(p.destinationOption);
    policyDestinations[p.kind] = s === undefined ? undefined : hexBytes(p.destinationOption, s);
  }

  const scriptChanges = (name: string): ScriptAtHeight[] =>
    v.getAll(name).map((entry) => {
      const [hex, h] = splitPair(name, entry, 'script:height');
      return { script: hexBytes(name, hex), height: heightValue(name, h) };
    });
  const assetChanges = (name: string): AssetAtHeight[] =>
    v.getAll(name).map((entry) => {
      const [hex, h] = splitPair(name, entry, 'asset:height');
      return { asset: uintHex(name, hex, 32), height: heightValue(name, h) };
    });

  const disabledOutputs = v.getAll('disabledoutput').map((entry) => {
    const [txid, n] = splitPair('disabledoutput', entry, 'txid:n');
    if (!/^[0-9a-fA-F]{64}$/.test(txid)) throw new ChainParamsError(`Invalid txid '${txid}' in -disabledoutput`, 'disabledoutput');
    const index = heightValue('disabledoutput', n, 'output index');
    return new OutPoint(uintHex('disabledoutput', txid, 32), index);
  });

  const assetDir = v.getAll('assetdir').map((entry) => {
    const at = entry.indexOf(':');
    if (at < 0) throw new ChainParamsError('Error in -assetdir: -assetdir parameters malformed, expecting asset:label', 'assetdir');
    const hex = entry.slice(0, at);
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new ChainParamsError('Error in -assetdir: The asset must be hex string of length 64', 'assetdir');
    return { asset: fromHex(hex).reverse(), label: entry.slice(at + 1) };
  });

  const bip9Params = v.getAll('bip9params').map((entry): Bip9Override => {
    const parts = entry.split(':');
    if (parts.length !== 3) throw new ChainParamsError('BIP9 parameters malformed, expecting deployment:start:end', 'bip9params');
    const [name, start, end] = parts as [string, string, string];
    const startTime = parseInt64Strict(start);
    if (startTime === undefined) throw new ChainParamsError(`Invalid nStartTime (${start})`, 'bip9params');
    const timeout = parseInt64Strict(end);
    if (timeout === undefined) throw new ChainParamsError(`Invalid nTimeout (${end})`, 'bip9params');
    if (!(DEPLOYMENT_NAMES as readonly string[]).includes(name)) throw new ChainParamsError(`Invalid deployment (${name})`, 'bip9params');
    return { deployment: name as DeploymentName, startTime, timeout };
  });

  const I32 = 0x7fffffffn;
  const I64 = (1n << 63n) - 1n;
  const window = optInt('con_nminerconfirmationwindow', 1n, I32);
  const threshold = optInt('con_nrulechangeactivationthreshold', 0n, I32);

  const feeAssetText = str('feeasset');

  return {
    chain,
    signBlockScript: script('signblockscript', OP_TRUE),
    fedpegScript: script('fedpegscript', OP_TRUE),
    parentContract: uint('parentcontract', 20, DEFAULT_PARENT_CONTRACT),
    fedpegAddress,
    parentGenesisBlockHash: uint('parentgenesisblockhash', 32, DEFAULT_PARENT_GENESIS_BLOCK_HASH),
    genesisTimestamp: Number(int('genesistimestamp', BigInt(DEFAULT_GENESIS_TIMESTAMP), 0n, 0xffffffffn)),
    initialFreeCoins: int('initialfreecoins', 0n, 0n, I64),
    initialFreeCoinsDestination: script('initialfreecoinsdestination', OP_TRUE),
    policyCoins: int('policycoins', 0n, 0n, I64),
    policyDestinations,
    issueControlScript: script('issuecontrolscript', new Uint8Array(0)),
    attestationHash: uint('attestationhash', 32, ZERO32),
    embedContract: bool('embedcontract', true),
    embedMapping: bool('embedmapping', true),

    mandatoryCoinbase: script('con_mandatorycoinbase', new Uint8Array(0)),
    signBlockScriptChanges: scriptChanges('signblockscriptchange'),
    coinbaseChanges: scriptChanges('coinbasechange'),
    disabledOutputs,
    contractChanges: v.getAll('contractchange').map((h) => heightValue('contractchange', h)),
    policyAssetChanges: {
      freezelist: assetChanges('freezelistassetchange'),
      burnlist: assetChanges('burnlistassetchange'),
      whitelist: assetChanges('whitelistassetchange'),
      challenge: assetChanges('challengeassetchange'),
      issuance: assetChanges('issuanceassetchange'),
    },
    peginConfirmationDepth: Number(int('peginconfirmationdepth', BigInt(DEFAULT_PEGIN_CONFIRMATION_DEPTH), 0n, I32)),
    validatePegin: bool('validatepegin', false),
    bip9Params,
    consensusOverrides: {
      subsidyHalvingInterval: optInt('con_nsubsidyhalvinginterval', 0n, I32),
      bip34Height: optInt('con_bip34height', 0n, I32),
      bip34Hash: optUint('con_bip34hash'),
      bip65Height: optInt('con_bip65height', 0n, I32),
      bip66Height: optInt('con_bip66height', 0n, I32),
      powLimit: optUint('con_powlimit'),
      parentPowLimit: optUint('con_parentpowlimit'),
      powTargetTimespan: optBigInt('con_npowtargettimespan', 1n, I64),
      powTargetSpacing: optBigInt('con_npowtargetspacing', 1n, I64),
      powAllowMinDifficultyBlocks: optBool('con_fpowallowmindifficultyblocks'),
      powNoRetargeting: optBool('con_fpownoretargeting'),
      ruleChangeActivationThreshold: threshold,
      minerConfirmationWindow: window,
      minimumChainWork: optUint('con_nminimumchainwork'),
      defaultAssumeValid: optUint('con_defaultassumevalid'),
    },
    networkOverrides: {
      defaultPort: optInt('ndefaultport', 0n, 65535n),
      pruneAfterHeight: optInt('npruneafterheight', 0n, 0xffffffffn),
      mineBlocksOnDemand: optBool('fmineblocksondemand'),
      defaultConsistencyChecks: optBool('fdefaultconsistencychecks'),
      requireStandard: optBool('frequirestandard'),
      miningRequiresPeers: optBool('fminingrequirespeers'),
    },

    assetDir,
    feeAsset: feeAssetText === undefined ? undefined : uintHex('feeasset', feeAssetText, 32),
    contractInTx: bool('contractintx', false),
  };
}

