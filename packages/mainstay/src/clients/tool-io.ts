import { createInterface } from 'node:readline';

/** What a command-line tool touches; the bin passes the process's, tests a scripted one. */
export interface ToolIo {
  out(text: string): void;
  err(text: string): void;
  /** The next line of standard input without its newline, or undefined at end of input. */
  readLine(): Promise<string | undefined>;
}

/** ToolIo over process.stdin/stdout/stderr; stdin is read line by line on demand. */
export function processToolIo(): ToolIo & { close(): void } {
  let rl: ReturnType<typeof createInterface> | undefined;
  let lines: AsyncIterator<string> | undefined;
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    readLine: async () => {
      if (lines === undefined) {
        rl = createInterface({ input: process.stdin, terminal: false });
        lines = rl[Symbol.asyncIterator]();
      }
      const r = await lines.next();
      return r.done ? undefined : r.value;
    },
    close: () => rl?.close(),
  };
}
