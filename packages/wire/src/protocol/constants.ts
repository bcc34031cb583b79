/**
 * Protocol constants of Bitcoin Core 0.14 `version.h` / `protocol.h` as used by Ocean
 * (spec ocean-core-p2p.md §1–2).
 */

/** `pchMessageStart` of every built-in Ocean chain (the same as Bitcoin regtest). */
export const OCEAN_MAGIC: Uint8Array = Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda);
/** Default P2P port of every built-in chain. */
export const DEFAULT_P2P_PORT = 7042;

/** `PROTOCOL_VERSION`. */
export const PROTOCOL_VERSION = 70015;
/** `INIT_PROTO_VERSION`: the stream version used for the `version` message itself. */
export const INIT_PROTO_VERSION = 209;
/** `MIN_PEER_PROTO_VERSION`: peers below are disconnected. */
export const MIN_PEER_PROTO_VERSION = 31800;
/** `CADDR_TIME_VERSION`: addresses carry a time from this version on (always, among accepted peers). */
export const CADDR_TIME_VERSION = 31402;
/** `BIP0031_VERSION`: `ping` carries a nonce and is answered with `pong` above this version. */
export const BIP0031_VERSION = 60000;
/** `NO_BLOOM_VERSION`. */
export const NO_BLOOM_VERSION = 70011;
/** `SENDHEADERS_VERSION`. */
export const SENDHEADERS_VERSION = 70012;
/** `FEEFILTER_VERSION`. */
export const FEEFILTER_VERSION = 70013;
/** `SHORT_IDS_BLOCKS_VERSION`: compact blocks. */
export const SHORT_IDS_BLOCKS_VERSION = 70014;
/** `INVALID_CB_NO_BAN_VERSION`. */
export const INVALID_CB_NO_BAN_VERSION = 70015;

/** Service bits (`ServiceFlags`), uint64 on the wire. */
export const NODE_NONE = 0n;
export const NODE_NETWORK = 1n;
export const NODE_GETUTXO = 2n;
export const NODE_BLOOM = 4n;
export const NODE_WITNESS = 8n;
export const NODE_XTHIN = 16n;
/** What a default Ocean node advertises: NODE_NETWORK | NODE_WITNESS (bloom filters off by default). */
export const DEFAULT_OCEAN_SERVICES = NODE_NETWORK | NODE_WITNESS;
