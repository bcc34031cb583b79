import { spawn } from 'node:child_process';

/** What a child reported before it was killed. */
export interface KilledRun {
  /** It printed its `ready …` line (it had opened its store). */
  ready: boolean;
  /** The last number it printed (the last durable step it reported), if any. */
  last: number | undefined;
  /** Every complete line it printed after its `ready` line. */
  readonly lines: string[];
}

/**
 * Run `node --import tsx <script> ...args` and SIGKILL it `delayMs` after it started (`fromSpawn`)
 * or after it printed `ready …`. The child prints `ready …` once, then one line per step it completed
 * (a number, or whatever the caller parses from `lines`). Exiting by itself (or the safety timeout,
 * 20 s by default) is a failure.
 */
export function runUntilKilled(script: string, args: readonly string[], delayMs: number, fromSpawn: boolean, safetyMs = 20_000): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: KilledRun = { ready: false, last: undefined, lines: [] };
    let buf = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = (): void => void child.kill('SIGKILL');
    const safety = setTimeout(kill, safetyMs);
    if (fromSpawn) timer = setTimeout(kill, delayMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!run.ready && (line === 'ready' || line.startsWith('ready '))) {
          run.ready = true;
          if (!fromSpawn) timer = setTimeout(kill, delayMs);
        } else {
          run.last = Number(line);
          if (run.ready) run.lines.push(line);
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(safety);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`${script} exited by itself (code ${code}, signal ${signal}): ${stderr}`));
      else resolve(run);
    });
  });
}
