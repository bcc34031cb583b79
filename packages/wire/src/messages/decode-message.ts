import { AddrMessage } from './addr.js';
import { BlockMessage } from './block.js';
import { BlockTxnMessage } from './blocktxn.js';
import { CompactBlockMessage } from './cmpctblock.js';
import { FeeFilterMessage } from './feefilter.js';
import { FilterAddMessage } from './filteradd.js';
import { FilterClearMessage } from './filterclear.js';
import { FilterLoadMessage } from './filterload.js';
import { GetAddrMessage } from './getaddr.js';
import { GetBlocksMessage } from './getblocks.js';
import { GetBlockTxnMessage } from './getblocktxn.js';
import { GetDataMessage } from './getdata.js';
import { GetHeadersMessage } from './getheaders.js';
import { HeadersMessage } from './headers.js';
import { InvMessage } from './inv.js';
import { MempoolMessage } from './mempool.js';
import { MerkleBlockMessage } from './merkleblock.js';
import { NotFoundMessage } from './notfound.js';
import { PingMessage } from './ping.js';
import { PongMessage } from './pong.js';
import { RejectMessage } from './reject.js';
import { SendCmpctMessage } from './sendcmpct.js';
import { SendHeadersMessage } from './sendheaders.js';
import { TxMessage } from './tx.js';
import { UnknownMessage } from './unknown.js';
import { VerackMessage } from './verack.js';
import { VersionMessage } from './version.js';

/** Every message this package decodes (discriminated by `command`), or an unknown one. */
export type KnownMessage =
  | VersionMessage
  | VerackMessage
  | AddrMessage
  | InvMessage
  | GetDataMessage
  | MerkleBlockMessage
  | GetBlocksMessage
  | GetHeadersMessage
  | TxMessage
  | HeadersMessage
  | BlockMessage
  | GetAddrMessage
  | MempoolMessage
  | PingMessage
  | PongMessage
  | NotFoundMessage
  | FilterLoadMessage
  | FilterAddMessage
  | FilterClearMessage
  | RejectMessage
  | SendHeadersMessage
  | FeeFilterMessage
  | SendCmpctMessage
  | CompactBlockMessage
  | GetBlockTxnMessage
  | BlockTxnMessage;

export type AnyMessage = KnownMessage | UnknownMessage;

/** The decoder of each supported command (`getAllNetMessageTypes` of Core 0.14). */
export const MESSAGE_DECODERS: Readonly<Record<KnownMessage['command'], (payload: Uint8Array) => KnownMessage>> = {
  version: VersionMessage.decode,
  verack: VerackMessage.decode,
  addr: AddrMessage.decode,
  inv: InvMessage.decode,
  getdata: GetDataMessage.decode,
  merkleblock: MerkleBlockMessage.decode,
  getblocks: GetBlocksMessage.decode,
  getheaders: GetHeadersMessage.decode,
  tx: TxMessage.decode,
  headers: HeadersMessage.decode,
  block: BlockMessage.decode,
  getaddr: GetAddrMessage.decode,
  mempool: MempoolMessage.decode,
  ping: PingMessage.decode,
  pong: PongMessage.decode,
  notfound: NotFoundMessage.decode,
  filterload: FilterLoadMessage.decode,
  filteradd: FilterAddMessage.decode,
  filterclear: FilterClearMessage.decode,
  reject: RejectMessage.decode,
  sendheaders: SendHeadersMessage.decode,
  feefilter: FeeFilterMessage.decode,
  sendcmpct: SendCmpctMessage.decode,
  cmpctblock: CompactBlockMessage.decode,
  getblocktxn: GetBlockTxnMessage.decode,
  blocktxn: BlockTxnMessage.decode,
};

/** The supported commands, in Core's `allNetMessageTypes` order. */
export const SUPPORTED_COMMANDS: readonly string[] = Object.keys(MESSAGE_DECODERS);

function isKnown(command: string): command is KnownMessage['command'] {
  return Object.prototype.hasOwnProperty.call(MESSAGE_DECODERS, command);
}

/**
 * Decode a payload by command. Throws core's `DecodeError` (malformed) or `MessageLimitError`
 * (well-formed but over a protocol limit); unknown commands come back as `UnknownMessage`.
 */
export function decodeMessage(command: string, payload: Uint8Array): AnyMessage {
  return isKnown(command) ? MESSAGE_DECODERS[command](payload) : new UnknownMessage(command, payload);
}
