/**
 * A "from height h on" schedule (`-signblockscriptchange`, `-coinbasechange`, `-…assetchange`):
 * the value for height `h` is the entry with the greatest height ≤ h. Entries are kept like a
 * `std::map` filled in option order, so a repeated height keeps the last value given.
 */
export class HeightSchedule<T> {
  private readonly entries: readonly { readonly height: number; readonly value: T }[];

  constructor(items: Iterable<{ readonly height: number; readonly value: T }>) {
    const byHeight = new Map<number, T>();
    for (const { height, value } of items) byHeight.set(height, value);
    this.entries = [...byHeight.entries()].sort((a, b) => a[0] - b[0]).map(([height, value]) => ({ height, value }));
  }

  static empty<T>(): HeightSchedule<T> {
    return new HeightSchedule<T>([]);
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** All entries, ascending by height. */
  get items(): readonly { readonly height: number; readonly value: T }[] {
    return this.entries;
  }

  /** The value scheduled for height `h`, or undefined when every entry is above `h`. */
  at(h: number): T | undefined {
    let found: T | undefined;
    for (const e of this.entries) {
      if (e.height > h) break;
      found = e.value;
    }
    return found;
  }
}
