import { BsonError } from './bson-error.js';
import { MIN_BSON_SIZE, resolveLimits, type BsonLimits } from './bson-limits.js';
import { BsonDateTime, BsonDocument, BsonInt32, BsonObjectId, type BsonValue } from './bson-value.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads one document strictly: every length, terminator and type is checked against its bounds. */
class BsonReader {
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxDepth: number,
    /** Added to every offset in an error (the document's position in a file). */
    private readonly base: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private fail(detail: string, at: number): never {
    throw new BsonError(detail, this.base + at);
  }

  private need(at: number, n: number, limit: number, what: string): void {
    if (at + n > limit) this.fail(`${what} runs past the end of its document`, at);
  }

  /** The document (or array) whose int32 size is at `at`; `limit` = first byte it may not use. */
  document(at: number, limit: number, depth: number, isArray: boolean): { value: BsonDocument | BsonValue[]; end: number } {
    if (depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`, at);
    this.need(at, 4, limit, 'document size');
    const size = this.view.getInt32(at, true);
    if (size < MIN_BSON_SIZE) this.fail(`document size ${size} is below the minimum of ${MIN_BSON_SIZE}`, at);
    if (at + size > limit) this.fail(`document size ${size} runs past the end of its container`, at);
    const end = at + size;
    const last = end - 1;
    if (this.bytes[last] !== 0) this.fail('document does not end with NUL', last);
    const entries: [string, BsonValue][] = [];
    const seen = new Set<string>();
    let p = at + 4;
    while (p < last) {
      const typeAt = p;
      const type = this.bytes[p]!;
      p++;
      const keyEnd = this.bytes.indexOf(0, p);
      if (keyEnd < 0 || keyEnd >= last) this.fail('key is not NUL-terminated within its document', p);
      const key = this.text(p, keyEnd, 'key');
      if (isArray ? key !== String(entries.length) : seen.has(key)) {
        this.fail(isArray ? `array key ${JSON.stringify(key)} where ${entries.length} was expected` : `duplicate key ${JSON.stringify(key)}`, p);
      }
      seen.add(key);
      p = keyEnd + 1;
      const r = this.value(type, typeAt, key, p, last, depth);
      entries.push([key, r.value]);
      p = r.end;
    }
    return { value: isArray ? entries.map(([, v]) => v) : new BsonDocument(entries), end };
  }

  private value(type: number, typeAt: number, key: string, p: number, limit: number, depth: number): { value: BsonValue; end: number } {
    switch (type) {
      case 0x01:
        this.need(p, 8, limit, `double ${JSON.stringify(key)}`);
        return { value: this.view.getFloat64(p, true), end: p + 8 };
      case 0x02: {
        this.need(p, 4, limit, `string length of ${JSON.stringify(key)}`);
        const len = this.view.getInt32(p, true);
        if (len < 1) this.fail(`string length ${len} of ${JSON.stringify(key)} is below 1`, p);
        this.need(p + 4, len, limit, `string ${JSON.stringify(key)}`);
        const nul = p + 4 + len - 1;
        if (this.bytes[nul] !== 0) this.fail(`string ${JSON.stringify(key)} does not end with NUL`, nul);
        return { value: this.text(p + 4, nul, `string ${JSON.stringify(key)}`), end: nul + 1 };
      }
      case 0x03:
      case 0x04: {
        const r = this.document(p, limit, depth + 1, type === 0x04);
        return { value: r.value, end: r.end };
      }
      case 0x07:
        this.need(p, 12, limit, `ObjectId ${JSON.stringify(key)}`);
        return { value: new BsonObjectId(this.bytes.subarray(p, p + 12)), end: p + 12 };
      case 0x08: {
        this.need(p, 1, limit, `boolean ${JSON.stringify(key)}`);
        const b = this.bytes[p]!;
        if (b > 1) this.fail(`boolean ${JSON.stringify(key)} has byte ${b} (only 0 or 1)`, p);
        return { value: b === 1, end: p + 1 };
      }
      case 0x09:
        this.need(p, 8, limit, `datetime ${JSON.stringify(key)}`);
        return { value: new BsonDateTime(this.view.getBigInt64(p, true)), end: p + 8 };
      case 0x0a:
        return { value: null, end: p };
      case 0x10:
        this.need(p, 4, limit, `int32 ${JSON.stringify(key)}`);
        return { value: new BsonInt32(this.view.getInt32(p, true)), end: p + 4 };
      case 0x12:
        this.need(p, 8, limit, `int64 ${JSON.stringify(key)}`);
        return { value: this.view.getBigInt64(p, true), end: p + 8 };
      default:
        return this.fail(`unsupported BSON type 0x${type.toString(16).padStart(2, '0')} for key ${JSON.stringify(key)}`, typeAt);
    }
  }

  private text(from: number, to: number, what: string): string {
    try {
      return utf8.decode(this.bytes.subarray(from, to));
    } catch {
      return this.fail(`${what} is not valid UTF-8`, from);
    }
  }
}

export interface DecodeOptions extends BsonLimits {
  /** Added to the offsets reported in errors (e.g. the document's offset in its file). */
  readonly baseOffset?: number;
}

/**
 * Decode exactly one BSON document filling all of `bytes`. Any malformation — sizes, NUL
 * terminators, string lengths, UTF-8, booleans other than 0/1, array keys out of sequence, duplicate
 * keys, unsupported types, nesting or size over the limits — throws {@link BsonError} with the
 * offset; nothing else is ever thrown.
 */
export function decodeBson(bytes: Uint8Array, options: DecodeOptions = {}): BsonDocument {
  const { maxSize, maxDepth } = resolveLimits(options);
  const base = options.baseOffset ?? 0;
  if (bytes.length < MIN_BSON_SIZE) throw new BsonError(`${bytes.length} bytes cannot hold a document (minimum ${MIN_BSON_SIZE})`, base);
  const size = new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true);
  if (size > maxSize) throw new BsonError(`document size ${size} exceeds the ${maxSize}-byte limit`, base);
  if (size !== bytes.length) throw new BsonError(`document size ${size} does not match the ${bytes.length} bytes given`, base);
  return new BsonReader(bytes, maxDepth, base).document(0, bytes.length, 1, false).value as BsonDocument;
}
