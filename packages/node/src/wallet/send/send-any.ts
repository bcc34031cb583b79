/**
 * Ocean's `SendAnyMoney` on top of `WalletTxBuilder` (ocean-policy §11.1–11.2): the planned
 * recipient outputs, the fee asset (with another asset stepping in when the fee asset's change
 * cannot pay), the metadata output, one change address for everything, and the recursive split of
 * a transaction that is too large. Creates signed transactions; committing is the caller's.
 */
import { ConfidentialAsset, ConfidentialNonce, ConfidentialValue, TxOut } from '@ocean-ts/core';
import { dustThreshold } from '../../mempool/standardness.js';
import type { AvailableCoin } from '../ledger/available-coins.js';
import type { WalletLedger } from '../ledger/wallet-ledger.js';
import { FAIL, WalletSendError } from './send-error.js';
import { SEND_ANY_FAIL, planSendAny, splitRecipients, type AssetBalance, type SendAnyPlan } from './send-any-plan.js';
import type { CreatedTransaction, SendRecipient } from './send-types.js';
import type { BuildNodeView, WalletTxBuilder } from './wallet-tx-builder.js';

export interface SendAnyDeps {
  readonly builder: WalletTxBuilder;
  readonly ledger: WalletLedger;
  readonly isPolicyAsset: (asset: Uint8Array) => boolean;
  /** `-dustrelayfee` (satoshis per 1000 bytes). */
  readonly dustRelayFeePerKb: bigint;
}

/** What a sendany / createany call asks for (the RPC arguments, parsed). */
export interface SendAnyOptions {
  readonly scriptPubKey: Uint8Array;
  /** The destination's blinding key (a confidential address). */
  readonly blindingPubkey?: Uint8Array | undefined;
  readonly ignoreBlindFail: boolean;
  readonly splitLargeTxs: boolean;
  /** Watch-only (solvable) coins may be spent. */
  readonly allowWatchOnly: boolean;
  /** Data of the `OP_RETURN PUSH(metadata)` output (value 0, in the fee asset). */
  readonly metadataScript?: Uint8Array | undefined;
  /** Every change output goes to this script (`sendanytoaddress`'s 9th argument). */
  readonly changeScript?: Uint8Array | undefined;
}

/** One output the sendany transaction(s) must contain. */
interface AnyRecipient {
  /** Asset key for grouping (the metadata output groups with the planned fee asset). */
  readonly key: string;
  readonly asset: Uint8Array;
  readonly amount: bigint;
  /** The asset's wallet balance (picks a split half's fee asset). */
  readonly balance: bigint;
  readonly metadata: boolean;
}

function outpointKey(c: AvailableCoin): string {
  return `${c.txidKey}:${c.index}`;
}

function isInsufficientFunds(e: unknown): e is WalletSendError {
  return e instanceof WalletSendError && e.kind === 'create' && e.message === FAIL.insufficientFunds;
}

export class SendAny {
  constructor(private readonly d: SendAnyDeps) {}

  /** Steps 2–3 of SendAnyMoney with the dust threshold of an output to `scriptPubKey`. */
  plan(list: readonly AssetBalance[], amount: bigint, scriptPubKey: Uint8Array): SendAnyPlan {
    return planSendAny(list, amount, (b) =>
      dustThreshold(new TxOut(ConfidentialAsset.fromId(b.asset), ConfidentialValue.fromAmount(b.balance), ConfidentialNonce.NULL, scriptPubKey), this.d.dustRelayFeePerKb),
    );
  }

  /**
   * The signed transaction(s) paying the plan: one, or — when it is too large and splitting is on —
   * the transactions of the split halves, in creation order. Change keys stay reserved; the caller
   * keeps them (commit) or releases them.
   */
  async create(plan: SendAnyPlan, list: readonly AssetBalance[], opts: SendAnyOptions, node: BuildNodeView): Promise<CreatedTransaction[]> {
    const recipients: AnyRecipient[] = plan.payments.map((p) => ({ key: p.key, asset: p.asset, amount: p.amount, balance: p.balance, metadata: false }));
    if (opts.metadataScript !== undefined) {
      recipients.push({ key: plan.feeAsset.key, asset: plan.feeAsset.asset, amount: 0n, balance: plan.feeAsset.balance, metadata: true });
    }
    const coins = this.d.ledger
      .availableCoins({ onlySafe: true, allowWatchOnly: opts.allowWatchOnly })
      .filter((c) => c.spendable && c.assetKey !== '' && c.value >= 0n);
    const created: CreatedTransaction[] = [];
    const run = new SendAnyRun(this.d, list, opts, node, created);
    try {
      await run.part(recipients, coins, new Map(), plan.feeAsset.key);
    } catch (e) {
      for (const c of created) c.releaseKeys();
      throw e;
    }
    return created;
  }
}

