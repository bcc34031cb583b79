// The real oceand on a signed chain (as the corpus chain rt-signed): a 2-of-3 multisig block
// challenge with a scheduled change to 1-of-2, a mandatory coinbase destination with a scheduled
// change. Blocks are made as a federation makes them: getnewblockhex → each signer signs the block
// hash with its key (core's block-signing code, in the test) → combineblocksigs → submitblock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Block,
  BlockHeader,
  OP,
  ScriptBuilder,
  TransactionBuilder,
  TxOut,
  fromHex,
  hash160,
  loadNativeSecp256k1,
  merkleRoot,
  sha256,
  toHex,
  type Transaction,
} from '@ocean-ts/core';
import { signBlock } from '../../src/mining/block-signing.js';
import { spendGenesisCoin } from '../support/daemon.js';
import { TestNode } from '../support/test-node.js';

const secp = loadNativeSecp256k1();
const GENERATE_REFUSED = { code: -32601, message: 'This method cannot be used with a block-signature-required chain' };
/** Heights of the scheduled changes. */
const COINBASE_CHANGE = 3;
const CHALLENGE_CHANGE = 5;
/** The genesis block's free coins: 100 OP_TRUE outputs. */
const GENESIS_OP_TRUE_COINS = 100;

/** Five signer keys: 0–2 sign the 2-of-3 challenge, 3–4 the 1-of-2 one. */
const keys = Array.from({ length: 5 }, (_, i) => {
  const k = sha256(new TextEncoder().encode(`signed-chain test key ${i}`));
  assert.ok(secp.privateKeyVerify(k));
  return k;
});
const pub = (i: number) => secp.publicKeyCreate(keys[i]!, true);

function multisig(m: number, pubkeys: readonly Uint8Array[]): Uint8Array {
  const b = new ScriptBuilder().number(m);
  for (const p of pubkeys) b.push(p);
  return b.number(pubkeys.length).op(OP.OP_CHECKMULTISIG).build();
}
function p2pkh(pubkey: Uint8Array): Uint8Array {
  return new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(hash160(pubkey)).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();
}

const CHALLENGE_2OF3 = multisig(2, [pub(0), pub(1), pub(2)]);
const CHALLENGE_1OF2 = multisig(1, [pub(3), pub(4)]);
const PAY_A = p2pkh(pub(0));
const PAY_B = p2pkh(pub(1));
const PAY_ELSEWHERE = p2pkh(pub(4));

/** The block with other transactions and/or another challenge (merkle root recomputed, no solution). */
function rebuild(block: Block, change: { txs?: readonly Transaction[]; challenge?: Uint8Array }): Block {
  const txs = change.txs ?? block.transactions;
  const h = block.header;
  const header = new BlockHeader(
    h.version,
    h.prevBlockHash,
    merkleRoot(txs.map((t) => t.txid)).root,
    h.hashContract,
    h.hashAttestation,
    h.hashMapping,
    h.time,
    h.height,
    change.challenge ?? h.challenge,
    new Uint8Array(0),
  );
  return new Block(header, [...txs]);
}

/** The coinbase with every non-zero output paying `script`. */
function redirectCoinbase(block: Block, script: Uint8Array): Block {
  const cb = TransactionBuilder.from(block.transactions[0]!);
  cb.outputs = cb.outputs.map((o) => (o.value.isExplicit && o.value.amount === 0n ? o : new TxOut(o.asset, o.value, o.nonce, script)));
  return rebuild(block, { txs: [cb.build(), ...block.transactions.slice(1)] });
}

/** Non-zero coinbase output scripts (hex). */
function paidScripts(block: Block): string[] {
  return block.transactions[0]!.outputs.filter((o) => !(o.value.isExplicit && o.value.amount === 0n)).map((o) => toHex(o.scriptPubKey));
}

/** What one signer holding key `i` contributes (`signblock`'s fragment). */
const fragment = (block: Block, i: number) => toHex(signBlock(block, [{ privateKey: keys[i]! }], secp));

