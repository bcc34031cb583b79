/** `BITCOIN_TIMEDATA_MAX_SAMPLES`. */
const MAX_SAMPLES = 200;

/**
 * Core 0.14's `AddTimeData` / `GetTimeOffset`: the median of the peers' clock offsets (one sample per
 * address, at most 200, the filter starting with one 0), taken when there are at least 5 samples and
 * their number is odd, and used only when it is within `-maxtimeadjustment`.
 */
export class TimeData {
  readonly #known = new Set<string>();
  readonly #samples: number[] = [0];
  #offset = 0;
  #warned = false;

  constructor(
    private readonly maxAdjustment: number,
    /** Called once when peers disagree with our clock by more than the limit and none is close. */
    private readonly onClockWarning: (message: string) => void = () => {},
  ) {}

  /** `GetTimeOffset`, seconds. */
  get offset(): number {
    return this.#offset;
  }

  /** `AddTimeData(ip, offset)`; `ipKey` identifies the address (duplicates are ignored). */
  add(ipKey: string, sample: number): void {
    if (this.#known.size === MAX_SAMPLES || this.#known.has(ipKey)) return;
    this.#known.add(ipKey);
    this.#samples.push(sample);
    if (this.#samples.length > MAX_SAMPLES) this.#samples.shift();
    const n = this.#samples.length;
    if (n < 5 || n % 2 === 0) return;
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const median = sorted[(n - 1) / 2]!;
    if (Math.abs(median) <= Math.max(0, this.maxAdjustment)) {
      this.#offset = median;
      return;
    }
    this.#offset = 0;
    if (!this.#warned && !sorted.some((o) => o !== 0 && Math.abs(o) < 5 * 60)) {
      this.#warned = true;
      this.onClockWarning("Please check that your computer's date and time are correct! If your clock is wrong, Ocean Core will not work properly.");
    }
  }
}