/** One SendAnyMoney call: builds parts and records what was created. */
class SendAnyRun {
  constructor(
    private readonly d: SendAnyDeps,
    private readonly list: readonly AssetBalance[],
    private readonly opts: SendAnyOptions,
    private readonly node: BuildNodeView,
    private readonly created: CreatedTransaction[],
  ) {}

  /**
   * Builds `recipients` from `own` coins plus the `shared` pool (coins of assets no recipient uses,
   * free for fees; a coin used is taken out of it); a too large transaction is split (§11.2).
   */
  async part(recipients: readonly AnyRecipient[], own: readonly AvailableCoin[], shared: Map<string, AvailableCoin>, feeKey: string): Promise<void> {
    let tx: CreatedTransaction;
    try {
      tx = await this.withFee(recipients, [...own, ...shared.values()], feeKey);
    } catch (e) {
      if (!(e instanceof WalletSendError && e.kind === 'create' && e.message === FAIL.tooLarge)) throw e;
      if (!this.opts.splitLargeTxs) throw e;
      const halves = splitRecipients(recipients, (r) => r.key);
      if (halves === undefined) throw new WalletSendError('create', SEND_ANY_FAIL.tooLargeSingleAsset, e.feeRequired);
      const [left, right] = halves;
      const leftKeys = new Set(left.map((r) => r.key));
      const rightKeys = new Set(right.map((r) => r.key));
      for (const c of own) if (!leftKeys.has(c.assetKey) && !rightKeys.has(c.assetKey)) shared.set(outpointKey(c), c);
      await this.part(left, own.filter((c) => leftKeys.has(c.assetKey)), shared, halfFeeKey(left));
      await this.part(right, own.filter((c) => rightKeys.has(c.assetKey)), shared, halfFeeKey(right));
      return;
    }
    for (const c of tx.coins) shared.delete(outpointKey(c));
    this.created.push(tx);
  }

  /**
   * CreateTransaction with the fee in `feeKey`'s asset; when its coins cannot also pay the fee,
   * another non-policy asset (balance-list order) whose coins can is used instead.
   */
  private async withFee(recipients: readonly AnyRecipient[], pool: readonly AvailableCoin[], feeKey: string): Promise<CreatedTransaction> {
    const feeAsset = recipients.find((r) => r.key === feeKey)?.asset ?? this.list.find((b) => b.key === feeKey)!.asset;
    try {
      return await this.attempt(recipients, pool, feeAsset);
    } catch (e) {
      if (!isInsufficientFunds(e) || e.feeRequired <= 0n) throw e;
      const fee = e.feeRequired;
      const avail = new Map<string, bigint>();
      for (const c of pool) avail.set(c.assetKey, (avail.get(c.assetKey) ?? 0n) + c.value);
      const need = new Map<string, bigint>();
      for (const r of recipients) need.set(r.key, (need.get(r.key) ?? 0n) + r.amount);
      const spare = (k: string): bigint => (avail.get(k) ?? 0n) - (need.get(k) ?? 0n);
      // The payments themselves are not covered: no fee asset helps.
      for (const [k, v] of need) if ((avail.get(k) ?? 0n) < v) throw e;
      if (fee > (avail.get(feeKey) ?? 0n)) throw new WalletSendError('create', SEND_ANY_FAIL.feeLargerThanBalance, fee);
      for (const b of this.list) {
        if (b.key === feeKey || this.d.isPolicyAsset(b.asset) || spare(b.key) < fee) continue;
        try {
          return await this.attempt(recipients, pool, b.asset);
        } catch (e2) {
          if (!isInsufficientFunds(e2)) throw e2;
        }
      }
      throw new WalletSendError('create', SEND_ANY_FAIL.noFeeAsset, fee);
    }
  }

  private attempt(recipients: readonly AnyRecipient[], pool: readonly AvailableCoin[], feeAsset: Uint8Array): Promise<CreatedTransaction> {
    const o = this.opts;
    const out: SendRecipient[] = recipients.map((r) =>
      r.metadata
        ? { scriptPubKey: o.metadataScript!, amount: 0n, asset: feeAsset, subtractFeeFromAmount: false }
        : { scriptPubKey: o.scriptPubKey, amount: r.amount, asset: r.asset, blindingPubkey: o.blindingPubkey, subtractFeeFromAmount: false },
    );
    return this.d.builder.create(
      {
        recipients: out,
        feeAsset,
        ignoreBlindFail: o.ignoreBlindFail,
        coinControl: {
          restrictTo: pool,
          allowWatchOnly: o.allowWatchOnly,
          ...(o.changeScript !== undefined ? { changeScript: o.changeScript } : {}),
        },
      },
      this.node,
    );
  }
}

/** A split half's fee asset: its recipient asset with the largest balance (the first on ties). */
function halfFeeKey(recipients: readonly AnyRecipient[]): string {
  let best = recipients[0]!;
  for (const r of recipients) if (!r.metadata && (best.metadata || r.balance > best.balance)) best = r;
  return best.key;
}
