// Issue 5 proof (d): peers that send garbage, an oversized message, protocol-limit violations or
// an invalid block are disconnected (a local peer is not banned, as in Core: "not banning local
// peer") while the honest nodes stay connected and keep syncing — blocks mined meanwhile on
// either end of the line A–B–C reach every node.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Block, BlockHeader, OP, OutPoint, TransactionBuilder, TxIn, fromHex, merkleRoot, toDisplayHex } from '@ocean-ts/core';
import { AddrMessage, BlockMessage, NetAddress, RejectMessage, TimedNetAddress } from '@ocean-ts/wire';
import { buildCoinbase, explicitOutput } from '../../node/src/mining/coinbase.js';
import { OceanNetwork, RawPeer, waitFor, type HarnessNode } from '../src/index.js';

interface PeerRow {
  id: number;
  addr: string;
  subver: string;
  banscore: number;
}

const OP_TRUE = Uint8Array.of(OP.OP_1);

/** A child of `parent` whose one transaction spends an output that does not exist. */
function invalidChild(parent: Block): Block {
  const asset = parent.transactions[0]!.outputs.find((o) => o.asset.isExplicit)?.asset.id ?? new Uint8Array(32);
  const spend = new TransactionBuilder();
  spend.version = 2;
  spend.addInput(new TxIn(new OutPoint(randomBytes(32), 0), new Uint8Array(0), 0xffffffff));
  spend.addOutput(explicitOutput(asset, 1000n, OP_TRUE));
  const height = parent.header.height + 1;
  const coinbase = buildCoinbase({ height, extraNonce: 1, fees: new Map(), destination: OP_TRUE, feeAsset: asset }).build();
  const txs = [coinbase, spend.build()];
  const header = new BlockHeader(0x20000000, parent.hash, merkleRoot(txs.map((t) => t.txid)).root, new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), parent.header.time + 1, height, parent.header.challenge, new Uint8Array(0));
  return new Block(header, txs);
}

/** 1,001 addresses: one over `MAX_ADDR_TO_SEND` (Core: `Misbehaving(20)`). */
function oversizedAddr(): AddrMessage {
  const now = Math.floor(Date.now() / 1000);
  return new AddrMessage(Array.from({ length: 1001 }, (_, i) => new TimedNetAddress(now, NetAddress.ipv4([10, 0, (i >> 8) & 0xff, i & 0xff], 7042, 9n))));
}

describe('P2P misbehaving peers (real oceand processes)', () => {
  it('garbage, oversized, over-limit and invalid-block peers are dropped while honest peers keep syncing', { timeout: 120_000 }, async (t) => {
    const net = await OceanNetwork.start(t, { nodes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }], topology: 'line', commonArgs: ['-chain=elementsregtest', '-initialfreecoins=2100000000000000', '-printtoconsole=0', '-debug=net'], prefix: 'p2p-misbehaviour-' });
    const [a, b, c] = net.nodes as [HarnessNode, HarnessNode, HarnessNode];
    await a.call('generate', [1]);
    await net.syncBlocks();
    const raws: RawPeer[] = [];
    t.after(() => raws.forEach((r) => r.close()));
    const raw = async (startHeight = 0) => {
      const r = await RawPeer.handshake({ port: a.p2pPort, startHeight });
      raws.push(r);
      return r;
    };
    const honestPeers = async () => (await a.call<PeerRow[]>('getpeerinfo')).filter((p) => !p.subver.includes('ocean-harness'));

    // four misbehaving peers connected to A at once, next to A's two honest connections
    const garbage = await raw();
    const oversized = await raw();
    const limits = await raw();
    const height = await a.call<number>('getblockcount');
    const badBlock = await raw(height + 1);
    assert.equal(await a.call('getconnectioncount'), 6);

    // 1. garbage bytes (wrong network magic): disconnected
    garbage.sendRaw(randomBytes(64));
    assert.ok(await garbage.waitClosed(), 'garbage peer still connected');

    // 2. a header announcing a payload over MAX_PROTOCOL_MESSAGE_LENGTH: disconnected before the payload
    const header = new Uint8Array(24);
    header.set(oversized.magic, 0);
    header.set(new TextEncoder().encode('tx'), 4);
    new DataView(header.buffer).setUint32(16, 4_000_001, true);
    oversized.sendRaw(header);
    assert.ok(await oversized.waitClosed(), 'oversized-message peer still connected');

    // 3. addr messages over the protocol limit: +20 each; a block mined on C meanwhile reaches A
    for (let i = 0; i < 4; i++) limits.send(oversizedAddr());
    const scored = await waitFor(async () => (await a.call<PeerRow[]>('getpeerinfo')).find((p) => p.subver.includes('ocean-harness') && p.banscore === 80), { what: 'ban score 80' });
    const [fromC] = await c.call<string[]>('generate', [1]);
    assert.equal(await net.syncBlocks(), fromC);
    limits.send(oversizedAddr());
    assert.ok(await limits.waitClosed(), 'over-limit peer still connected at ban score 100');

    // 4. a node-like peer announcing an invalid block on A's tip: rejected, scored 100, dropped
    const tip = Block.decode(fromHex(await a.call<string>('getblock', [fromC, false])));
    const bad = invalidChild(tip);
    badBlock.send(new BlockMessage(bad));
    const reject = RejectMessage.decode((await badBlock.waitForMessage('reject')).payload);
    assert.equal(reject.message, 'block');
    assert.equal(reject.code, 0x10);
    assert.equal(reject.reason, 'bad-txns-inputs-missingorspent');
    assert.equal(toDisplayHex(reject.data!), toDisplayHex(bad.hash));
    assert.ok(await badBlock.waitClosed(), 'invalid-block peer still connected');
    assert.equal(await a.call('getbestblockhash'), fromC);

    // the log tells why; local peers are disconnected, not banned (Core 0.14)
    const log = a.debugLog();
    assert.match(log, /Oversized message from peer=\d+, disconnecting/);
    assert.match(log, new RegExp(`Misbehaving: 127\\.0\\.0\\.1:\\d+ peer=${scored.id} \\(80 -> 100\\) BAN THRESHOLD EXCEEDED`));
    assert.match(log, /Warning: not banning local peer 127\.0\.0\.1:\d+!/);
    assert.deepEqual(await a.call('listbanned'), []);

    // the honest peers never noticed: same two connections, zero ban score, and A's next block reaches C
    const honest = await honestPeers();
    assert.equal(honest.length, 2);
    assert.ok(honest.every((p) => p.banscore === 0));
    assert.equal(await a.call('getconnectioncount'), 2);
    const [fromA] = await a.call<string[]>('generate', [1]);
    assert.equal(await net.syncBlocks(), fromA);
    assert.equal(await c.call('getblockcount'), height + 2);
    assert.equal(await b.call('getconnectioncount'), 4);
  });
});
