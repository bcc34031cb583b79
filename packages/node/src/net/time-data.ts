/** `BITCOIN_TIMEDATA_MAX_SAMPLES`. */
const MAX_SAMPLES = 200;

/** The warning `AddTimeData` raises once (Core's `strMiscWarning`, shown by getnetworkinfo `warnings`). */
export const CLOCK_WARNING = "Please check that your computer's date and time are correct! If your clock is wrong, Ocean Core will not work properly.";

const signed = (n: number): string => (n >= 0 ? `+${n}` : String(n));
/** C++ integer division (truncates toward zero). */
const minutes = (n: number): number => Math.trunc(n / 60);

/**
 * Core 0.14's `AddTimeData` / `GetTimeOffset`: the median of the peers' clock offsets (one sample per
 * address, at most 200, the filter starting with one 0), taken when there are at least 5 samples and
 * their number is odd, and used only when it is within `-maxtimeadjustment` (default 70 minutes).
 * `GetAdjustedTime` is `GetTime() + offset` (the node adds it to its clock, mock time included).
 */
export class TimeData {
  readonly #known = new Set<string>();
  readonly #samples: number[] = [0];
  #offset = 0;
  #warning = '';

  constructor(
    private readonly maxAdjustment: number,
    /** Called once when peers disagree with our clock by more than the limit and none is close. */
    private readonly onClockWarning: (message: string) => void = () => {},
    /** `LogPrint("net", …)`. */
    private readonly debug: (message: string) => void = () => {},
  ) {}

  /** `GetTimeOffset`, seconds. */
  get offset(): number {
    return this.#offset;
  }

  /** `strMiscWarning` once the clock warning was raised, else ''. */
  get warning(): string {
    return this.#warning;
  }

  /** Number of samples in the median filter (the initial 0 included). */
  get sampleCount(): number {
    return this.#samples.length;
  }

  /** `AddTimeData(ip, offset)`; `ipKey` identifies the address (duplicates are ignored). */
  add(ipKey: string, sample: number): void {
    if (this.#known.size === MAX_SAMPLES || this.#known.has(ipKey)) return;
    this.#known.add(ipKey);
    this.#samples.push(sample);
    if (this.#samples.length > MAX_SAMPLES) this.#samples.shift();
    const n = this.#samples.length;
    this.debug(`added time data, samples ${n}, offset ${signed(sample)} (${signed(minutes(sample))} minutes)`);
    if (n < 5 || n % 2 === 0) return;
    const sorted = [...this.#samples].sort((a, b) => a - b);
    const median = sorted[(n - 1) / 2]!;
    if (Math.abs(median) <= Math.max(0, this.maxAdjustment)) {
      this.#offset = median;
    } else {
      this.#offset = 0;
      if (this.#warning === '' && !sorted.some((o) => o !== 0 && Math.abs(o) < 5 * 60)) {
        this.#warning = CLOCK_WARNING;
        this.onClockWarning(CLOCK_WARNING);
      }
    }
    this.debug(`${sorted.map((o) => `${signed(o)}  `).join('')}|  nTimeOffset = ${signed(this.#offset)}  (${signed(minutes(this.#offset))} minutes)`);
  }
}
