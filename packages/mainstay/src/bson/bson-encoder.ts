import { BsonError } from './bson-error.js';
import { resolveLimits, type BsonLimits } from './bson-limits.js';
import { BsonDateTime, BsonDocument, BsonInt32, BsonObjectId, INT64_MAX, INT64_MIN, type BsonValue } from './bson-value.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8 = new TextEncoder();

/** A growable little-endian byte buffer. */
class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  constructor(private readonly maxSize: number) {}

  private reserve(n: number): number {
    const at = this.length;
    const need = at + n;
    if (need > this.maxSize) throw new BsonError(`document larger than the ${this.maxSize}-byte limit`);
    if (need > this.buf.length) {
      const next = new Uint8Array(Math.min(Math.max(need, this.buf.length * 2), this.maxSize));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.length = need;
    return at;
  }

  // `reserve` may replace buf/view, so it runs before they are read.
  byte(b: number): void {
    const at = this.reserve(1);
    this.buf[at] = b;
  }

  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
  }

  int32(v: number): void {
    const at = this.reserve(4);
    this.view.setInt32(at, v, true);
  }

  int64(v: bigint): void {
    const at = this.reserve(8);
    this.view.setBigInt64(at, v, true);
  }

  double(v: number): void {
    const at = this.reserve(8);
    this.view.setFloat64(at, v, true);
  }

  /** Reserve an int32 to fill in later. */
  placeholder(): number {
    return this.reserve(4);
  }

  patchInt32(at: number, v: number): void {
    this.view.setInt32(at, v, true);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function wellFormed(s: string, what: string): void {
  if (typeof s !== 'string') throw new BsonError(`${what} must be a string`);
  if (LONE_SURROGATE.test(s)) throw new BsonError(`${what} is not well-formed UTF-16 (lone surrogate)`);
}

function writeKey(w: ByteWriter, key: string): void {
  wellFormed(key, 'key');
  if (key.includes('\0')) throw new BsonError(`key ${JSON.stringify(key)} contains NUL`);
  w.bytes(utf8.encode(key));
  w.byte(0);
}

function writeDocument(w: ByteWriter, entries: readonly (readonly [string, BsonValue])[], depth: number, maxDepth: number): void {
  if (depth > maxDepth) throw new BsonError(`nesting deeper than ${maxDepth}`);
  const start = w.placeholder();
  for (const [key, value] of entries) writeElement(w, key, value, depth, maxDepth);
  w.byte(0);
  w.patchInt32(start, w.length - start);
}

function writeElement(w: ByteWriter, key: string, value: BsonValue, depth: number, maxDepth: number): void {
  if (typeof value === 'number') {
    w.byte(0x01);
    writeKey(w, key);
    w.double(value);
  } else if (typeof value === 'string') {
    wellFormed(value, `value of ${JSON.stringify(key)}`);
    const b = utf8.encode(value);
    w.byte(0x02);
    writeKey(w, key);
    w.int32(b.length + 1);
    w.bytes(b);
    w.byte(0);
  } else if (typeof value === 'boolean') {
    w.byte(0x08);
    writeKey(w, key);
    w.byte(value ? 1 : 0);
  } else if (value === null) {
    w.byte(0x0a);
    writeKey(w, key);
  } else if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) throw new BsonError(`int64 out of range for ${JSON.stringify(key)}`);
    w.byte(0x12);
    writeKey(w, key);
    w.int64(value);
  } else if (value instanceof BsonInt32) {
    w.byte(0x10);
    writeKey(w, key);
    w.int32(value.value);
  } else if (value instanceof BsonDateTime) {
    w.byte(0x09);
    writeKey(w, key);
    w.int64(value.ms);
  } else if (value instanceof BsonObjectId) {
    w.byte(0x07);
    writeKey(w, key);
    w.bytes(value.bytes);
  } else if (value instanceof BsonDocument) {
    w.byte(0x03);
    writeKey(w, key);
    writeDocument(w, value.entries, depth + 1, maxDepth);
  } else if (Array.isArray(value)) {
    w.byte(0x04);
    writeKey(w, key);
    writeDocument(w, (value as readonly BsonValue[]).map((v, i) => [String(i), v] as const), depth + 1, maxDepth);
  } else {
    throw new BsonError(`unsupported value for ${JSON.stringify(key)}: ${typeof value}`);
  }
}

/** The BSON bytes of `doc`, fields in the document's order. Throws {@link BsonError} only. */
export function encodeBson(doc: BsonDocument, limits?: BsonLimits): Uint8Array {
  const { maxSize, maxDepth } = resolveLimits(limits);
  if (!(doc instanceof BsonDocument)) throw new BsonError('the top-level value must be a BsonDocument');
  const w = new ByteWriter(maxSize);
  writeDocument(w, doc.entries, 1, maxDepth);
  return w.result();
}
