import { fromDisplayHex } from '../encoding/hex.js';
import { AssetLabels } from './asset-labels.js';
import { CUSTOM_BASE58, GOLD_BASE58, MAIN_BASE58, type Base58Prefixes } from './base58-prefixes.js';
import { parseChainOptions, type ChainOptions, type ChangeablePolicyAsset, type DeploymentName } from './chain-options.js';
import { chainParamsClass, type ChainParamsClass } from './chain-selection.js';
import { ConsensusParams, type Bip9Deployment } from './consensus-params.js';
import { ContractTerms, type TermsFiles } from './contract-terms.js';
import { hashDataFile } from './data-file.js';
import { buildGenesis, type Genesis } from './genesis.js';
import { HeightSchedule } from './height-schedule.js';
import type { OptionValuesInput } from './option-values.js';
import { POLICY_ASSETS, type PolicyAssetKind } from './policy-assets.js';

/**
 * Data-directory files a chain depends on, read by the caller (core does no I/O):
 * `terms-and-conditions/<chain>/{latest,old<i>}.txt` and `asset-mapping/<chain>/latest.json`.
 */
export interface ChainFiles {
  readonly terms?: TermsFiles;
  /** Contents of `asset-mapping/<chain>/latest.json`, if present. */
  readonly mapping?: string | undefined;
}

/** Network-level parameters (chain spec §2.1). */
export interface NetworkParams {
  /** P2P message start: `fa bf b5 da` on every chain. */
  readonly messageStart: Uint8Array;
  readonly defaultPort: number;
  readonly rpcPort: number;
  /** Default RPC port of the parent-chain daemon. */
  readonly mainchainRpcPort: number;
  readonly pruneAfterHeight: number;
  readonly requireStandard: boolean;
  readonly mineBlocksOnDemand: boolean;
  readonly defaultConsistencyChecks: boolean;
  readonly miningRequiresPeers: boolean;
}

export const MESSAGE_START = new Uint8Array([0xfa, 0xbf, 0xb5, 0xda]);
const MAX_UINT256_HALF = fromDisplayHex('7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff');
const ZERO32 = new Uint8Array(32);
const NO_TIMEOUT = 999999999999n;

/**
 * Everything chain-specific: network and address parameters, consensus parameters and schedules,
 * the genesis block, the contract history, the pegged / policy assets and the asset labels. Built
 * from parsed `ChainOptions` and the chain's data files.
 */
export class ChainParams {
  readonly name: string;
  readonly paramsClass: ChainParamsClass;
  /** Subdirectory of the base data directory (= the chain name). */
  readonly dataDirName: string;
  readonly network: NetworkParams;
  readonly base58: Base58Prefixes;
  readonly consensus: ConsensusParams;
  readonly genesis: Genesis;
  readonly contract: ContractTerms;
  /** Hash of the asset-mapping file (zero without one); block headers carry it with `-embedmapping`. */
  readonly mappingHash: Uint8Array;
  readonly assetLabels: AssetLabels;
  /** Checkpoints: only the genesis block. */
  readonly checkpoints: ReadonlyMap<number, Uint8Array>;
  private readonly policyAssetSchedules: Readonly<Record<ChangeablePolicyAsset, HeightSchedule<Uint8Array>>>;

  private constructor(
    readonly options: ChainOptions,
    files: ChainFiles,
  ) {
    const cls = chainParamsClass(options.chain);
    this.name = options.chain;
    this.paramsClass = cls;
    this.dataDirName = options.chain;
    const net = options.networkOverrides;
    this.network = {
      messageStart: MESSAGE_START.slice(),
      defaultPort: net.defaultPort ?? 7042,
      rpcPort: cls === 'main' ? 8332 : cls === 'gold' ? 8443 : 7041,
      mainchainRpcPort: 18332,
      pruneAfterHeight: net.pruneAfterHeight ?? 1000,
      requireStandard: net.requireStandard ?? false,
      mineBlocksOnDemand: net.mineBlocksOnDemand ?? true,
      defaultConsistencyChecks: net.defaultConsistencyChecks ?? true,
      miningRequiresPeers: net.miningRequiresPeers ?? false,
    };
    this.base58 = cls === 'main' ? MAIN_BASE58 : cls === 'gold' ? GOLD_BASE58 : CUSTOM_BASE58;

    this.contract = new ContractTerms(files.terms ?? {}, options.contractChanges);
    this.mappingHash = hashDataFile(files.mapping);
    this.genesis = buildGenesis({
      ...options,
      contractHash: options.embedContract ? this.contract.height0Hash : ZERO32,
    });
    this.consensus = buildConsensus(options, cls, this.genesis);
    this.checkpoints = new Map([[0, this.genesis.hash]]);

    const changes = options.policyAssetChanges;
    const toItems = (list: readonly { asset: Uint8Array; height: number }[]) => list.map((c) => ({ height: c.height, value: c.asset }));
    this.policyAssetSchedules = {
      // Reference quirk: -burnlistassetchange entries land in the freezelist schedule.
      freezelist: new HeightSchedule([...toItems(changes.freezelist), ...toItems(changes.burnlist)]),
      burnlist: HeightSchedule.empty(),
      whitelist: new HeightSchedule(toItems(changes.whitelist)),
      challenge: new HeightSchedule(toItems(changes.challenge)),
      issuance: new HeightSchedule(toItems(changes.issuance)),
    };

    this.assetLabels = AssetLabels.build(
      options.assetDir,
      this.genesis.peggedAsset,
      POLICY_ASSETS.flatMap((p) => {
        const asset = this.genesis.policyAssets.get(p.kind);
        return asset ? [[p.label, asset] as const] : [];
      }),
    );
  }

