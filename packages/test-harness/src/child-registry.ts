import type { ChildProcess } from 'node:child_process';

/**
 * Every oceand this process started and that still runs. If the test process exits without
 * stopping them (a crash, a cancelled test), the exit hook kills them: no stray daemons.
 */
const live = new Set<ChildProcess>();
let hooked = false;

function killAll(): void {
  for (const p of live) {
    try {
      p.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

export function registerChild(p: ChildProcess): void {
  live.add(p);
  p.once('exit', () => live.delete(p));
  if (!hooked) {
    hooked = true;
    process.once('exit', killAll);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        killAll();
        process.kill(process.pid, signal);
      });
    }
  }
}
