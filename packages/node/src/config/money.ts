const COIN = 100_000_000n;

/**
 * Bitcoin Core's `ParseMoney`: optional surrounding blanks, up to 10 integer digits, optional
 * `.` and up to 8 decimals; no sign, no exponent, nothing after the number but blanks. Returns
 * satoshis, or undefined when the text is not an amount.
 */
export function parseMoney(text: string): bigint | undefined {
  const m = /^\s*(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m) return undefined;
  const whole = m[1] ?? '';
  const frac = m[2] ?? '';
  if (whole.length > 10 || frac.length > 8) return undefined;
  // "" (or blanks only) is 0 in the original too
  return BigInt(whole === '' ? '0' : whole) * COIN + BigInt(frac.padEnd(8, '0'));
}

/** `0.00001000`-style text of a satoshi amount (8 decimals). */
export function formatMoney(sats: bigint): string {
  const neg = sats < 0n;
  const abs = neg ? -sats : sats;
  return `${neg ? '-' : ''}${abs / COIN}.${(abs % COIN).toString().padStart(8, '0')}`;
}
