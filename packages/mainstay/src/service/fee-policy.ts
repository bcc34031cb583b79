/**
 * The attestation fee policy (spec mainstay.md §2.5; the original's `attestation/attestfees.go`).
 * Rates are integer satoshis per byte. Pure apart from the injected {@link FeeSource}.
 */
import type { FeeSource } from './fee-source.js';

export const DEFAULT_MIN_FEE = 10;
export const DEFAULT_MAX_FEE = 100;
export const DEFAULT_FEE_INCREMENT = 5;

/** The `fees` config section as parsed: −1 (or any invalid number) means "not configured". */
export interface FeeConfig {
  readonly minFee: number;
  readonly maxFee: number;
  readonly feeIncrement: number;
}

/** Validated limits. */
export interface FeeLimits {
  readonly minFee: number;
  readonly maxFee: number;
  readonly feeIncrement: number;
}

export interface ValidatedFeeLimits {
  readonly limits: FeeLimits;
  /** One message per value replaced by its default (the original logs these as warnings). */
  readonly warnings: readonly string[];
}

function isInt(x: number): boolean {
  return Number.isSafeInteger(x);
}

/**
 * The start-up validation: `minFee` is kept if `0 < minFee < 100` (else 10); `maxFee` if it is
 * `> 0`, greater than the (validated) minimum and `< 100` (else 100 — so a configured max ≥ 100
 * always becomes 100); `feeIncrement` if `> 0` (else 5).
 */
export function validateFeeConfig(config: Partial<FeeConfig>): ValidatedFeeLimits {
  const warnings: string[] = [];
  const min = config.minFee ?? -1;
  const max = config.maxFee ?? -1;
  const inc = config.feeIncrement ?? -1;

  let minFee = DEFAULT_MIN_FEE;
  if (isInt(min) && min > 0 && min < DEFAULT_MAX_FEE) minFee = min;
  else if (min !== -1) warnings.push(`invalid minFee ${min}: using default ${DEFAULT_MIN_FEE}`);

  let maxFee = DEFAULT_MAX_FEE;
  if (isInt(max) && max > 0 && max > minFee && max < DEFAULT_MAX_FEE) maxFee = max;
  else if (max !== -1) warnings.push(`invalid maxFee ${max}: using default ${DEFAULT_MAX_FEE}`);

  let feeIncrement = DEFAULT_FEE_INCREMENT;
  if (isInt(inc) && inc > 0) feeIncrement = inc;
  else if (inc !== -1) warnings.push(`invalid feeIncrement ${inc}: using default ${DEFAULT_FEE_INCREMENT}`);

  return { limits: { minFee, maxFee, feeIncrement }, warnings };
}

/** The rates of one RBF bump of an unconfirmed attestation. */
export interface FeeBump {
  /** The rate the transaction being replaced paid. */
  readonly previous: number;
  /** The rate of the replacement. */
  readonly current: number;
  /** `current − previous`: what to deduct, per byte, from the output of the unsigned replacement. */
  readonly delta: number;
}

export interface FeePolicyOptions {
  /** Reset to the minimum instead of asking the source (the original's regtest mode). */
  readonly useMinimum?: boolean;
  /** Required unless `useMinimum`. */
  readonly source?: FeeSource;
}

/**
 * `currentFee` / `prevFee` and the "already bumped since the last send" flag. Starts at
 * `minFee` (as a `reset` with `useMinimum` would leave it); call {@link reset} once at start-up.
 */
export class FeePolicy {
  readonly limits: FeeLimits;
  readonly #useMinimum: boolean;
  readonly #source: FeeSource | undefined;
  #current: number;
  #prev = 0;
  #bumped = false;

  constructor(limits: FeeLimits, options: FeePolicyOptions = {}) {
    if (!(limits.minFee > 0 && limits.maxFee >= limits.minFee && limits.feeIncrement > 0)) {
      throw new RangeError(`inconsistent fee limits ${JSON.stringify(limits)} (use validateFeeConfig)`);
    }
    this.limits = limits;
    this.#useMinimum = options.useMinimum ?? false;
    this.#source = options.source;
    if (!this.#useMinimum && this.#source === undefined) throw new TypeError('a FeeSource is required unless useMinimum is set');
    this.#current = limits.minFee;
  }

  /** The rate the next (or current) attestation pays. */
  get currentFee(): number {
    return this.#current;
  }

  /** The rate before the last bump (0 after a reset). */
  get prevFee(): number {
    return this.#prev;
  }

  /** True once the fee was bumped and the replacement has not been sent yet. */
  get isFeeBumped(): boolean {
    return this.#bumped;
  }

  /**
   * `ResetFee`: the minimum (with `useMinimum`) or the source's recommendation, clamped to
   * `[minFee, maxFee]`; a failing or empty source counts as −1 and so yields the minimum.
   * `prevFee` becomes 0. Runs at start-up, after each confirmation and on recovery from a confirmed tip.
   */
  async reset(): Promise<void> {
    let rate = this.limits.minFee;
    if (!this.#useMinimum) {
      rate = -1;
      try {
        const r = await this.#source!.recommendedFeeRate();
        if (r !== undefined && Number.isFinite(r)) rate = Math.floor(r);
      } catch {
        rate = -1;
      }
    }
    this.#setClamped(rate);
    this.#prev = 0;
  }

  /** `BumpFee`: `prevFee = currentFee`, `currentFee += feeIncrement` capped at `maxFee`. */
  bump(): void {
    this.#prev = this.#current;
    this.#current = Math.min(this.#current + this.limits.feeIncrement, this.limits.maxFee);
  }

  /**
   * `setCurrentFee` (recovery from an unconfirmed attestation in the mempool: its paid rate),
   * clamped to `[minFee, maxFee]` like every other way of setting the rate. Clears the bump flag.
   */
  setCurrent(rate: number): void {
    this.#setClamped(Number.isFinite(rate) ? Math.floor(rate) : -1);
    this.#bumped = false;
  }

  /**
   * `HandleUnconfirmed`: bump once per send. The first call after a send bumps and returns
   * `(previous = old current, current = bumped)`; further calls before the next send (a signing
   * retry) reuse `(prevFee, currentFee)` without bumping again.
   */
  bumpForReplacement(): FeeBump {
    let previous: number;
    if (!this.#bumped) {
      previous = this.#current;
      this.bump();
      this.#bumped = true;
    } else {
      previous = this.#prev;
    }
    return { previous, current: this.#current, delta: this.#current - previous };
  }

  /** A transaction was broadcast (`SendAttestation`): the next bump is a new one. */
  markSent(): void {
    this.#bumped = false;
  }

  #setClamped(rate: number): void {
    this.#current = Math.min(Math.max(rate, this.limits.minFee), this.limits.maxFee);
  }
}
