/** Size limits of the P2P protocol (Bitcoin Core 0.14 values; see ADR 0038 for where each applies). */

/** Bytes of the message start. */
export const MESSAGE_START_SIZE = 4;
/** Bytes of the NUL-padded command. */
export const COMMAND_SIZE = 12;
/** Bytes of the checksum (first bytes of SHA256d(payload)). */
export const CHECKSUM_SIZE = 4;
/** Bytes of a whole message header: start, command, length, checksum. */
export const MESSAGE_HEADER_SIZE = MESSAGE_START_SIZE + COMMAND_SIZE + 4 + CHECKSUM_SIZE;
/** `MAX_PROTOCOL_MESSAGE_LENGTH`: larger payloads disconnect the peer. */
export const MAX_PROTOCOL_MESSAGE_LENGTH = 4_000_000;

/** `MAX_INV_SZ`: entries in `inv` / `getdata` (and, here, `notfound`). */
export const MAX_INV_SZ = 50_000;
/** `MAX_HEADERS_RESULTS`: headers in one `headers` message. */
export const MAX_HEADERS_RESULTS = 2_000;
/** `MAX_ADDR_TO_SEND`: addresses in one `addr` message. */
export const MAX_ADDR_TO_SEND = 1_000;
/** `MAX_SUBVERSION_LENGTH`: bytes of the user agent. */
export const MAX_SUBVERSION_LENGTH = 256;
/** `MAX_REJECT_MESSAGE_LENGTH`: bytes of a reject reason. */
export const MAX_REJECT_MESSAGE_LENGTH = 111;
/** `MAX_BLOOM_FILTER_SIZE`: bytes of a `filterload` filter. */
export const MAX_BLOOM_FILTER_SIZE = 36_000;
/** `MAX_HASH_FUNCS`: hash functions of a `filterload` filter. */
export const MAX_HASH_FUNCS = 50;
/** `MAX_SCRIPT_ELEMENT_SIZE`: bytes of a `filteradd` element. */
export const MAX_SCRIPT_ELEMENT_SIZE = 520;
/** `SHORTTXIDS_LENGTH`: bytes of a BIP152 short transaction id. */
export const SHORTTXIDS_LENGTH = 6;
/** Largest (absolute or differential) BIP152 transaction index. */
export const MAX_BLOCKTXN_INDEX = 0xffff;
