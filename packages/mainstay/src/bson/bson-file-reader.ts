import { open, type FileHandle } from 'node:fs/promises';
import { BsonError } from './bson-error.js';
import { DEFAULT_MAX_BSON_SIZE, MIN_BSON_SIZE } from './bson-limits.js';

/** One document of a concatenated-BSON file (a `mongodump` `<collection>.bson`). */
export interface BsonFileDocument {
  /** Byte offset of the document in the file. */
  readonly offset: number;
  /** The document's bytes (its own copy). */
  readonly bytes: Uint8Array;
}

export interface BsonFileReadOptions {
  /** First byte to read (default 0); must be a document boundary. */
  readonly start?: number;
  /** Byte after the last document to read (default: the file's size at open). */
  readonly end?: number;
  /** Largest document accepted (default 16 MiB). */
  readonly maxSize?: number;
  /** Read-ahead buffer size (default 1 MiB). */
  readonly chunkSize?: number;
}

/**
 * Stream the documents of a concatenated-BSON file one by one, never holding more than one read
 * buffer and one document. Only the framing is checked here (the int32 size: at least 5, at most
 * `maxSize`, not past `end`); decode each document with `decodeBson`. A size that does not fit, or
 * trailing bytes that cannot hold a size, throw {@link BsonError} with the file offset. Given a path
 * the file is opened and closed here; given an open handle (many range reads), it stays open.
 */
export async function* readBsonDocuments(file: string | FileHandle, options: BsonFileReadOptions = {}): AsyncGenerator<BsonFileDocument> {
  const maxSize = options.maxSize ?? DEFAULT_MAX_BSON_SIZE;
  const handle = typeof file === 'string' ? await open(file, 'r') : file;
  try {
    const end = options.end ?? (await handle.stat()).size;
    let buf = Buffer.allocUnsafe(Math.max(options.chunkSize ?? 1 << 20, MIN_BSON_SIZE));
    /** File offset of buf[0]; buf[0..filled) holds file bytes. */
    let bufStart = options.start ?? 0;
    let filled = 0;
    let pos = bufStart;
    /** Make sure buf holds [pos, pos + n) (fewer at the end of the range); returns bytes available. */
    const ensure = async (n: number): Promise<number> => {
      const have = bufStart + filled - pos;
      if (have >= n) return have;
      const keepFrom = pos - bufStart;
      if (n > buf.length) {
        const bigger = Buffer.allocUnsafe(n);
        buf.copy(bigger, 0, keepFrom, filled);
        buf = bigger;
      } else {
        buf.copy(buf, 0, keepFrom, filled);
      }
      bufStart = pos;
      filled = have;
      while (filled < buf.length && bufStart + filled < end) {
        const want = Math.min(buf.length - filled, end - (bufStart + filled));
        const { bytesRead } = await handle.read(buf, filled, want, bufStart + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled;
    };
    while (pos < end) {
      const avail = await ensure(4);
      if (avail < 4) throw new BsonError(`truncated document: ${avail} trailing byte(s) cannot hold a document size`, pos);
      const size = buf.readInt32LE(pos - bufStart);
      if (size < MIN_BSON_SIZE) throw new BsonError(`document size ${size} is below the minimum of ${MIN_BSON_SIZE}`, pos);
      if (size > maxSize) throw new BsonError(`document size ${size} exceeds the ${maxSize}-byte limit`, pos);
      const got = await ensure(size);
      if (got < size) throw new BsonError(`truncated document: size ${size} but only ${got} byte(s) left in the file`, pos);
      const from = pos - bufStart;
      yield { offset: pos, bytes: new Uint8Array(buf.subarray(from, from + size)) };
      pos += size;
    }
  } finally {
    if (typeof file === 'string') await handle.close();
  }
}
