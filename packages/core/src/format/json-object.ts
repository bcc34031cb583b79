import { JsonNumber } from './json-number.js';
import type { JsonValue } from './json-value.js';

/** An ordered JSON object. Keys keep insertion order; duplicates are kept, `get` finds the first. */
export class JsonObject {
  readonly entries: [string, JsonValue][] = [];

  constructor(entries: Iterable<readonly [string, JsonValue]> = []) {
    for (const [k, v] of entries) this.entries.push([k, v]);
  }

  /** Append a key (plain JS numbers and bigints become number tokens). */
  push(key: string, value: JsonValue | number | bigint): this {
    this.entries.push([key, typeof value === 'number' || typeof value === 'bigint' ? JsonNumber.of(value) : value]);
    return this;
  }

  get(key: string): JsonValue | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }

  has(key: string): boolean {
    return this.entries.some(([k]) => k === key);
  }

  get keys(): string[] {
    return this.entries.map(([k]) => k);
  }

  get size(): number {
    return this.entries.length;
  }
}
