/**
 * Replays a chain through every consensus check the way a node would: CheckBlock, contextual
 * header and block checks against the previous blocks, then the ConnectBlock checks against a
 * UTXO set built from the genesis outputs onward.
 */
import type { Block } from '../../../src/primitives/block.js';
import type { Secp256k1 } from '../../../src/crypto/secp256k1.js';
import { bytesEqual } from '../../../src/encoding/hex.js';
import { MemoryCoinView } from '../../../src/consensus/coin-view.js';
import type { ConfidentialVerifier } from '../../../src/consensus/confidential-verifier.js';
import type { ConsensusRules } from '../../../src/consensus/consensus-rules.js';
import { checkBlock, contextualCheckBlock, contextualCheckBlockHeader, type HeaderContext } from '../../../src/consensus/block-checks.js';
import { connectBlock } from '../../../src/consensus/connect-block.js';
import { peginClaimKey } from '../../../src/consensus/tx-inputs.js';
import type { Reject } from '../../../src/consensus/reject.js';
import { ScriptCheckList, runScriptChecks, settleDeferred, type ScriptCheck } from '../../../src/consensus/script-check.js';
import { medianTimePast } from './corpus.js';

export class ChainReplay {
  readonly view = new MemoryCoinView();
  readonly times: number[] = [];
  readonly challenges: Uint8Array[] = [];
  readonly withdraws = new Set<string>();
  /** With `defer`: the checks the last `submit` deferred. */
  lastChecks: readonly ScriptCheck[] = [];

  constructor(
    readonly rules: ConsensusRules,
    readonly secp: Secp256k1,
    readonly verifier?: ConfidentialVerifier,
  ) {}

  get height(): number {
    return this.times.length - 1;
  }

  headerContext(adjustedTime?: number): HeaderContext {
    const i = this.times.length - 1;
    return {
      prevHeight: i,
      prevChallenge: this.challenges[i]!,
      medianTimePast: medianTimePast(this.times, i),
      adjustedTime: adjustedTime ?? this.times[i]! + 3600,
    };
  }

  /**
   * Run every check on `block` as the next block; on success apply it. With `defer`, connectBlock
   * defers the script / confidential-amount checks (kept in `lastChecks`), which then run in order
   * on this thread and settle the outcome (script-check.ts).
   */
  submit(block: Block, opts: { adjustedTime?: number; apply?: boolean; defer?: boolean } = {}): Reject | null {
    const isGenesis = bytesEqual(block.hash, this.rules.genesisHash);
    if (!isGenesis) {
      const ctx = this.headerContext(opts.adjustedTime ?? Math.max(block.header.time, this.times[this.times.length - 1]!) + 3600);
      const r1 =
        checkBlock(block, { rules: this.rules, secp: this.secp, adjustedTime: ctx.adjustedTime }) ??
        contextualCheckBlockHeader(block.header, ctx, this.rules) ??
        contextualCheckBlock(block, ctx);
      if (r1) return r1;
    }
    const height = isGenesis ? 0 : this.height + 1;
    const deferred = new ScriptCheckList();
    const result = connectBlock(
      block,
      this.view,
      {
        height,
        medianTimePast: isGenesis ? 0 : medianTimePast(this.times, this.times.length - 1),
        medianTimePastAt: (h) => medianTimePast(this.times, h),
      },
      {
        rules: this.rules,
        secp: this.secp,
        verifier: this.verifier,
        isWithdrawSpent: (g, prevout) => this.withdraws.has(peginClaimKey(g, prevout)),
        ...(opts.defer ? { scriptChecks: deferred } : {}),
      },
    );
    this.lastChecks = deferred.checks;
    const settled = opts.defer ? settleDeferred(result, runScriptChecks(deferred.checks, this.secp, this.verifier)) : result;
    if (!('view' in settled)) return settled;
    if (opts.apply !== false) {
      this.view.applyOverlay(settled.view);
      for (const p of settled.pegins) this.withdraws.add(peginClaimKey(p.parentGenesisHash, p.prevout));
      this.times.push(block.header.time);
      this.challenges.push(block.header.challenge);
    }
    return null;
  }
}
