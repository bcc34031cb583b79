import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';

/** What the original keeps of debug.log when it shrinks it (10 MB). */
export const RECENT_LOG_HISTORY_BYTES = 10_000_000;

/**
 * `-shrinkdebugfile` (Bitcoin Core's `ShrinkDebugFile`): when the log is more than 10 % larger than
 * `keepBytes`, keep only its last `keepBytes` bytes. Returns whether the file was shrunk. A missing
 * file is left alone.
 */
export function shrinkLogFile(path: string, keepBytes = RECENT_LOG_HISTORY_BYTES): boolean {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return false;
  }
  if (size <= Math.floor((keepBytes * 11) / 10)) return false;
  const fd = openSync(path, 'r');
  const tail = Buffer.alloc(keepBytes);
  let got = 0;
  try {
    while (got < keepBytes) {
      const n = readSync(fd, tail, got, keepBytes - got, size - keepBytes + got);
      if (n === 0) break;
      got += n;
    }
  } finally {
    closeSync(fd);
  }
  writeFileSync(path, tail.subarray(0, got));
  return true;
}
