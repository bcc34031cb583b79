import { hashDataFile, normalizeDataFile } from './data-file.js';

/**
 * Contents of a chain's terms-and-conditions files, passed in by the caller (core does no I/O):
 * `latest` = `terms-and-conditions/<chain>/latest.txt`, `old[i]` = `old<i+1>.txt`. A missing file
 * is `undefined` (or an empty string).
 */
export interface TermsFiles {
  readonly latest?: string | undefined;
  readonly old?: readonly (string | undefined)[];
}

const MAX_HEIGHT = 0xffffffff;

/**
 * The contract ("terms and conditions") history of a chain and `GetContractHash` (chain spec §8,
 * policy spec §8.2). Hashes are SHA256d of the normalised text, internal order, zero for no text.
 */
export class ContractTerms {
  /** Normalised `latest.txt` (what `getcontract` returns). */
  readonly latestText: string;
  /** Normalised `old<i>.txt`, index 0 = `old1.txt`. */
  readonly oldTexts: readonly string[];
  readonly latestHash: Uint8Array;
  /** Contract hash at height 0: `old1.txt` when non-empty, else `latest.txt`. */
  readonly height0Hash: Uint8Array;
  /** Keys ascending: `-contractchange` heights and 2^32−1 (latest). */
  private readonly schedule: readonly { readonly height: number; readonly hash: Uint8Array }[];

  constructor(files: TermsFiles = {}, contractChanges: readonly number[] = []) {
    this.latestText = normalizeDataFile(files.latest);
    this.oldTexts = (files.old ?? []).map((t) => normalizeDataFile(t));
    this.latestHash = hashDataFile(this.latestText);
    const old1 = this.oldTexts[0] ?? '';
    this.height0Hash = old1 !== '' ? hashDataFile(old1) : this.latestHash;
    const map = new Map<number, Uint8Array>();
    // the i-th -contractchange (1-based) maps its height to old<i>.txt
    contractChanges.forEach((h, i) => map.set(h, hashDataFile(this.oldTexts[i])));
    map.set(MAX_HEIGHT, this.latestHash);
    this.schedule = [...map.entries()].sort((a, b) => a[0] - b[0]).map(([height, hash]) => ({ height, hash }));
  }

  /** True when the height-0 contract is non-empty. */
  get hasContract(): boolean {
    return this.height0Hash.some((b) => b !== 0);
  }

  /**
   * `GetContractHash(h)`: height 0 → `height0Hash`; otherwise the entry with the smallest key
   * strictly greater than `h` (latest when there is none).
   */
  hashAt(height: number): Uint8Array {
    if (height === 0) return this.height0Hash;
    for (const e of this.schedule) if (e.height > height) return e.hash;
    return this.latestHash;
  }
}
