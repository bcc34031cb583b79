import { JsonNumber } from './json-number.js';

const COIN = 100_000_000n;
const INT64_MIN = -(1n << 63n);

/**
 * Bitcoin Core's `ValueFromAmount` text: sign, whole coins, '.', exactly 8 decimals
 * (`5000.00000000`, `-0.00000001`). The argument is a signed 64-bit amount; INT64_MIN prints the
 * way the C++ prints it (`--92233720368.-54775808`: its negation overflows).
 */
export function valueFromAmount(amount: bigint): string {
  const a = BigInt.asIntN(64, amount);
  if (a === INT64_MIN) return '--92233720368.-54775808';
  const sign = a < 0n;
  const abs = sign ? -a : a;
  return `${sign ? '-' : ''}${abs / COIN}.${(abs % COIN).toString().padStart(8, '0')}`;
}

/** `ValueFromAmount` as a JSON number token. */
export function amountJson(amount: bigint): JsonNumber {
  const text = valueFromAmount(amount);
  return text.startsWith('--') ? JsonNumber.verbatim(text) : JsonNumber.parse(text);
}
