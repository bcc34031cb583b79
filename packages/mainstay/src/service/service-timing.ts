/**
 * The attestation service's delays (spec mainstay.md §2.6), in milliseconds. The original's
 * constants are the defaults; OUR EXTENSION makes every one configurable (conf.json `timing`
 * `*Ms` keys, ADR 0047) so that an end-to-end test runs in seconds.
 */
import type { TimingConfig } from '../config/mainstay-config.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export interface ServiceTiming {
  /** `ATimeFixed`: the delay before each step unless the state sets another (1 s). */
  readonly fixedMs: number;
  /** `ATimeSigs`: the wait for signatures after publishing pre-images (1 min). */
  readonly sigsMs: number;
  /** `ATimeSkip`: the wait when the commitment root did not change (1 min). */
  readonly skipMs: number;
  /** `ATimeConfirmation`: between confirmation checks (15 min). */
  readonly confirmationMs: number;
  /** `newAttestationMinutes`: spacing of attestations, measured from send time (60 min). */
  readonly newAttestationMs: number;
  /** `handleUnconfirmedMinutes`: an attestation unconfirmed this long is fee-bumped (60 min). */
  readonly handleUnconfirmedMs: number;
  /** The delay before the first step (10 s). */
  readonly firstStepMs: number;
  /** Regtest: every delay is forced to this (5 s); undefined = not regtest. */
  readonly regtestDelayMs: number | undefined;
}

export const DEFAULT_NEW_ATTESTATION_MINUTES = 60;
export const DEFAULT_HANDLE_UNCONFIRMED_MINUTES = 60;
export const REGTEST_DELAY_MS = 5 * SECOND;

/** The original's timing (`regtest` forces each delay to 5 s). */
export const DEFAULT_TIMING: ServiceTiming = Object.freeze({
  fixedMs: SECOND,
  sigsMs: MINUTE,
  skipMs: MINUTE,
  confirmationMs: 15 * MINUTE,
  newAttestationMs: DEFAULT_NEW_ATTESTATION_MINUTES * MINUTE,
  handleUnconfirmedMs: DEFAULT_HANDLE_UNCONFIRMED_MINUTES * MINUTE,
  firstStepMs: 10 * SECOND,
  regtestDelayMs: undefined,
});

/** Our `timing` extension keys (milliseconds; each optional, non-negative integers). */
export interface TimingOverrides {
  readonly fixedMs?: number;
  readonly sigsMs?: number;
  readonly skipMs?: number;
  readonly confirmationMs?: number;
  readonly newAttestationMs?: number;
  readonly handleUnconfirmedMs?: number;
  readonly firstStepMs?: number;
  readonly regtestDelayMs?: number;
}

/** conf.json `timing.<key>` names of the overrides. */
export const TIMING_OVERRIDE_KEYS: readonly (keyof TimingOverrides)[] = [
  'fixedMs',
  'sigsMs',
  'skipMs',
  'confirmationMs',
  'newAttestationMs',
  'handleUnconfirmedMs',
  'firstStepMs',
  'regtestDelayMs',
];

/**
 * The timing of a daemon: the original's minutes (values ≤ 0 or absent mean 60), regtest's 5 s
 * delays, then our millisecond overrides.
 */
export function resolveServiceTiming(config: TimingConfig, regtest: boolean, overrides: TimingOverrides = {}): ServiceTiming {
  const minutes = (v: number, d: number) => (Number.isSafeInteger(v) && v > 0 ? v : d) * MINUTE;
  const base: ServiceTiming = {
    ...DEFAULT_TIMING,
    newAttestationMs: minutes(config.newAttestationMinutes, DEFAULT_NEW_ATTESTATION_MINUTES),
    handleUnconfirmedMs: minutes(config.handleUnconfirmedMinutes, DEFAULT_HANDLE_UNCONFIRMED_MINUTES),
    regtestDelayMs: regtest ? REGTEST_DELAY_MS : undefined,
  };
  const out: Record<string, number | undefined> = { ...base };
  for (const key of TIMING_OVERRIDE_KEYS) {
    const v = overrides[key];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`timing.${key} must be a non-negative integer, got ${v}`);
    if (key === 'regtestDelayMs' && !regtest) continue;
    out[key] = v;
  }
  return out as unknown as ServiceTiming;
}

/** The delay actually used for a step: regtest forces its fixed delay. */
export function effectiveDelay(timing: ServiceTiming, delayMs: number): number {
  if (timing.regtestDelayMs !== undefined) return timing.regtestDelayMs;
  return Math.max(0, delayMs);
}
