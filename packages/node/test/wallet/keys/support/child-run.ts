import { spawn } from 'node:child_process';

/** What a child printed before it was killed. */
export interface ChildRun {
  /** It printed its `ready` line. */
  readonly ready: boolean;
  /** Every complete line after `ready`. */
  readonly lines: string[];
}

/**
 * Run `node --import tsx <script> ...args` and SIGKILL it `delayMs` after it started (`fromSpawn`)
 * or after it printed `ready`. Exiting by itself (or a 30 s safety timeout) is a failure. Like
 * test/support/kill-trial.ts, but keeps every line the child printed.
 */
export function runChildUntilKilled(script: string, args: readonly string[], delayMs: number, fromSpawn: boolean): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let ready = false;
    const lines: string[] = [];
    let buf = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = (): void => void child.kill('SIGKILL');
    const safety = setTimeout(kill, 30_000);
    if (fromSpawn) timer = setTimeout(kill, delayMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!ready && line.startsWith('ready')) {
          ready = true;
          if (!fromSpawn) timer = setTimeout(kill, delayMs);
        } else if (ready) lines.push(line);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(safety);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`${script} exited by itself (code ${code}, signal ${signal}): ${stderr}`));
      else resolve({ ready, lines });
    });
  });
}
