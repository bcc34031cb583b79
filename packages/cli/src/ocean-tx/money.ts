import { COIN, MAX_MONEY, type JsonValue, JsonNumber } from '@ocean-ts/core';
import { atoi64 } from './c-numbers.js';
import { ToolError } from './tool-error.js';

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * Bitcoin Core 0.14 `ParseMoney`: optional blanks, whole digits (at most 10), optional `.` and up
 * to 8 decimals, optional trailing blanks. The empty string is 0. Returns undefined on failure.
 */
export function parseMoney(s: string): bigint | undefined {
  let p = 0;
  let whole = '';
  let units = 0n;
  while (isSpace(s[p])) p++;
  for (; p < s.length; p++) {
    const c = s[p];
    if (c === '.') {
      p++;
      let mult = COIN / 10n;
      while (isDigit(s[p]) && mult > 0n) {
        units += mult * BigInt(s.charCodeAt(p++) - 48);
        mult /= 10n;
      }
      break;
    }
    if (isSpace(c)) break;
    if (!isDigit(c)) return undefined;
    whole += c;
  }
  for (; p < s.length; p++) if (!isSpace(s[p])) return undefined;
  if (whole.length > 10) return undefined;
  if (units < 0n || units > COIN) return undefined;
  return atoi64(whole) * COIN + units;
}

const UPPER_BOUND = 1000000000000000000n - 1n;

/**
 * Bitcoin Core's `ParseFixedPoint(val, decimals)`: a JSON-number shaped string (optional `-`,
 * digits, optional fraction, optional exponent) whose value times 10^decimals is an integer of
 * magnitude below 10^18. Returns undefined on failure.
 */
export function parseFixedPoint(val: string, decimals: number): bigint | undefined {
  let mantissa = 0n;
  let exponent = 0n;
  let mantissaTzeros = 0n;
  let mantissaSign = false;
  let exponentSign = false;
  let ptr = 0;
  const end = val.length;
  let pointOfs = 0n;
  const processDigit = (ch: string): boolean => {
    if (ch === '0') mantissaTzeros++;
    else {
      for (let i = 0n; i <= mantissaTzeros; i++) {
        if (mantissa > UPPER_BOUND / 10n) return false;
        mantissa *= 10n;
      }
      mantissa += BigInt(ch.charCodeAt(0) - 48);
      mantissaTzeros = 0n;
    }
    return true;
  };
  if (ptr < end && val[ptr] === '-') {
    mantissaSign = true;
    ptr++;
  }
  if (ptr < end) {
    if (val[ptr] === '0') ptr++;
    else if (val[ptr]! >= '1' && val[ptr]! <= '9') {
      while (ptr < end && isDigit(val[ptr])) {
        if (!processDigit(val[ptr]!)) return undefined;
        ptr++;
      }
    } else return undefined;
    if (ptr < end && val[ptr] === '.') {
      ptr++;
      if (ptr < end && isDigit(val[ptr])) {
        while (ptr < end && isDigit(val[ptr])) {
          if (!processDigit(val[ptr]!)) return undefined;
          ptr++;
          pointOfs++;
        }
      } else return undefined;
    }
    if (ptr < end && (val[ptr] === 'e' || val[ptr] === 'E')) {
      ptr++;
      if (ptr < end && val[ptr] === '+') ptr++;
      else if (ptr < end && val[ptr] === '-') {
        exponentSign = true;
        ptr++;
      }
      if (ptr < end && isDigit(val[ptr])) {
        while (ptr < end && isDigit(val[ptr])) {
          if (exponent > UPPER_BOUND / 10n) return undefined;
          exponent = exponent * 10n + BigInt(val.charCodeAt(ptr) - 48);
          ptr++;
        }
      } else return undefined;
    }
    if (ptr !== end) return undefined;
  } else return undefined;
  if (exponentSign) exponent = -exponent;
  exponent = exponent - pointOfs + mantissaTzeros;
  if (mantissaSign) mantissa = -mantissa;
  exponent += BigInt(decimals);
  if (exponent < 0n) return undefined;
  if (exponent >= 18n) return undefined;
  for (let i = 0n; i < exponent; i++) {
    if (mantissa > UPPER_BOUND / 10n || mantissa < -(UPPER_BOUND / 10n)) return undefined;
    mantissa *= 10n;
  }
  if (mantissa > UPPER_BOUND || mantissa < -UPPER_BOUND) return undefined;
  return mantissa;
}

/**
 * `AmountFromValue` (rpc/server.cpp): a JSON number or string parsed with 8 decimals and within
 * 0…MAX_MONEY; the original's RPC error messages.
 */
export function amountFromValue(v: JsonValue): bigint {
  let text: string;
  if (v instanceof JsonNumber) text = v.raw;
  else if (typeof v === 'string') text = v;
  else throw new ToolError('Amount is not a number or string');
  const amount = parseFixedPoint(text, 8);
  if (amount === undefined) throw new ToolError('Invalid amount');
  if (amount < 0n || amount > MAX_MONEY) throw new ToolError('Amount out of range');
  return amount;
}
