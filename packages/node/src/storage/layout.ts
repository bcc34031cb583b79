import { prefixedKey, u32be, readU32be } from './key-codec.js';
import type { KvStore, PrefixRange } from './kv-store.js';
import { StorageError } from './storage-error.js';
import { WriteBatch } from './write-batch.js';

/**
 * Key layout conventions (ARCHITECTURE.md "Storage and concurrency"): every subsystem that stores
 * data (block index, coins + undo, txindex, policy lists, ...) declares a `KeyspaceLayout` in its
 * own `layout.ts` — a name, a schema version and a table of one-byte key prefixes — and calls
 * `openWithSchema()` when it opens its store. Several subsystems may share one store (they must, to
 * commit one block atomically); their prefixes must then be distinct, which is checked.
 *
 * Prefix byte 0x00 is reserved for these records:
 *   0x00 0x01 <layout name>   → schema version, u32 big-endian
 *   0x00 0x02 <prefix byte>   → name of the layout that owns that prefix (UTF-8)
 */
export const META_PREFIX = 0x00;
const META_SCHEMA = 0x01;
const META_OWNER = 0x02;

export interface PrefixSpec {
  /** The key's first byte, 0x01..0xff. */
  readonly byte: number;
  /** What the keys and values under this prefix hold (shown in `describe()`). */
  readonly description: string;
}

export interface PrefixRow {
  readonly name: string;
  readonly byte: number;
  readonly description: string;
}

const NAME_RE = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * A subsystem's key layout. `P` is the union of its prefix names, so `layout.key('coin', ...)` is
 * checked at compile time.
 *
 * ```ts
 * export const COINS_LAYOUT = new KeyspaceLayout('coins', 1, {
 *   coin: { byte: 0x43, description: "'C' outpoint(txid||u32be) -> coin" },
 *   undo: { byte: 0x55, description: "'U' height u32be || block hash -> block undo" },
 *   bestBlock: { byte: 0x42, description: "'B' -> hash of the block the coins are for" },
 * });
 * COINS_LAYOUT.key('coin', outpointKey(txid, 0));
 * ```
 */
export class KeyspaceLayout<P extends string = string> {
  private readonly bytes: ReadonlyMap<string, number>;
  /** The prefix table in byte order. */
  readonly table: readonly PrefixRow[];

  constructor(
    readonly name: string,
    readonly version: number,
    prefixes: Readonly<Record<P, PrefixSpec>>,
  ) {
    if (!NAME_RE.test(name)) throw new RangeError(`keyspace layout name must match ${NAME_RE}, got '${name}'`);
    if (!Number.isInteger(version) || version < 1 || version > 0xffffffff) {
      throw new RangeError(`keyspace layout ${name}: schema version must be an integer in 1..2^32-1, got ${version}`);
    }
    const bytes = new Map<string, number>();
    const seen = new Map<number, string>();
    const rows: PrefixRow[] = [];
    for (const [prefixName, spec] of Object.entries(prefixes) as [string, PrefixSpec][]) {
      const b = spec.byte;
      if (!Number.isInteger(b) || b < 1 || b > 0xff) {
        throw new RangeError(`keyspace layout ${name}: prefix ${prefixName} must be a byte in 0x01..0xff (0x00 is reserved), got ${b}`);
      }
      const other = seen.get(b);
      if (other !== undefined) {
        throw new RangeError(`keyspace layout ${name}: prefixes ${other} and ${prefixName} both use byte 0x${hexByte(b)}`);
      }
      seen.set(b, prefixName);
      bytes.set(prefixName, b);
      rows.push({ name: prefixName, byte: b, description: spec.description });
    }
    if (rows.length === 0) throw new RangeError(`keyspace layout ${name} has no prefixes`);
    rows.sort((x, y) => x.byte - y.byte);
    this.bytes = bytes;
    this.table = rows;
  }

  /** The prefix byte of `prefixName`. */
  prefix(prefixName: P): number {
    const b = this.bytes.get(prefixName);
    if (b === undefined) throw new RangeError(`keyspace layout ${this.name} has no prefix ${prefixName}`);
    return b;
  }

  /** A key: the prefix byte of `prefixName` followed by `parts`. */
  key(prefixName: P, ...parts: Uint8Array[]): Uint8Array {
    return prefixedKey(this.prefix(prefixName), ...parts);
  }