test('oceand on a 2-of-3 signed chain: federation block production, rejected proofs, challenge and coinbase schedules, restart', async (t) => {
  const node = await TestNode.create({
    conf: [
      'regtest=1',
      'txindex=1',
      'initialfreecoins=1000000000000000',
      `signblockscript=${toHex(CHALLENGE_2OF3)}`,
      `signblockscriptchange=${toHex(CHALLENGE_1OF2)}:${CHALLENGE_CHANGE}`,
      `con_mandatorycoinbase=${toHex(PAY_A)}`,
      `coinbasechange=${toHex(PAY_B)}:${COINBASE_CHANGE}`,
    ],
    args: [],
  });
  t.after(() => node.cleanup());
  await node.start();
  const genesis = Block.decode(fromHex(await node.call<string>('getblock', [await node.call<string>('getblockhash', [0]), 0])));
  assert.equal(toHex(genesis.header.challenge), toHex(CHALLENGE_2OF3));
  let coin = 0;
  /** Put a transaction paying `fee` in the mempool (so the coinbase pays something). */
  const mempoolTx = async (fee = 20_000n): Promise<string> => {
    assert.ok(coin < GENESIS_OP_TRUE_COINS);
    const tx = spendGenesisCoin(genesis, coin++, fee);
    return node.call<string>('sendrawtransaction', [toHex(tx.toBytes())]);
  };
  const proposal = async (): Promise<Block> => Block.decode(fromHex(await node.call<string>('getnewblockhex')));
  const combine = async (block: Block, fragments: string[]) => node.call<{ hex: string; complete: boolean }>('combineblocksigs', [toHex(block.toBytes()), fragments]);
  /** Sign with signers `who`, combine, submit; returns submitblock's result. */
  const signAndSubmit = async (block: Block, who: number[]): Promise<unknown> => {
    const c = await combine(block, who.map((i) => fragment(block, i)));
    return node.call('submitblock', [c.hex]);
  };

  await t.test('generate is refused on a signed chain', async () => {
    assert.deepEqual((await node.rpc('generate', [1])).error, GENERATE_REFUSED);
    assert.equal(await node.call('getblockcount'), 0);
  });

  await t.test('height 1: one signature is incomplete and rejected (block-proof-invalid); two signatures make it; the coinbase pays the mandatory destination', async () => {
    const txid = await mempoolTx();
    const block = await proposal();
    assert.equal(block.header.height, 1);
    assert.equal(toHex(block.header.challenge), toHex(CHALLENGE_2OF3));
    assert.equal(block.header.solution.length, 0);
    assert.deepEqual(paidScripts(block), [toHex(PAY_A)]);
    assert.deepEqual(block.transactions.slice(1).map((tx) => tx.txidHex), [txid]);

    const one = await combine(block, [fragment(block, 0)]);
    assert.equal(one.complete, false);
    assert.equal(await node.call('submitblock', [one.hex]), 'block-proof-invalid');
    assert.equal(await node.call('getblockcount'), 0);
    // a key that is not in the challenge adds nothing
    const stranger = await combine(Block.decode(fromHex(one.hex)), [fragment(block, 3)]);
    assert.equal(stranger.complete, false);

    // the signatures merge one at a time into the partial solution, in any order
    const both = await combine(Block.decode(fromHex(one.hex)), [fragment(block, 2)]);
    assert.equal(both.complete, true);
    const reversed = await combine(block, [fragment(block, 2), fragment(block, 0)]);
    assert.equal(reversed.complete, true);
    assert.equal(reversed.hex, both.hex);
    // the rejected one-signature block has the same hash: it must not have been marked invalid
    assert.equal(await node.call('submitblock', [both.hex]), null);
    assert.equal(await node.call('getblockcount'), 1);
    assert.equal(await node.call('getbestblockhash'), block.header.hashHex);
    assert.equal(await node.call('submitblock', [both.hex]), 'duplicate');
    assert.deepEqual(await node.call('getrawmempool'), []);
    // getblock's bits is the challenge's asm (functional spec B.17)
    const decoded = await node.call<{ asm: string }>('decodescript', [toHex(CHALLENGE_2OF3)]);
    assert.equal((await node.call<{ bits: string }>('getblock', [block.header.hashHex])).bits, decoded.asm);
  });

  await t.test('height 2: a coinbase paying the scheduled destination too early is bad-coinbase-txos; signers 1+2 sign the good one', async () => {
    await mempoolTx();
    const block = await proposal();
    assert.deepEqual(paidScripts(block), [toHex(PAY_A)]);
    assert.equal(await signAndSubmit(redirectCoinbase(block, PAY_B), [1, 2]), 'bad-coinbase-txos');
    assert.equal(await signAndSubmit(block, [1, 2]), null);
    assert.equal(await node.call('getblockcount'), 2);
  });

  await t.test(`height ${COINBASE_CHANGE} (coinbase change): the old destination or any other is bad-coinbase-txos; the new one is accepted`, async () => {
    await mempoolTx();
    const block = await proposal();
    assert.equal(block.header.height, COINBASE_CHANGE);
    assert.deepEqual(paidScripts(block), [toHex(PAY_B)]);
    assert.equal(await signAndSubmit(redirectCoinbase(block, PAY_A), [0, 1]), 'bad-coinbase-txos');
    assert.equal(await signAndSubmit(redirectCoinbase(block, PAY_ELSEWHERE), [0, 1]), 'bad-coinbase-txos');
    assert.equal(await node.call('getblockcount'), COINBASE_CHANGE - 1);
    assert.equal(await signAndSubmit(block, [0, 1]), null);
    assert.equal(await node.call('getblockcount'), COINBASE_CHANGE);
  });

  await t.test('blocks up to the challenge change still need two of the three keys; the 1-of-2 challenge is refused early', async () => {
    while ((await node.call<number>('getblockcount')) < CHALLENGE_CHANGE - 1) {
      const block = await proposal();
      assert.equal(toHex(block.header.challenge), toHex(CHALLENGE_2OF3));
      const early = rebuild(block, { challenge: CHALLENGE_1OF2 });
      assert.equal(await signAndSubmit(early, [3]), 'bad-diffbits');
      assert.equal(await signAndSubmit(block, [1]), 'block-proof-invalid');
      assert.equal(await signAndSubmit(block, [0, 2]), null);
    }
  });

  await t.test(`height ${CHALLENGE_CHANGE} (challenge change): 1-of-2 with one new key; the old challenge, even fully signed, is bad-diffbits`, async () => {
    await mempoolTx();
    const block = await proposal();
    assert.equal(block.header.height, CHALLENGE_CHANGE);
    assert.equal(toHex(block.header.challenge), toHex(CHALLENGE_1OF2));
    const old = rebuild(block, { challenge: CHALLENGE_2OF3 });
    const oldSigned = await combine(old, [fragment(old, 0), fragment(old, 1)]);
    assert.equal(oldSigned.complete, true);
    assert.equal(await node.call('submitblock', [oldSigned.hex]), 'bad-diffbits');
    const byOldKeys = await combine(block, [fragment(block, 0), fragment(block, 1), fragment(block, 2)]);
    assert.equal(byOldKeys.complete, false);
    assert.equal(await node.call('submitblock', [byOldKeys.hex]), 'block-proof-invalid');
    const signed = await combine(block, [fragment(block, 4)]);
    assert.equal(signed.complete, true);
    assert.equal(await node.call('submitblock', [signed.hex]), null);
    assert.equal(await node.call('getblockcount'), CHALLENGE_CHANGE);
    const decoded = await node.call<{ asm: string }>('decodescript', [toHex(CHALLENGE_1OF2)]);
    assert.equal((await node.call<{ bits: string }>('getblock', [block.header.hashHex])).bits, decoded.asm);
    assert.deepEqual(paidScripts(block), [toHex(PAY_B)]);
  });

  await t.test('restart keeps the chain and the schedules; the next block needs the new challenge and pays the new destination', async () => {
    const best = await node.call<string>('getbestblockhash');
    const txout = await node.call<Record<string, unknown>>('gettxoutsetinfo');
    await node.stop();
    await node.start();
    assert.equal(await node.call('getblockcount'), CHALLENGE_CHANGE);
    assert.equal(await node.call('getbestblockhash'), best);
    assert.deepEqual(await node.call('gettxoutsetinfo'), txout);
    assert.deepEqual((await node.rpc('generate', [1])).error, GENERATE_REFUSED);
    await mempoolTx();
    const block = await proposal();
    assert.equal(toHex(block.header.challenge), toHex(CHALLENGE_1OF2));
    assert.deepEqual(paidScripts(block), [toHex(PAY_B)]);
    assert.equal(await signAndSubmit(rebuild(block, { challenge: CHALLENGE_2OF3 }), [0, 1]), 'bad-diffbits');
    assert.equal(await signAndSubmit(block, [3]), null);
    assert.equal(await node.call('getblockcount'), CHALLENGE_CHANGE + 1);
    await node.stop();
  });
});
