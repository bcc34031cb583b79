// End-to-end: the real `bin/oceand` on a 2-of-3 signed-block chain, driven only over JSON-RPC:
// getnewblockhex → signblock (privkeys, two of the three keys, on the node) → combineblocksigs →
// submitblock; testproposedblock on good and bad proposals; getblocktemplate; waitforblockheight
// returning when another RPC mines a block; prioritisetransaction changing getmempoolentry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Block,
  BlockHeader,
  ChainParams,
  OP,
  OptionValues,
  ScriptBuilder,
  encodeWif,
  fromHex,
  loadNativeSecp256k1,
  toDisplayHex,
  toHex,
} from '@ocean-ts/core';
import { call, daemonSandbox, rpc, spendGenesisCoin } from '../support/daemon.js';

const secp = loadNativeSecp256k1();

/** Three signer keys from fixed seeds (any valid scalars). */
const KEYS = [0x21, 0x42, 0x63].map((seed) => Uint8Array.from({ length: 32 }, (_, i) => (seed * (i + 7)) & 0xff));
const PUBS = KEYS.map((k) => secp.publicKeyCreate(k, true));
const CHALLENGE = new ScriptBuilder().op(OP.OP_2).push(PUBS[0]!).push(PUBS[1]!).push(PUBS[2]!).op(OP.OP_3, OP.OP_CHECKMULTISIG).build();
const CHAIN_ARGS = ['-regtest', '-initialfreecoins=2100000000000000', `-signblockscript=${toHex(CHALLENGE)}`, '-txindex=1'];
const params = ChainParams.fromOptionValues(OptionValues.fromSources(['-chain=elementsregtest', ...CHAIN_ARGS.slice(1)], []));
const WIFS = KEYS.map((k) => encodeWif(k, true, params.base58));

/** The same block with another Merkle root. */
function withMerkleRoot(hex: string, root: Uint8Array): string {
  const b = Block.decode(fromHex(hex));
  const h = b.header;
  return toHex(new Block(new BlockHeader(h.version, h.prevBlockHash, root, h.hashContract, h.hashAttestation, h.hashMapping, h.time, h.height, h.challenge, h.solution), b.transactions).toBytes());
}

