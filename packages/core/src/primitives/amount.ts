/** Base units of one coin. */
export const COIN = 100_000_000n;
/** 21,000,000 coins: the original's MAX_MONEY. */
export const MAX_MONEY = 21_000_000n * COIN;

/** A signed 64-bit amount in base units. */
export type Amount = bigint;

/** `MoneyRange`: 0 <= v <= MAX_MONEY. */
export function moneyRange(v: Amount): boolean {
  return v >= 0n && v <= MAX_MONEY;
}
