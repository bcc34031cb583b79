// @ocean-ts/wire public API: the Ocean P2P protocol (Bitcoin Core 0.14's, protocol 70015) as
// pure codecs — framing, one message class per command, limits. No sockets, timers or clocks.

// protocol constants and limits
export * from './protocol/constants.js';
export * from './protocol/limits.js';
export * from './protocol/inventory-types.js';
export * from './protocol/reject-codes.js';
export * from './protocol/user-agent.js';

// errors
export * from './errors/frame-error.js';
export * from './errors/message-limit-error.js';

// hashing
export * from './crypto/siphash.js';
export * from './crypto/short-tx-id.js';

// framing
export * from './framing/command.js';
export * from './framing/message-header.js';
export * from './framing/encode-frame.js';
export * from './framing/frame-decoder.js';
export * from './framing/frame-message.js';

// value types
export * from './types/wire-string.js';
export * from './types/net-address.js';
export * from './types/timed-net-address.js';
export * from './types/inv-item.js';
export * from './types/block-locator.js';
export * from './types/prefilled-transaction.js';

// messages
export type { WireMessage } from './messages/wire-message.js';
export * from './messages/version.js';
export * from './messages/verack.js';
export * from './messages/addr.js';
export * from './messages/inv.js';
export * from './messages/getdata.js';
export * from './messages/notfound.js';
export * from './messages/getblocks.js';
export * from './messages/getheaders.js';
export * from './messages/headers.js';
export * from './messages/tx.js';
export * from './messages/block.js';
export * from './messages/getaddr.js';
export * from './messages/mempool.js';
export * from './messages/ping.js';
export * from './messages/pong.js';
export * from './messages/reject.js';
export * from './messages/sendheaders.js';
export * from './messages/feefilter.js';
export * from './messages/sendcmpct.js';
export * from './messages/cmpctblock.js';
export * from './messages/getblocktxn.js';
export * from './messages/blocktxn.js';
export * from './messages/merkleblock.js';
export * from './messages/filterload.js';
export * from './messages/filteradd.js';
export * from './messages/filterclear.js';
export * from './messages/unknown.js';
export * from './messages/decode-message.js';