  /** Chain parameters for parsed options and the chain's data files. */
  static create(options: ChainOptions, files: ChainFiles = {}): ChainParams {
    return new ChainParams(options, files);
  }

  /**
   * Parse option values, select the chain and build its parameters; `files` may be a function of
   * the selected chain name (the files live under `<datadir>/…/<chain>/`).
   */
  static fromOptionValues(input: OptionValuesInput, files: ChainFiles | ((chain: string) => ChainFiles) = {}): ChainParams {
    const options = parseChainOptions(input);
    return new ChainParams(options, typeof files === 'function' ? files(options.chain) : files);
  }

  get genesisBlock(): Genesis['block'] {
    return this.genesis.block;
  }

  get genesisHash(): Uint8Array {
    return this.genesis.hash;
  }

  /** The pegged asset (`CBT`). */
  get peggedAsset(): Uint8Array {
    return this.genesis.peggedAsset;
  }

  /** The "domain" asset: `-feeasset` if given, else the pegged asset. */
  get feeAsset(): Uint8Array {
    return this.options.feeAsset ?? this.genesis.peggedAsset;
  }

  /** A policy asset as issued in the genesis block (undefined when it was not issued). */
  genesisPolicyAsset(kind: PolicyAssetKind): Uint8Array | undefined {
    return this.genesis.policyAssets.get(kind);
  }

  /**
   * The policy asset the node's policy code starts with: the genesis asset, but only when the
   * destination option was given (policy spec §2.1); undefined = "no such asset".
   */
  policyAsset(kind: PolicyAssetKind): Uint8Array | undefined {
    if (this.options.policyDestinations[kind] === undefined) return undefined;
    return this.genesis.policyAssets.get(kind);
  }

  /**
   * The `-…assetchange` asset scheduled for `kind` at `height` (greatest change height ≤ height),
   * or undefined when none applies — the caller then keeps its current asset (never reverts).
   */
  policyAssetChangeAt(kind: ChangeablePolicyAsset, height: number): Uint8Array | undefined {
    return this.policyAssetSchedules[kind].at(height);
  }

  /** `GetContractHash(height)` (chain spec §8). */
  contractHashAt(height: number): Uint8Array {
    return this.contract.hashAt(height);
  }

  /**
   * The hash wallet keys are tweaked with (script spec §7): the height-0 contract hash when
   * `-embedcontract` is on and `-contractintx` off; zero (no tweak) otherwise.
   */
  get keyTweakHash(): Uint8Array {
    if (!this.options.embedContract || this.options.contractInTx) return ZERO32.slice();
    return this.contract.height0Hash;
  }
}

function buildConsensus(options: ChainOptions, cls: ChainParamsClass, genesis: Genesis): ConsensusParams {
  const o = options.consensusOverrides;
  const deployments: Record<DeploymentName, Bip9Deployment> = {
    testdummy: { bit: 28, startTime: 0n, timeout: NO_TIMEOUT, alwaysActive: false },
    csv: { bit: 0, startTime: 0n, timeout: NO_TIMEOUT, alwaysActive: true },
    segwit: { bit: 1, startTime: 0n, timeout: NO_TIMEOUT, alwaysActive: true },
  };
  let window = o.minerConfirmationWindow ?? 144;
  let threshold = o.ruleChangeActivationThreshold ?? 108;
  if (cls === 'main') {
    // The main class overrides these after the custom constructor read the -con_* options.
    window = 2016;
    threshold = 1916;
    deployments.testdummy = { bit: 28, startTime: 1199145601n, timeout: 1230767999n, alwaysActive: false };
  }
  for (const b of options.bip9Params) {
    deployments[b.deployment] = { ...deployments[b.deployment], startTime: b.startTime, timeout: b.timeout };
  }
  const toItems = (list: readonly { script: Uint8Array; height: number }[]) => list.map((c) => ({ height: c.height, value: c.script }));
  return new ConsensusParams({
    genesisHash: genesis.hash,
    subsidyHalvingInterval: o.subsidyHalvingInterval ?? 150,
    bip34Height: o.bip34Height ?? 100_000_000,
    bip34Hash: o.bip34Hash ?? ZERO32.slice(),
    bip65Height: o.bip65Height ?? 1351,
    bip66Height: o.bip66Height ?? 1251,
    powLimit: o.powLimit ?? MAX_UINT256_HALF.slice(),
    parentPowLimit: o.parentPowLimit ?? MAX_UINT256_HALF.slice(),
    powTargetSpacing: o.powTargetSpacing ?? 600n,
    powTargetTimespan: o.powTargetTimespan ?? 14n * 24n * 60n * 60n,
    powAllowMinDifficultyBlocks: o.powAllowMinDifficultyBlocks ?? true,
    powNoRetargeting: o.powNoRetargeting ?? true,
    ruleChangeActivationThreshold: threshold,
    minerConfirmationWindow: window,
    deployments,
    minimumChainWork: o.minimumChainWork ?? ZERO32.slice(),
    defaultAssumeValid: o.defaultAssumeValid ?? ZERO32.slice(),
    peggedAsset: genesis.peggedAsset,
    parentGenesisBlockHash: options.parentGenesisBlockHash,
    parentContract: options.parentContract,
    fedpegAddress: options.fedpegAddress,
    fedpegScript: options.fedpegScript,
    genesisChallenge: options.signBlockScript,
    mandatoryCoinbase: options.mandatoryCoinbase,
    peginConfirmationDepth: options.peginConfirmationDepth,
    signBlockScriptSchedule: new HeightSchedule(toItems(options.signBlockScriptChanges)),
    coinbaseSchedule: new HeightSchedule(toItems(options.coinbaseChanges)),
    disabledOutputs: options.disabledOutputs,
  });
}
