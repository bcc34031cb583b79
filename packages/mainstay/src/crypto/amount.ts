/** Exact BTC → satoshi conversion (the original truncates a float product and can lose 1 sat). */
import { MainstayCryptoError } from './crypto-error.js';

const DECIMAL = /^(\d+)(?:\.(\d{0,8}))?$/;

/**
 * Satoshis of a BTC amount. A string must be a plain non-negative decimal with at most 8
 * fractional digits and is converted exactly; a number (as JSON parsing of an RPC reply gives) is
 * taken at its nearest 8-decimal value, which is exact for every amount bitcoind prints.
 */
export function btcToSatoshis(amount: string | number): bigint {
  let text: string;
  if (typeof amount === 'number') {
    if (!Number.isFinite(amount) || amount < 0 || amount >= 1e15) throw new MainstayCryptoError(`invalid BTC amount ${amount}`);
    text = amount.toFixed(8);
  } else {
    text = amount.trim();
  }
  const m = DECIMAL.exec(text);
  if (m === null) throw new MainstayCryptoError(`invalid BTC amount '${amount}'`);
  return BigInt(m[1]!) * 100_000_000n + BigInt((m[2] ?? '').padEnd(8, '0'));
}

/** The BTC decimal string of a satoshi amount (8 decimals). */
export function satoshisToBtcString(sats: bigint): string {
  const neg = sats < 0n;
  const v = neg ? -sats : sats;
  return `${neg ? '-' : ''}${v / 100_000_000n}.${(v % 100_000_000n).toString().padStart(8, '0')}`;
}
