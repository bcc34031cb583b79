import type { HttpTransportOptions, RpcTransport } from '@ocean-ts/rpc-client';

/** Result of running ocean-cli: what to print and the exit code (no I/O here). */
export interface CliResult {
  stdout: string;
  stderr: string;
  /**
   * What the original's `main` returns: 0, 1, or `abs(code)` of an RPC error (so it may exceed
   * 255; the operating system keeps the low 8 bits of an exit status).
   */
  code: number;
}

/** The I/O ocean-cli needs, provided by the bin entry (and by tests). */
export interface OceanCliIo {
  /** A file's contents as UTF-8, or undefined when it cannot be read (config file, cookie). */
  readFile(path: string): string | undefined;
  isDirectory(path: string): boolean;
  /** All of standard input; only called with `-stdin`. */
  readStdin(): string | Promise<string>;
  /** `$HOME` (the default data directory is `$HOME/.bitcoin`, as in the original). */
  homeDir(): string | undefined;
  /** Wait between `-rpcwait` attempts (the original sleeps one second). */
  sleep(ms: number): Promise<void>;
  /** Replaces the HTTP transport (tests); default `HttpTransport`. */
  transport?(options: HttpTransportOptions): RpcTransport;
}