  /** The range of every key under `prefixName`, optionally narrowed by further leading key parts. */
  range(prefixName: P, ...parts: Uint8Array[]): PrefixRange {
    return { prefix: this.key(prefixName, ...parts) };
  }

  /** The prefix table as text (for docs and `-debug` logs). */
  describe(): string {
    const lines = [`${this.name} (schema version ${this.version})`];
    for (const r of this.table) lines.push(`  0x${hexByte(r.byte)}  ${r.name.padEnd(16)} ${r.description}`);
    return lines.join('\n');
  }
}

function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}

function schemaKey(layoutName: string): Uint8Array {
  return prefixedKey(META_PREFIX, Uint8Array.of(META_SCHEMA), new TextEncoder().encode(layoutName));
}

function ownerKey(byte: number): Uint8Array {
  return Uint8Array.of(META_PREFIX, META_OWNER, byte);
}

/** The schema version recorded for `layoutName`, or undefined when there is none. */
export function readSchemaVersion(store: KvStore, layoutName: string): number | undefined {
  const v = store.get(schemaKey(layoutName));
  if (v === undefined) return undefined;
  if (v.length !== 4) {
    throw new StorageError('corrupt', `schema version record of ${layoutName} in ${store.location} is ${v.length} bytes, expected 4`, store.location);
  }
  return readU32be(v);
}

export interface SchemaOpenResult {
  /** Names of the layouts whose version record was written by this call (a fresh keyspace). */
  readonly created: readonly string[];
}

/**
 * Checks (or, for a fresh keyspace, records) the schema version of each layout in `store`:
 * - no record and no data under the layout's prefixes: writes the version and prefix owners;
 * - a record with the expected version: ok;
 * - a different version, or data without a record: StorageError('schema-mismatch') suggesting -reindex;
 * - a prefix already owned by another layout (or claimed twice in `layouts`): StorageError('layout-conflict').
 * All records this call writes go in one batch.
 */
export async function openWithSchema(store: KvStore, ...layouts: KeyspaceLayout[]): Promise<SchemaOpenResult> {
  const where = store.location;
  const claimed = new Map<number, string>();
  for (const layout of layouts) {
    for (const row of layout.table) {
      const other = claimed.get(row.byte);
      if (other !== undefined && other !== layout.name) {
        throw new StorageError('layout-conflict', `keyspace layouts ${other} and ${layout.name} both use prefix 0x${hexByte(row.byte)}`, where);
      }
      if (other === layout.name) throw new StorageError('layout-conflict', `keyspace layout ${layout.name} is listed twice`, where);
      claimed.set(row.byte, layout.name);
    }
  }
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const batch = new WriteBatch();
  const created: string[] = [];
  for (const layout of layouts) {
    const found = readSchemaVersion(store, layout.name);
    if (found !== undefined && found !== layout.version) {
      throw new StorageError(
        'schema-mismatch',
        `${layout.name} data in ${where} has schema version ${found}, expected ${layout.version}: ` +
          `it was written by a different version of oceand; restart with -reindex to rebuild it`,
        where,
      );
    }
    for (const row of layout.table) {
      const owner = store.get(ownerKey(row.byte));
      if (owner !== undefined) {
        const ownerName = decoder.decode(owner);
        if (ownerName !== layout.name) {
          throw new StorageError(
            'layout-conflict',
            `prefix 0x${hexByte(row.byte)} (${layout.name}.${row.name}) in ${where} already belongs to keyspace ${ownerName}`,
            where,
          );
        }
        continue;
      }
      if (found === undefined) {
        for (const _ of store.range({ prefix: Uint8Array.of(row.byte) }, { limit: 1 })) {
          throw new StorageError(
            'schema-mismatch',
            `${layout.name} data in ${where} has no schema version record (expected version ${layout.version}) ` +
              `but keys under prefix 0x${hexByte(row.byte)} (${row.name}); restart with -reindex to rebuild it`,
            where,
          );
        }
      }
      batch.put(ownerKey(row.byte), new TextEncoder().encode(layout.name));
    }
    if (found === undefined) {
      batch.put(schemaKey(layout.name), u32be(layout.version));
      created.push(layout.name);
    }
  }
  if (!batch.isEmpty) await store.write(batch);
  return { created };
}
