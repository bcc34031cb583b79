/**
 * The chain parameters the consensus checks read. `chain/consensus-params.ts`' `ConsensusParams`
 * satisfies this interface structurally; `SimpleConsensusRules` is a small stand-alone
 * implementation (tests, tools).
 */
import type { OutPoint } from '../primitives/outpoint.js';
import { bytesEqual } from '../encoding/hex.js';
import type { PeginParams } from './pegin.js';

export interface ConsensusRules extends PeginParams {
  /** Hash of the genesis block (internal order): exempt from the block proof, connected blindly. */
  readonly genesisHash: Uint8Array;
  /**
   * The challenge a block at `height` must carry: the `-signblockscriptchange` entry with the
   * greatest height ≤ `height`, else the parent's challenge (chain spec §4.2).
   */
  challengeAt(height: number, parentChallenge: Uint8Array): Uint8Array;
  /**
   * The script every coinbase output with a value other than explicit zero must pay to at
   * `height` (`-con_mandatorycoinbase` and `-coinbasechange`), or an empty script for "any".
   */
  mandatoryCoinbaseAt(height: number): Uint8Array;
  /** `-disabledoutput`: the outpoint counts as missing. */
  isDisabledOutput(outpoint: OutPoint): boolean;
}

/** A script that applies from a height on. */
export interface ScheduledScript {
  readonly height: number;
  readonly script: Uint8Array;
}

/** The entry with the greatest height ≤ `height` (a repeated height keeps the last one given). */
export function scheduledScriptAt(schedule: readonly ScheduledScript[], height: number): Uint8Array | undefined {
  let best: ScheduledScript | undefined;
  for (const e of schedule) if (e.height <= height && (best === undefined || e.height >= best.height)) best = e;
  return best?.script;
}

export interface SimpleConsensusRulesInit extends PeginParams {
  readonly genesisHash: Uint8Array;
  readonly signBlockScriptChanges?: readonly ScheduledScript[];
  readonly mandatoryCoinbase?: Uint8Array;
  readonly coinbaseChanges?: readonly ScheduledScript[];
  readonly disabledOutputs?: readonly OutPoint[];
}

export class SimpleConsensusRules implements ConsensusRules {
  readonly genesisHash: Uint8Array;
  readonly peggedAsset: Uint8Array;
  readonly parentGenesisBlockHash: Uint8Array;
  private readonly signBlockScriptChanges: readonly ScheduledScript[];
  private readonly mandatoryCoinbase: Uint8Array;
  private readonly coinbaseChanges: readonly ScheduledScript[];
  private readonly disabledOutputs: readonly OutPoint[];

  constructor(init: SimpleConsensusRulesInit) {
    this.genesisHash = init.genesisHash;
    this.peggedAsset = init.peggedAsset;
    this.parentGenesisBlockHash = init.parentGenesisBlockHash;
    this.signBlockScriptChanges = init.signBlockScriptChanges ?? [];
    this.mandatoryCoinbase = init.mandatoryCoinbase ?? new Uint8Array(0);
    this.coinbaseChanges = init.coinbaseChanges ?? [];
    this.disabledOutputs = init.disabledOutputs ?? [];
  }

  challengeAt(height: number, parentChallenge: Uint8Array): Uint8Array {
    return scheduledScriptAt(this.signBlockScriptChanges, height) ?? parentChallenge;
  }

  mandatoryCoinbaseAt(height: number): Uint8Array {
    if (this.mandatoryCoinbase.length === 0) return this.mandatoryCoinbase;
    return scheduledScriptAt(this.coinbaseChanges, height) ?? this.mandatoryCoinbase;
  }

  isDisabledOutput(outpoint: OutPoint): boolean {
    return this.disabledOutputs.some((o) => o.index === outpoint.index && bytesEqual(o.txid, outpoint.txid));
  }
}
