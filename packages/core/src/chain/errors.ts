/**
 * A chain option or chain data file is malformed, or the options are inconsistent (startup error).
 * `option` names the offending option (without the leading dash) when there is one.
 */
export class ChainParamsError extends Error {
  override readonly name = 'ChainParamsError';
  constructor(
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}
