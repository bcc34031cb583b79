/**
 * Core 0.14's `IsInitialBlockDownload` for a signed-block chain (minimum chain work 0): true while
 * reindexing or while the tip is older than `-maxtipage`; once false it latches false for the life
 * of the process.
 */
export class InitialBlockDownload {
  #latchedFalse = false;

  constructor(private readonly maxTipAgeSeconds: number) {}

  /** `tipTime` and `now` in seconds; `reindexing` = `fImporting || fReindex`. */
  check(tipTime: number, now: number, reindexing = false): boolean {
    if (this.#latchedFalse) return false;
    if (reindexing) return true;
    if (tipTime < now - this.maxTipAgeSeconds) return true;
    this.#latchedFalse = true;
    return false;
  }
}
