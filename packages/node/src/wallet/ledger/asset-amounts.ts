import { fromHex, toDisplayHex } from '@ocean-ts/core';
import { hexKey } from './hex-key.js';

export interface AssetAmount {
  /** Asset id, internal byte order. */
  readonly asset: Uint8Array;
  /** Display hex of the asset id (what the RPC layer maps to a label). */
  readonly assetHex: string;
  readonly amount: bigint;
}

/**
 * Elements' `CAmountMap`: an amount per asset, iterated in asset-id order (`std::map<CAsset, …>`,
 * memcmp of the internal bytes — which is the order of their lower-case internal hex). An asset once
 * touched keeps its entry even at zero, as `operator+=` on the map does.
 */
export class AssetAmounts {
  private readonly map = new Map<string, bigint>();

  /** Adds `amount` to the asset given by its internal-order hex key. */
  addKey(assetKey: string, amount: bigint): this {
    this.map.set(assetKey, (this.map.get(assetKey) ?? 0n) + amount);
    return this;
  }

  add(asset: Uint8Array, amount: bigint): this {
    return this.addKey(hexKey(asset), amount);
  }

  /** Adds every entry of `other` (`a += b`). */
  addAll(other: AssetAmounts): this {
    for (const [k, v] of other.map) this.addKey(k, v);
    return this;
  }

  /** Subtracts every entry of `other` (`a -= b`). */
  subtractAll(other: AssetAmounts): this {
    for (const [k, v] of other.map) this.addKey(k, -v);
    return this;
  }

  get(asset: Uint8Array): bigint {
    return this.map.get(hexKey(asset)) ?? 0n;
  }

  getKey(assetKey: string): bigint {
    return this.map.get(assetKey) ?? 0n;
  }

  hasKey(assetKey: string): boolean {
    return this.map.has(assetKey);
  }

  get size(): number {
    return this.map.size;
  }

  /** Internal-hex keys in asset-id order. */
  keys(): string[] {
    return [...this.map.keys()].sort();
  }

  /** Entries in asset-id order. */
  entries(): AssetAmount[] {
    return this.keys().map((k) => {
      const asset = fromHex(k);
      return { asset, assetHex: toDisplayHex(asset), amount: this.map.get(k)! };
    });
  }

  /** `{display hex: amount}` in asset-id order (for tests and logs). */
  toRecord(): Record<string, bigint> {
    const out: Record<string, bigint> = {};
    for (const e of this.entries()) out[e.assetHex] = e.amount;
    return out;
  }

  /** Every entry > 0 of `this` is covered: `this <= other` per asset (Elements' `operator<=` on maps). */
  allCoveredBy(other: AssetAmounts): boolean {
    for (const [k, v] of this.map) if (v > other.getKey(k)) return false;
    return true;
  }

  /** Elements' `a > CAmountMap()`: no negative entry and at least one positive one. */
  get isPositive(): boolean {
    let positive = false;
    for (const v of this.map.values()) {
      if (v < 0n) return false;
      if (v > 0n) positive = true;
    }
    return positive;
  }

  clone(): AssetAmounts {
    const c = new AssetAmounts();
    for (const [k, v] of this.map) c.map.set(k, v);
    return c;
  }
}
