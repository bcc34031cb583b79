/** The protocol limits a well-formed message can still break (each costs the peer ban score in Core). */
export type MessageLimit =
  | 'MAX_INV_SZ'
  | 'MAX_HEADERS_RESULTS'
  | 'MAX_ADDR_TO_SEND'
  | 'MAX_BLOOM_FILTER_SIZE'
  | 'MAX_HASH_FUNCS'
  | 'MAX_SCRIPT_ELEMENT_SIZE'
  | 'MAX_BLOCKTXN_INDEX';

/**
 * A payload that parses but exceeds a protocol limit. Kept apart from core's `DecodeError` (which
 * Core answers with `reject(malformed, "error parsing message")` and no ban score) because Core
 * answers these with `Misbehaving` (20 for inv/getdata/headers/addr sizes, 100 for bloom filters and
 * compact-block indexes). Decoders in this package throw only `DecodeError` or this.
 */
export class MessageLimitError extends Error {
  override readonly name = 'MessageLimitError';
  constructor(
    readonly command: string,
    readonly limit: MessageLimit,
    readonly max: number,
    readonly actual: number,
  ) {
    super(`${command}: ${actual} exceeds ${limit} (${max})`);
  }
}
