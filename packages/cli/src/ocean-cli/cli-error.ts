/**
 * A failure bitcoin-cli reports as one `error: <message>` line on stderr with exit code 1 (a
 * `std::runtime_error` caught in `CommandLineRPC`). `message` is the original's text.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/**
 * A failure before any command runs (option, data directory, configuration or chain problems),
 * reported as `<prefix><message>` on stderr with exit code 1 — the prefix is `Error: ` for most,
 * `Error reading configuration file: ` for config-file problems.
 */
export class CliStartupError extends Error {
  override readonly name = 'CliStartupError';
  constructor(
    message: string,
    readonly prefix = 'Error: ',
  ) {
    super(message);
  }
}
