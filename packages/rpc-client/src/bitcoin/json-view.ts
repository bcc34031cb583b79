import { JsonNumber, JsonObject, writeJson, type JsonValue } from '@ocean-ts/core';
import { BitcoinResultError } from './bitcoin-result-error.js';
import { satsFromBtcValue } from './btc-amount.js';

/**
 * A typed reading of one member of an RPC result, with the path used in error messages
 * (`getblock.tx[3].vout[0].value`). `null` and an absent member both count as "absent" for the
 * `opt*` readers: bitcoind omits members that bcoin writes as `null`.
 */
export class JsonView {
  constructor(
    readonly value: JsonValue | undefined,
    readonly path: string,
  ) {}

  get absent(): boolean {
    return this.value === undefined || this.value === null;
  }

  get(key: string): JsonView {
    return new JsonView(this.object().get(key), `${this.path}.${key}`);
  }

  object(): JsonObject {
    if (this.value instanceof JsonObject) return this.value;
    return this.fail('an object');
  }

  array(): JsonView[] {
    if (Array.isArray(this.value)) return (this.value as readonly JsonValue[]).map((v, i) => new JsonView(v, `${this.path}[${i}]`));
    return this.fail('an array');
  }

  optArray(): JsonView[] | undefined {
    return this.absent ? undefined : this.array();
  }

  str(): string {
    if (typeof this.value === 'string') return this.value;
    return this.fail('a string');
  }

  optStr(): string | undefined {
    return this.absent ? undefined : this.str();
  }

  /** A hex string (any length, lowercase kept as sent). */
  hex(): string {
    const s = this.str();
    if (!/^([0-9a-fA-F]{2})*$/.test(s)) this.fail('a hex string');
    return s;
  }

  /** A 64-hex hash (txid, block hash) in display order, lowercased. */
  hash(): string {
    const s = this.str();
    if (!/^[0-9a-fA-F]{64}$/.test(s)) this.fail('a 64-digit hex hash');
    return s.toLowerCase();
  }

  optHash(): string | undefined {
    return this.absent ? undefined : this.hash();
  }

  /** An integer that fits a JS number exactly. */
  int(): number {
    if (this.value instanceof JsonNumber) {
      const raw = this.value.raw;
      if (/^-?[0-9]+$/.test(raw)) {
        const n = Number(raw);
        if (Number.isSafeInteger(n)) return n;
      }
    }
    return this.fail('an integer');
  }

  optInt(): number | undefined {
    return this.absent ? undefined : this.int();
  }

  /** Any number, as a JS number (fee rates in reports, difficulty): not for amounts. */
  num(): number {
    if (this.value instanceof JsonNumber) return Number(this.value.raw);
    return this.fail('a number');
  }

  optNum(): number | undefined {
    return this.absent ? undefined : this.num();
  }

  bool(): boolean {
    if (typeof this.value === 'boolean') return this.value;
    return this.fail('a boolean');
  }

  optBool(): boolean | undefined {
    return this.absent ? undefined : this.bool();
  }

  /** A BTC amount as exact satoshis (the number's text is parsed, never multiplied as a float). */
  sats(): number {
    const s = satsFromBtcValue(this.value ?? undefined);
    if (s === undefined) return this.fail('a BTC amount in whole satoshis');
    return s;
  }

  optSats(): number | undefined {
    return this.absent ? undefined : this.sats();
  }

  strArray(): string[] {
    return this.array().map((v) => v.str());
  }

  fail(expected: string): never {
    const got = this.value === undefined ? 'nothing' : writeJson(this.value).slice(0, 80);
    throw new BitcoinResultError(this.path, `expected ${expected}, got ${got}`);
  }
}
