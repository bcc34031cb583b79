import { BsonError } from './bson-error.js';

/**
 * The BSON values this codec supports — exactly what the Mainstay collections use (spec mainstay.md
 * §5.1): JS `number` = double (0x01), `string` (0x02), {@link BsonDocument} (0x03), array (0x04),
 * {@link BsonObjectId} (0x07), `boolean` (0x08), {@link BsonDateTime} (0x09), `null` (0x0A),
 * {@link BsonInt32} (0x10) and `bigint` = int64 (0x12). Every other BSON type is rejected.
 */
export type BsonValue =
  | number
  | string
  | boolean
  | null
  | bigint
  | BsonInt32
  | BsonDateTime
  | BsonObjectId
  | BsonDocument
  | readonly BsonValue[];

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

/** A 32-bit signed integer (BSON type 0x10); plain numbers encode as doubles. */
export class BsonInt32 {
  constructor(readonly value: number) {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new BsonError(`int32 out of range: ${String(value)}`);
    }
  }
}

/** A UTC datetime (BSON type 0x09): signed milliseconds since the epoch, any int64. */
export class BsonDateTime {
  constructor(readonly ms: bigint) {
    if (typeof ms !== 'bigint' || ms < INT64_MIN || ms > INT64_MAX) throw new BsonError(`datetime out of int64 range: ${String(ms)}`);
  }

  static fromMillis(ms: number): BsonDateTime {
    if (!Number.isSafeInteger(ms)) throw new BsonError(`datetime milliseconds must be a safe integer: ${ms}`);
    return new BsonDateTime(BigInt(ms));
  }

  /** The milliseconds as a number (throws if they are not a safe integer). */
  toMillis(): number {
    const n = Number(this.ms);
    if (!Number.isSafeInteger(n)) throw new BsonError(`datetime ${this.ms} is outside the safe integer range`);
    return n;
  }
}

/** A Mongo ObjectId (BSON type 0x07), kept as its opaque 12 bytes. */
export class BsonObjectId {
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array) || bytes.length !== 12) throw new BsonError('an ObjectId is exactly 12 bytes');
    this.bytes = Uint8Array.from(bytes);
  }

  toHex(): string {
    return Buffer.from(this.bytes).toString('hex');
  }
}

/** A BSON document: its fields in order (order is part of the bytes), keys unique. */
export class BsonDocument {
  readonly entries: readonly (readonly [string, BsonValue])[];
  private readonly index: ReadonlyMap<string, BsonValue>;

  constructor(entries: Iterable<readonly [string, BsonValue]>) {
    const list = [...entries].map(([k, v]) => [k, v] as const);
    const index = new Map<string, BsonValue>();
    for (const [k, v] of list) {
      if (index.has(k)) throw new BsonError(`duplicate key ${JSON.stringify(k)}`);
      index.set(k, v);
    }
    this.entries = list;
    this.index = index;
  }

  get(key: string): BsonValue | undefined {
    return this.index.get(key);
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  keys(): string[] {
    return this.entries.map(([k]) => k);
  }
}
