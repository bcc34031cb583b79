import type { HttpTransportOptions, RpcTransport } from '@ocean-ts/rpc-client';
import { runOceanCli } from '../../src/ocean-cli/main.js';
import type { CliResult, OceanCliIo } from '../../src/ocean-cli/cli-io.js';
import { nodeCliIo } from '../../src/ocean-cli/node-io.js';

export interface RunOptions {
  readonly stdin?: string;
  /** In-memory files (absolute paths); when absent the real file system is used. */
  readonly files?: Record<string, string>;
  /** In-memory directories (with `files`). */
  readonly dirs?: readonly string[];
  readonly home?: string;
  readonly transport?: (options: HttpTransportOptions) => RpcTransport;
  /** Called (and awaited) at each `-rpcwait` sleep with the number of sleeps so far. */
  readonly onSleep?: (count: number) => void | Promise<void>;
}

/** What a run did besides its result: the `-rpcwait` sleeps and the stdin reads. */
export interface RunTrace {
  sleeps: number[];
  stdinReads: number;
}

/** Run ocean-cli in-process; `-rpcwait` sleeps are recorded and skipped. */
export async function cli(args: readonly string[], options: RunOptions = {}, trace: RunTrace = { sleeps: [], stdinReads: 0 }): Promise<CliResult> {
  const real = nodeCliIo({ HOME: options.home ?? '/nonexistent-home' });
  const files = options.files;
  const io: OceanCliIo = {
    readFile: files ? (p) => files[p] : real.readFile,
    isDirectory: files ? (p) => (options.dirs ?? []).includes(p) : real.isDirectory,
    readStdin: () => {
      trace.stdinReads++;
      return options.stdin ?? '';
    },
    homeDir: () => options.home ?? '/nonexistent-home',
    sleep: async (ms) => {
      trace.sleeps.push(ms);
      await options.onSleep?.(trace.sleeps.length);
    },
    ...(options.transport ? { transport: options.transport } : {}),
  };
  return runOceanCli(args, io);
}
