/**
 * `oceand` cannot start with this configuration. `message` is the exact line to print on stderr
 * (the original's wording where it has one); the daemon then exits with `exitCode`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** The offending option, without the dash, when there is one. */
    readonly option?: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
