/**
 * The two clocks the key store reads, injected so that tests are deterministic:
 * - `now()`: the node's adjusted time in seconds (`GetTime()`, follows `setmocktime`) — key
 *   creation times, key-pool entry times, `unlocked_until`;
 * - `monotonicMs()`: real elapsed milliseconds (`GetTimeMillis()`, never mocked) — the passphrase
 *   derivation calibration and the relock deadline of `walletpassphrase <timeout>` (Core relocks by
 *   a real-time timer, also under mock time).
 */
export interface WalletClock {
  now(): number;
  monotonicMs(): number;
}

/** System time: seconds since the epoch and `performance.now()`. */
export const systemWalletClock: WalletClock = Object.freeze({
  now: () => Math.floor(Date.now() / 1000),
  monotonicMs: () => performance.now(),
});

/** A clock whose wall time comes from the node (e.g. `FullNode.clock`, which honours mock time). */
export function nodeWalletClock(now: () => number): WalletClock {
  return { now, monotonicMs: () => performance.now() };
}
