/** The `-debug` categories of Bitcoin Core 0.14 (unknown names are accepted and simply match nothing else). */
export const DEBUG_CATEGORIES: readonly string[] = Object.freeze([
  'addrman', 'alert', 'bench', 'cmpctblock', 'coindb', 'db', 'http', 'libevent', 'lock', 'mempool',
  'mempoolrej', 'net', 'proxy', 'prune', 'rand', 'reindex', 'rpc', 'selectcoins', 'tor', 'zmq',
]);

/**
 * Which debug categories are logged (0.14's `fDebug` / `LogAcceptCategory`): `-debug` with no
 * value, `1` or `all` enables every category; any `0` (also `-nodebug`) disables debugging
 * altogether; otherwise the named categories.
 */
export class DebugCategories {
  private constructor(
    readonly all: boolean,
    readonly categories: ReadonlySet<string>,
  ) {}

  static readonly NONE = new DebugCategories(false, new Set());

  static fromValues(values: readonly string[]): DebugCategories {
    if (values.length === 0 || values.includes('0')) return DebugCategories.NONE;
    const all = values.some((v) => v === '' || v === '1' || v === 'all');
    return new DebugCategories(all, new Set(values.filter((v) => v !== '' && v !== '1' && v !== 'all')));
  }

  /** Any debug logging at all (`fDebug`). */
  get enabled(): boolean {
    return this.all || this.categories.size > 0;
  }

  /** Whether debug lines of `category` are logged (a line without a category: when anything is). */
  accepts(category: string | undefined): boolean {
    if (category === undefined) return this.enabled;
    return this.all || this.categories.has(category);
  }
}
