/**
 * A failure the original reports as `error: <message>` on stderr with exit code 1 (a
 * `std::runtime_error` caught in `CommandLineRawTx`). `message` is the original's text.
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}
