import fc from 'fast-check';
import { Block, MerkleBlock, PartialMerkleTree } from '@ocean-ts/core';
import {
  AddrMessage,
  BlockLocator,
  BlockMessage,
  BlockTxnMessage,
  CompactBlockMessage,
  FeeFilterMessage,
  FilterAddMessage,
  FilterClearMessage,
  FilterLoadMessage,
  GetAddrMessage,
  GetBlocksMessage,
  GetBlockTxnMessage,
  GetDataMessage,
  GetHeadersMessage,
  HeadersMessage,
  InvItem,
  InvMessage,
  MempoolMessage,
  MerkleBlockMessage,
  NetAddress,
  NotFoundMessage,
  PingMessage,
  PongMessage,
  PrefilledTransaction,
  RejectMessage,
  SendCmpctMessage,
  SendHeadersMessage,
  TimedNetAddress,
  TxMessage,
  VerackMessage,
  VersionMessage,
  type KnownMessage,
} from '../../src/index.js';
import { arbHeader, arbTransaction } from './core-arbitraries.js';

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const hash32 = bytes(32, 32);
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
const u32 = fc.nat({ max: 0xffffffff });
const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
/** Any byte string as a wire string (char codes 0–255). */
const wireString = (max: number) => bytes(0, max).map((b) => String.fromCharCode(...b));

export const arbNetAddress = fc.tuple(u64, bytes(16, 16), fc.nat({ max: 0xffff })).map(([s, ip, p]) => new NetAddress(s, ip, p));
export const arbInvItem = fc.tuple(fc.oneof(fc.constantFrom(1, 2, 3, 4, 0x40000001, 0x40000002), u32), hash32).map(([t, h]) => new InvItem(t, h));
const arbInvItems = fc.array(arbInvItem, { maxLength: 8 });
const arbLocator = fc.tuple(i32, fc.array(hash32, { maxLength: 6 })).map(([v, h]) => new BlockLocator(v, h));

export const arbVersion = fc
  .tuple(i32, u64, i64, arbNetAddress, arbNetAddress, u64, wireString(256), i32, fc.boolean(), fc.nat({ max: 4 }))
  .map(([version, services, time, addrRecv, addrFrom, nonce, userAgent, startHeight, relay, cut]) => {
    const all = { version, services, time, addrRecv, addrFrom, nonce, userAgent, startHeight, relay };
    // the optional tail groups, as an old peer may leave them out
    if (cut === 0) return new VersionMessage({ version, services, time, addrRecv });
    if (cut === 1) return new VersionMessage({ version, services, time, addrRecv, addrFrom, nonce });
    if (cut === 2) return new VersionMessage({ version, services, time, addrRecv, addrFrom, nonce, userAgent });
    if (cut === 3) return new VersionMessage({ version, services, time, addrRecv, addrFrom, nonce, userAgent, startHeight });
    return new VersionMessage(all);
  });

/** A block whose transactions are arbitrary (coinbase-ness is not a wire concern). */
const arbBlock = fc.tuple(arbHeader, fc.array(arbTransaction, { minLength: 1, maxLength: 3 })).map(([h, txs]) => new Block(h, txs));

const arbPrefilled = fc
  .array(fc.tuple(fc.nat({ max: 40 }), arbTransaction), { maxLength: 3 })
  .map((gaps) => {
    let last = -1;
    return gaps.map(([gap, tx]) => new PrefilledTransaction((last = last + 1 + gap), tx));
  });

const arbIndexes = fc.array(fc.nat({ max: 300 }), { maxLength: 10 }).map((gaps) => {
  let last = -1;
  return gaps.map((g) => (last = last + 1 + g));
});

const arbMerkleBlock = fc
  .tuple(arbHeader, fc.array(hash32, { minLength: 1, maxLength: 9 }), fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }))
  .map(([h, ids, match]) => new MerkleBlock(h, PartialMerkleTree.build(ids, match.slice(0, ids.length))));

/** One arbitrary per command. */
export const MESSAGE_ARBITRARIES: Record<KnownMessage['command'], fc.Arbitrary<KnownMessage>> = {
  version: arbVersion,
  verack: fc.constant(new VerackMessage()),
  addr: fc.array(fc.tuple(u32, arbNetAddress), { maxLength: 6 }).map((a) => new AddrMessage(a.map(([t, n]) => new TimedNetAddress(t, n)))),
  inv: arbInvItems.map((i) => new InvMessage(i)),
  getdata: arbInvItems.map((i) => new GetDataMessage(i)),
  notfound: arbInvItems.map((i) => new NotFoundMessage(i)),
  merkleblock: arbMerkleBlock.map((m) => new MerkleBlockMessage(m)),
  getblocks: fc.tuple(arbLocator, hash32).map(([l, h]) => new GetBlocksMessage(l, h)),
  getheaders: fc.tuple(arbLocator, hash32).map(([l, h]) => new GetHeadersMessage(l, h)),
  tx: fc.tuple(arbTransaction, fc.boolean()).map(([t, w]) => new TxMessage(t, w)),
  headers: fc.array(arbHeader, { maxLength: 4 }).map((h) => new HeadersMessage(h)),
  block: fc.tuple(arbBlock, fc.boolean()).map(([b, w]) => new BlockMessage(b, w)),
  getaddr: fc.constant(new GetAddrMessage()),
  mempool: fc.constant(new MempoolMessage()),
  ping: fc.option(u64, { nil: undefined }).map((n) => new PingMessage(n)),
  pong: u64.map((n) => new PongMessage(n)),
  filterload: fc.tuple(bytes(0, 200), fc.nat({ max: 50 }), u32, fc.nat({ max: 255 })).map(([d, f, t, fl]) => new FilterLoadMessage(d, f, t, fl)),
  filteradd: bytes(0, 520).map((d) => new FilterAddMessage(d)),
  filterclear: fc.constant(new FilterClearMessage()),
  reject: fc
    .tuple(wireString(12), fc.nat({ max: 255 }), wireString(111), fc.option(hash32, { nil: undefined }))
    .map(([m, c, r, d]) => new RejectMessage(m, c, r, d)),
  sendheaders: fc.constant(new SendHeadersMessage()),
  feefilter: i64.map((f) => new FeeFilterMessage(f)),
  sendcmpct: fc.tuple(fc.boolean(), u64).map(([a, v]) => new SendCmpctMessage(a, v)),
  cmpctblock: fc
    .tuple(arbHeader, u64, fc.array(fc.bigInt({ min: 0n, max: (1n << 48n) - 1n }), { maxLength: 8 }), arbPrefilled, fc.boolean())
    .map(([h, n, ids, pre, w]) => new CompactBlockMessage(h, n, ids, pre, w)),
  getblocktxn: fc.tuple(hash32, arbIndexes).map(([h, i]) => new GetBlockTxnMessage(h, i)),
  blocktxn: fc.tuple(hash32, fc.array(arbTransaction, { maxLength: 3 }), fc.boolean()).map(([h, t, w]) => new BlockTxnMessage(h, t, w)),
};
