import { bytesEqual, toDisplayHex } from '../encoding/hex.js';
import type { AssetDirEntry } from './chain-options.js';
import { ChainParamsError } from './errors.js';

/** Labels a user may not assign with `-assetdir`. */
export const PROTECTED_ASSET_LABELS: readonly string[] = ['', '*', 'CBT', 'Cbt', 'cbt'];
/** The pegged asset's label. */
export const PEGGED_ASSET_LABEL = 'CBT';

/**
 * Asset labels (`src/assetsdir.cpp`, assets spec §7): the `-assetdir` labels first, then `CBT` for
 * the pegged asset, then the labels of the genesis policy assets. Each asset and each label may
 * appear once. Asset ids are internal order.
 */
export class AssetLabels {
  private readonly list: { readonly label: string; readonly asset: Uint8Array }[] = [];
  private readonly byLabel = new Map<string, Uint8Array>();
  private readonly byAssetHex = new Map<string, string>();

  private constructor() {}

  /**
   * Build the table; throws `ChainParamsError` (`Error in -assetdir: …`) for a protected user label or
   * a duplicated asset / label.
   */
  static build(
    userEntries: readonly AssetDirEntry[],
    peggedAsset: Uint8Array,
    builtIn: Iterable<readonly [label: string, asset: Uint8Array]> = [],
  ): AssetLabels {
    const t = new AssetLabels();
    for (const e of userEntries) {
      if (PROTECTED_ASSET_LABELS.includes(e.label)) throw new ChainParamsError(`Error in -assetdir: '${e.label}' label is protected`, 'assetdir');
      t.add(e.label, e.asset);
    }
    t.add(PEGGED_ASSET_LABEL, peggedAsset);
    for (const [label, asset] of builtIn) t.add(label, asset);
    return t;
  }

  private add(label: string, asset: Uint8Array): void {
    const hex = toDisplayHex(asset);
    if (this.byAssetHex.has(hex)) throw new ChainParamsError(`Error in -assetdir: duplicated asset '${hex}'`, 'assetdir');
    if (this.byLabel.has(label)) throw new ChainParamsError(`Error in -assetdir: duplicated label '${label}'`, 'assetdir');
    const copy = asset.slice();
    this.list.push({ label, asset: copy });
    this.byLabel.set(label, copy);
    this.byAssetHex.set(hex, label);
  }

  /** The asset labelled `label` (exact match). */
  assetFor(label: string): Uint8Array | undefined {
    return this.byLabel.get(label);
  }

  /** The label of `asset`, if any. */
  labelFor(asset: Uint8Array): string | undefined {
    return this.byAssetHex.get(toDisplayHex(asset));
  }

  /** All (label, asset) pairs in the order they were assigned. */
  entries(): readonly { readonly label: string; readonly asset: Uint8Array }[] {
    return this.list;
  }

  /** `dumpassetlabels`: `{ label: asset display hex }`. */
  toRecord(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.list) out[e.label] = toDisplayHex(e.asset);
    return out;
  }

  /**
   * RPC asset-argument resolution: a label first, then a 64-character display hex asset id;
   * undefined when neither matches.
   */
  resolve(labelOrHex: string): Uint8Array | undefined {
    const byLabel = this.byLabel.get(labelOrHex);
    if (byLabel) return byLabel;
    if (!/^[0-9a-fA-F]{64}$/.test(labelOrHex)) return undefined;
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[31 - i] = parseInt(labelOrHex.slice(2 * i, 2 * i + 2), 16);
    return out;
  }

  /** True when `asset` has a label. */
  has(asset: Uint8Array): boolean {
    return this.list.some((e) => bytesEqual(e.asset, asset));
  }
}
