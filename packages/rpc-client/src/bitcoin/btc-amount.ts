import { JsonNumber, amountJson, type JsonValue } from '@ocean-ts/core';

const AMOUNT_TEXT = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;
const DECIMALS = 8;

/**
 * Satoshis of a BTC amount given as decimal text (a JSON number token as the node printed it, or
 * a string): exact decimal arithmetic, never `x * 1e8`. Accepts a sign and an exponent (bcoin's
 * `JSON.stringify` prints `1e-7`). Returns undefined when the text is not a number, has a
 * fraction of a satoshi, or is beyond ±2^53.
 */
export function satsFromBtcText(text: string): number | undefined {
  const m = AMOUNT_TEXT.exec(text);
  if (m === null) return undefined;
  const [, sign, whole, fraction = '', exp = '0'] = m;
  if (exp.replace(/^[+-]/, '').length > 4) return undefined;
  let digits = (whole! + fraction).replace(/^0+(?=[0-9])/, '');
  let scale = Number(exp) + DECIMALS - fraction.length; // value = digits * 10^scale satoshis
  if (scale < 0) {
    const cut = digits.length + scale; // keep digits[0..cut); the rest must be zeros
    const dropped = cut > 0 ? digits.slice(cut) : digits;
    if (!/^0*$/.test(dropped)) return undefined;
    digits = cut > 0 ? digits.slice(0, cut) : '0';
    scale = 0;
  }
  if (digits.length + scale > 20) return undefined;
  const sats = BigInt(digits) * 10n ** BigInt(scale);
  if (sats > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const n = Number(sats);
  return sign === '-' && n !== 0 ? -n : n;
}

/** Satoshis of a JSON amount value (number token or string), or undefined (see `satsFromBtcText`). */
export function satsFromBtcValue(v: JsonValue | undefined): number | undefined {
  if (v instanceof JsonNumber) return satsFromBtcText(v.raw);
  if (typeof v === 'string') return satsFromBtcText(v);
  return undefined;
}

/** A BTC amount parameter for `sats` satoshis: an exact 8-decimal number token (`0.00012345`). */
export function btcJson(sats: number | bigint): JsonNumber {
  if (typeof sats === 'number' && !Number.isSafeInteger(sats)) throw new RangeError(`not a whole number of satoshis: ${sats}`);
  return amountJson(BigInt(sats));
}
