import { JsonNumber } from '@ocean-ts/core';

/**
 * A double as UniValue prints it (`setFloat`: `std::ostringstream << std::setprecision(16)`, i.e.
 * C's `%.16g`): 16 significant digits, trailing zeros dropped, exponent form (`e+24`, `e-05`) when
 * the exponent is below -4 or at least 16.
 */
export function doubleJson(x: number): JsonNumber {
  if (!Number.isFinite(x)) throw new RangeError('JSON numbers must be finite');
  if (x === 0) return JsonNumber.parse(Object.is(x, -0) ? '-0' : '0');
  const [mantissa, expText] = x.toExponential(15).split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = stripZeros(mantissa);
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return JsonNumber.parse(`${m}e${sign}${digits}`);
  }
  return JsonNumber.parse(stripZeros(x.toFixed(15 - exp)));
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}
