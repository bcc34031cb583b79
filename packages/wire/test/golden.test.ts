import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockHeader, fromDisplayHex, fromHex, toHex } from '@ocean-ts/core';
import {
  DEFAULT_OCEAN_SERVICES,
  FrameDecoder,
  HeadersMessage,
  InvItem,
  InvMessage,
  MSG_BLOCK,
  MSG_WITNESS_TX,
  NODE_NETWORK,
  NetAddress,
  OCEAN_MAGIC,
  PROTOCOL_VERSION,
  PingMessage,
  VerackMessage,
  VersionMessage,
  decodeMessage,
  frameMessage,
  oceanUserAgent,
} from '../src/index.js';
import { readJson } from './support/vectors.js';
import { handFrame, hx } from './support/hand.js';

interface CorpusBlock {
  chain: string;
  height: number;
  hash: string;
  hex: string;
  getblockheader_hex: string;
}
const blocks = readJson<{ blocks: CorpusBlock[] }>('vectors', 'ocean-corpus', 'blocks.json').blocks;

/** Check a frame both ways: our encoding equals the hand-written bytes, and they decode back. */
function checkFrame(frame: Uint8Array, handHex: string, command: string): Uint8Array {
  assert.equal(toHex(frame), handHex);
  const events = new FrameDecoder(OCEAN_MAGIC).push(fromHex(handHex));
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.ok(e.type === 'message');
  assert.equal(e.command, command);
  assert.equal(toHex(decodeMessage(command, e.payload).encode()), toHex(e.payload));
  return e.payload;
}

test('version: field layout of ocean-core-p2p.md §2, addresses without time, Ocean user agent', () => {
  const msg = new VersionMessage({
    version: PROTOCOL_VERSION,
    services: DEFAULT_OCEAN_SERVICES,
    time: 1_700_000_000n,
    addrRecv: NetAddress.ipv4([127, 0, 0, 1], 7042, NODE_NETWORK),
    addrFrom: NetAddress.empty(DEFAULT_OCEAN_SERVICES),
    nonce: 0x0102030405060708n,
    userAgent: oceanUserAgent(),
    startHeight: 5,
    relay: true,
  });
  const payload = hx(
    '7f110100', // int32 70015
    '0900000000000000', // services NODE_NETWORK | NODE_WITNESS
    '00f1536500000000', // int64 time 1700000000
    '0100000000000000 00000000000000000000ffff7f000001 1b82', // addr_recv: services, ::ffff:127.0.0.1, port 7042 BE
    '0900000000000000 00000000000000000000000000000000 0000', // addr_from: services + empty address
    '0807060504030201', // nonce
    '11', Buffer.from('/Satoshi:2.1.1.1/', 'ascii').toString('hex'), // VarStr user agent
    '05000000', // start height
    '01', // relay
  );
  const got = checkFrame(frameMessage(OCEAN_MAGIC, msg), handFrame('version', payload), 'version');
  const back = VersionMessage.decode(got);
  assert.equal(back.fields.userAgent, '/Satoshi:2.1.1.1/');
  assert.equal(back.fields.addrRecv.port, 7042);
  assert.equal(back.fields.relay, true);
});

test('verack: empty payload with the empty-payload checksum 5df6e0e2', () => {
  const hand = 'fabfb5da' + '76657261636b000000000000' + '00000000' + '5df6e0e2';
  assert.equal(handFrame('verack', ''), hand);
  checkFrame(frameMessage(OCEAN_MAGIC, new VerackMessage()), hand, 'verack');
});

test('ping: uint64 LE nonce', () => {
  checkFrame(frameMessage(OCEAN_MAGIC, new PingMessage(0x1122334455667788n)), handFrame('ping', '8877665544332211'), 'ping');
});

test('inv: CompactSize count, then uint32 type + 32-byte hash per entry (witness flag in the type)', () => {
  const txid = fromDisplayHex('79bcc14747ffc8ac07e32baf0baed3d16bd5a6633476c5c5df7d9ff138a939e9');
  const block = fromDisplayHex(blocks[0]!.hash);
  const payload = hx('02', '01000040', toHex(txid), '02000000', toHex(block));
  checkFrame(frameMessage(OCEAN_MAGIC, new InvMessage([new InvItem(MSG_WITNESS_TX, txid), new InvItem(MSG_BLOCK, block)])), handFrame('inv', payload), 'inv');
});

test('headers: Ocean headers from the corpus (challenge and solution) each followed by 00', () => {
  // a signed-chain header (non-empty solution) and a genesis header (empty solution)
  const picked = [blocks.find((b) => b.chain === 'rt-signed' && b.height === 4)!, blocks.find((b) => b.chain === 'rt-policy' && b.height === 0)!];
  const headers = picked.map((b) => BlockHeader.decode(fromHex(b.getblockheader_hex)));
  assert.ok(headers[0]!.solution.length > 0, 'the signed header carries a solution');
  const payload = hx('02', picked[0]!.getblockheader_hex, '00', picked[1]!.getblockheader_hex, '00');
  const got = checkFrame(frameMessage(OCEAN_MAGIC, new HeadersMessage(headers)), handFrame('headers', payload), 'headers');
  const back = HeadersMessage.decode(got);
  assert.deepEqual(
    back.headers.map((h) => h.hashHex),
    picked.map((b) => b.hash),
  );
});