test('mining RPCs on a 2-of-3 signed chain (real oceand)', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-mining-');
  const port = sandbox.port;
  await sandbox.start(CHAIN_ARGS);
  const c = (method: string, p: unknown[] = []) => call(port, method, p);
  const err = async (method: string, p: unknown[] = []) => (await rpc(port, method, p)).error;

  /** One federation round, every step an RPC of the node: returns the new block hash. */
  async function mine(signers: readonly number[] = [0, 2]): Promise<string> {
    const hex = (await c('getnewblockhex')) as string;
    const fragments: string[] = [];
    for (const i of signers) fragments.push((await c('signblock', [hex, [WIFS[i]]])) as string);
    const combined = (await c('combineblocksigs', [hex, fragments])) as { hex: string; complete: boolean };
    assert.equal(combined.complete, true);
    assert.equal(await c('submitblock', [combined.hex]), null);
    return toDisplayHex(Block.decode(fromHex(combined.hex)).hash);
  }

  await t.test('generate is refused; blocks come from getnewblockhex → signblock ×2 → combineblocksigs → submitblock', async () => {
    assert.deepEqual(await err('generate', [1]), { code: -32601, message: 'This method cannot be used with a block-signature-required chain' });
    const hex = (await c('getnewblockhex')) as string;
    // without a wallet the node holds no key: an OP_0-only multisig fragment; one signer is not enough
    assert.equal(await c('signblock', [hex]), '00');
    const one = (await c('combineblocksigs', [hex, [await c('signblock', [hex, [WIFS[1]]])]])) as { complete: boolean };
    assert.equal(one.complete, false);
    for (let h = 1; h <= 3; h++) {
      const hash = await mine(h === 2 ? [1, 2] : [0, 2]);
      assert.equal(await c('getblockcount'), h);
      assert.equal(await c('getbestblockhash'), hash);
    }
    assert.deepEqual(await err('signblock', [hex, ['nokey']]), { code: -5, message: 'Invalid private key' });
  });

  await t.test('testproposedblock: a good proposal, a bad one, a stale one, a known one', async () => {
    const hex = (await c('getnewblockhex')) as string;
    assert.equal(await c('testproposedblock', [hex]), null);
    assert.equal(await c('testproposedblock', [hex, false]), null);
    assert.deepEqual(await err('testproposedblock', [withMerkleRoot(hex, new Uint8Array(32))]), { code: -25, message: 'bad-txnmrklroot' });
    assert.deepEqual(await err('signblock', [withMerkleRoot(hex, new Uint8Array(32)), [WIFS[0]]]), { code: -25, message: 'bad-txnmrklroot' });
    assert.deepEqual(await err('testproposedblock', ['zz']), { code: -22, message: 'Block decode failed' });
    const tipHex = (await c('getblock', [await c('getbestblockhash'), 0])) as string;
    assert.deepEqual(await err('testproposedblock', [tipHex]), { code: -25, message: 'already have block' });
    await mine();
    assert.deepEqual(await err('testproposedblock', [hex]), { code: -25, message: 'proposal was not based on our best chain' });
    assert.deepEqual(await err('signblock', [hex, [WIFS[0]]]), { code: -25, message: 'proposal was not based on our best chain' });
  });

  await t.test('getblocktemplate: no peers → -9 in template mode; proposal mode works', async () => {
    assert.deepEqual(await err('getblocktemplate'), { code: -9, message: 'Bitcoin is not connected!' });
    assert.deepEqual(await err('getblocktemplate', [{ rules: ['segwit'] }]), { code: -9, message: 'Bitcoin is not connected!' });
    assert.deepEqual(await err('getblocktemplate', [{ mode: 'nope' }]), { code: -8, message: 'Invalid mode' });
    const hex = (await c('getnewblockhex')) as string;
    assert.equal(await c('getblocktemplate', [{ mode: 'proposal', data: hex }]), null);
    assert.equal(await c('getblocktemplate', [{ mode: 'proposal', data: withMerkleRoot(hex, new Uint8Array(32)) }]), 'bad-txnmrklroot');
    const tipHex = (await c('getblock', [await c('getbestblockhash'), 0])) as string;
    assert.equal(await c('getblocktemplate', [{ mode: 'proposal', data: tipHex }]), 'duplicate');
    const info = (await c('getmininginfo')) as Record<string, unknown>;
    assert.equal(info['blocks'], await c('getblockcount'));
    assert.equal(info['chain'], 'elementsregtest');
  });

  await t.test('waitforblockheight returns when another RPC mines the block', async () => {
    const height = (await c('getblockcount')) as number;
    const started = Date.now();
    const waiting = c('waitforblockheight', [height + 1, 60_000]) as Promise<{ hash: string; height: number }>;
    const timedOut = (await c('waitforblockheight', [height + 1, 50])) as { hash: string; height: number };
    assert.equal(timedOut.height, height);
    const hash = await mine();
    assert.deepEqual(await waiting, { hash, height: height + 1 });
    assert.ok(Date.now() - started < 30_000);
    assert.deepEqual(await c('waitfornewblock', [10]), { hash, height: height + 1 });
  });

  await t.test('prioritisetransaction changes getmempoolentry modifiedfee; parent and child are mined together', async () => {
    const genesis = Block.decode(fromHex((await c('getblock', [await c('getblockhash', [0]), 0])) as string));
    const parent = spendGenesisCoin(genesis, 0, 20_000n);
    const parentId = (await c('sendrawtransaction', [toHex(parent.toBytes())])) as string;
    assert.equal(parentId, parent.txidHex);
    const before = (await c('getmempoolentry', [parentId])) as Record<string, unknown>;
    assert.equal(before['fee'], 0.0002);
    assert.equal(before['modifiedfee'], 0.0002);
    assert.equal(await c('prioritisetransaction', [parentId, 0, 150_000]), true);
    const after = (await c('getmempoolentry', [parentId])) as Record<string, unknown>;
    assert.equal(after['fee'], 0.0002);
    assert.equal(after['modifiedfee'], 0.0017);
    assert.deepEqual(await err('getmempoolentry', ['00'.repeat(32)]), { code: -5, message: 'Transaction not in mempool' });
    // a child of the pool transaction: ancestors/descendants, then both in the next block
    const child = spendGenesisCoin(new Block(genesis.header, [genesis.transactions[0]!, parent]), 0, 30_000n);
    await c('sendrawtransaction', [toHex(child.toBytes())]);
    assert.deepEqual(await c('getmempoolancestors', [child.txidHex]), [parentId]);
    assert.deepEqual(await c('getmempooldescendants', [parentId]), [child.txidHex]);
    await mine();
    assert.deepEqual(await c('getrawmempool'), []);
    const stats = (await c('getblockstats', [await c('getblockcount'), ['totalfee', 'txs']])) as Record<string, number>;
    assert.deepEqual(stats, { totalfee: 50_000, txs: 3 });
    const proof = (await c('gettxoutproof', [[child.txidHex]])) as string;
    assert.deepEqual(await c('verifytxoutproof', [proof]), [child.txidHex]);
  });

  await t.test('network RPCs of a node without peers', async () => {
    assert.equal(await c('addnode', ['127.0.0.1:1', 'add']), null);
    assert.deepEqual(await err('addnode', ['127.0.0.1:1', 'add']), { code: -23, message: 'Error: Node already added' });
    assert.deepEqual(await c('getaddednodeinfo'), [{ addednode: '127.0.0.1:1', connected: false, addresses: [] }]);
    assert.deepEqual(await err('disconnectnode', ['127.0.0.1:1']), { code: -29, message: 'Node not found in connected nodes' });
    assert.equal(await c('setban', ['192.168.0.0/16', 'add']), null);
    assert.deepEqual(((await c('listbanned')) as { address: string }[]).map((b) => b.address), ['192.168.0.0/16']);
    assert.equal(await c('clearbanned'), null);
    assert.equal(await c('setnetworkactive', [false]), false);
    assert.equal(((await c('getnetworkinfo')) as Record<string, unknown>)['networkactive'], false);
  });
});
