/**
 * The rolling minimum fee rate of a size-limited pool (`CTxMemPool::GetMinFee`,
 * `trackPackageRemoved`): raised to the rate of each package evicted by `TrimToSize`, decaying
 * after blocks with a 12-hour half-life (faster while the pool is small), and dropped to zero once
 * it falls below half the incremental relay fee.
 */
import { ROLLING_FEE_HALFLIFE } from './options.js';

export class RollingMinFee {
  private rate = 0;
  private lastUpdate: number;
  private blockSinceLastBump = false;

  constructor(
    now: number,
    private readonly options: { readonly incrementalRelayFee: bigint; readonly maxMempoolBytes: number },
  ) {
    this.lastUpdate = now;
  }

  /** A package with this fee rate (plus the incremental relay fee) was evicted. */
  packageRemoved(rate: bigint): void {
    if (Number(rate) > this.rate) {
      this.rate = Number(rate);
      this.blockSinceLastBump = false;
    }
  }

  /** A block was connected: decay starts (again) from now. */
  blockConnected(now: number): void {
    this.lastUpdate = now;
    this.blockSinceLastBump = true;
  }

  /** `GetMinFee(-maxmempool)` in satoshis per kB, at `now` with the pool using `usage` bytes. */
  current(now: number, usage: number): bigint {
    if (!this.blockSinceLastBump || this.rate === 0) return BigInt(Math.trunc(this.rate));
    if (now > this.lastUpdate + 10) {
      let halflife = ROLLING_FEE_HALFLIFE;
      if (usage < this.options.maxMempoolBytes / 4) halflife /= 4;
      else if (usage < this.options.maxMempoolBytes / 2) halflife /= 2;
      this.rate = this.rate / 2 ** ((now - this.lastUpdate) / halflife);
      this.lastUpdate = now;
      if (this.rate < Number(this.options.incrementalRelayFee) / 2) {
        this.rate = 0;
        return 0n;
      }
    }
    const r = BigInt(Math.trunc(this.rate));
    return r > this.options.incrementalRelayFee ? r : this.options.incrementalRelayFee;
  }
}
