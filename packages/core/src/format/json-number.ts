import { assert } from '../encoding/errors.js';

/** Grammar of a JSON number token (RFC 8259). */
const NUMBER_TOKEN = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/**
 * A JSON number kept as its exact text token, like UniValue's `VNUM` (which stores the string it
 * was given). Amounts are built from `valueFromAmount` so they print as `5000.00000000`, never as
 * a JavaScript float.
 */
export class JsonNumber {
  private constructor(readonly raw: string) {}

  /** A number token; throws an assertion error when `raw` is not valid JSON number syntax. */
  static parse(raw: string): JsonNumber {
    assert(NUMBER_TOKEN.test(raw), `not a JSON number token: ${raw}`);
    return new JsonNumber(raw);
  }

  /**
   * A token taken verbatim, like UniValue's `UniValue(VNUM, str)` which does not validate — used only
   * where the original prints something that is not valid JSON (`ValueFromAmount(INT64_MIN)`).
   */
  static verbatim(raw: string): JsonNumber {
    return new JsonNumber(raw);
  }

  static of(n: number | bigint): JsonNumber {
    if (typeof n === 'number') assert(Number.isFinite(n), 'JSON numbers must be finite');
    return new JsonNumber(String(n));
  }

  /** True when the token has no fraction or exponent. */
  get isInteger(): boolean {
    return /^-?[0-9]+$/.test(this.raw);
  }

  toString(): string {
    return this.raw;
  }
}
