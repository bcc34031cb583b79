import { assert, type Reader, type Writer } from '@ocean-ts/core';

/**
 * `CBlockLocator` in its network form: int32 version (the sender's stream version; ignored by
 * Core on receipt) then `Vector<uint256>` of block hashes, newest first. Core 0.14 has no
 * `MAX_LOCATOR_SZ`: the count is bounded by the payload only (ADR 0038).
 */
export class BlockLocator {
  constructor(
    readonly version: number,
    readonly hashes: readonly Uint8Array[],
  ) {
    assert(Number.isInteger(version) && version >= -0x80000000 && version <= 0x7fffffff, 'locator version is an int32');
    for (const h of hashes) assert(h.length === 32, 'locator hashes are 32 bytes');
  }

  write(w: Writer): void {
    w.i32le(this.version).compactSize(this.hashes.length);
    for (const h of this.hashes) w.bytes(h);
  }

  static read(r: Reader): BlockLocator {
    const version = r.i32le();
    const n = r.count(32, 'locator hashes');
    const hashes: Uint8Array[] = [];
    for (let i = 0; i < n; i++) hashes.push(r.bytesCopy(32, 'locator hash'));
    return new BlockLocator(version, hashes);
  }
}
