// BIP125 replace-by-fee in the bcoin regtest (bcoin-rbf-preload.cjs), checked against a real bcoin
// through rpc-client's bitcoind-compatible BcoinQuirks: replacement, bitcoind's rejections
// ("66: insufficient fee", "258: txn-mempool-conflict", "64: too many potential replacements"),
// eviction of descendants, and the wallets (watch-only and primary) following the replacement.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BITCOIN_REGTEST,
  BitcoinTransaction,
  BitcoinTxIn,
  BitcoinTxOut,
  Writer,
  bitcoinAddressToScript,
  bitcoinLegacySighash,
  concatBytes,
  fromDisplayHex,
  hash160,
  loadNativeSecp256k1,
  p2pkhAddress,
  p2pkhScript,
  sha256,
} from '@ocean-ts/core';
import { BcoinQuirks, RpcCallError } from '@ocean-ts/rpc-client';
import { BcoinRegtest } from '../src/index.js';

const secp = loadNativeSecp256k1();
const SIGNALLING = 0xfffffffd;
const FINAL_MINUS_ONE = 0xfffffffe; // allows nLockTime, does not signal

interface Key {
  readonly priv: Uint8Array;
  readonly pub: Uint8Array;
  readonly script: Uint8Array;
  readonly address: string;
}

interface Coin {
  readonly txid: string;
  readonly vout: number;
  readonly value: number;
  readonly key: Key;
}

interface Out {
  readonly script: Uint8Array;
  readonly value: number;
}

function p2pkhKey(seed: string): Key {
  const priv = sha256(new TextEncoder().encode(seed));
  const pub = secp.publicKeyCreate(priv, true);
  return { priv, pub, script: p2pkhScript(hash160(pub)), address: p2pkhAddress(pub, BITCOIN_REGTEST) };
}

/** A version 2 legacy transaction spending P2PKH `coins` (SIGHASH_ALL, low-S). */
function signSpend(coins: readonly Coin[], outputs: readonly Out[], sequence: number, locktime = 0): BitcoinTransaction {
  const inputs = coins.map((c) => new BitcoinTxIn(fromDisplayHex(c.txid), c.vout, new Uint8Array(0), sequence));
  const outs = outputs.map((o) => new BitcoinTxOut(BigInt(o.value), o.script));
  const unsigned = new BitcoinTransaction(2, inputs, outs, locktime);
  const signed = inputs.map((input, n) => {
    const key = coins[n]!.key;
    const digest = bitcoinLegacySighash(unsigned, n, key.script, 1);
    const der = secp.signatureExport(secp.sign(digest, key.priv).signature);
    return input.withScriptSig(new Writer().varBytes(concatBytes(der, Uint8Array.of(1))).varBytes(key.pub).finish());
  });
  return new BitcoinTransaction(2, signed, outs, locktime);
}

/**
 * Spend `coins` to one output `script` paying exactly `feeFor(size)` for the transaction's own
 * size. The DER signature's length depends on the signed bytes, so the size can flip with the
 * amount: try sizes, then other (past, final) locktimes, until fee and size agree.
 */
function spendWithFee(coins: readonly Coin[], script: Uint8Array, sequence: number, feeFor: (size: number) => number): BitcoinTransaction {
  const total = coins.reduce((s, c) => s + c.value, 0);
  for (let locktime = 0; locktime < 50; locktime++) {
    let size = signSpend(coins, [{ script, value: total - feeFor(0) }], sequence, locktime).size;
    for (let i = 0; i < 3; i++) {
      const tx = signSpend(coins, [{ script, value: total - feeFor(size) }], sequence, locktime);
      if (tx.size === size) return tx;
      size = tx.size;
    }
  }
  throw new Error('fee and size did not settle');
}

const rejects = (code: number, message: RegExp) => (e: unknown) => e instanceof RpcCallError && e.code === code && message.test(e.message);

async function startNode(t: { after(fn: () => unknown): void }) {
  const node = await BcoinRegtest.start(t);
  return { node, client: BcoinQuirks.connect(node.endpoints) };
}

/** Pay `sats` from the primary wallet to `key`, mine it; the coin. */
async function confirmedCoin(node: BcoinRegtest, client: BcoinQuirks, key: Key, sats: number): Promise<Coin> {
  const txid = await node.fund(key.address, sats);
  const vout = (await client.getRawTransaction(txid)).vout.findIndex((o) => o.scriptPubKey.hex === Buffer.from(key.script).toString('hex'));
  assert.ok(vout >= 0);
  await node.mine(1);
  return { txid, vout, value: sats, key };
}

/** Wait (bcoin's wallet files mempool txs asynchronously) until `probe` answers true. */
async function eventually(what: string, probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await probe()) return;
    await sleep(10);
  }
  assert.fail(`not reached: ${what}`);
}

async function throwsCode(p: Promise<unknown>, code: number): Promise<boolean> {
  try {
    await p;
    return false;
  } catch (e) {
    return e instanceof RpcCallError && e.code === code;
  }
}

describe('bcoin regtest: BIP125 replace-by-fee (bitcoind 0.14 rules)', () => {
  it('a higher-fee replacement replaces; both wallets follow; mining confirms it and the old txid is gone', { timeout: 90_000 }, async (t) => {
    const { node, client } = await startNode(t);
    const owner = p2pkhKey('rbf owner');
    const watched = p2pkhKey('rbf watched payee');
    await client.importAddress(owner.address, '', false);
    await client.importAddress(watched.address, '', false);
    const primaryAddress = await client.getNewAddress();
    const primaryScript = bitcoinAddressToScript(primaryAddress, BITCOIN_REGTEST);
    const coin = await confirmedCoin(node, client, owner, 100_000_000);

    // The original (Mainstay-style: signalling, then a bump with the same input and a lower output).
    const original = signSpend([coin], [{ script: watched.script, value: 60_000_000 }, { script: primaryScript, value: 39_990_000 }], SIGNALLING);
    assert.equal(await client.sendRawTransaction(original.toHex()), original.txidHex);
    await eventually('watch wallet has the original', async () => (await client.listUnspent({ minconf: 0, addresses: [watched.address] })).length === 1);
    const bump = signSpend([coin], [{ script: watched.script, value: 60_000_000 }, { script: primaryScript, value: 39_970_000 }], SIGNALLING);
    assert.equal(await client.sendRawTransaction(bump.toHex()), bump.txidHex);

    const mempool = await client.getRawMempool();
    assert.ok(mempool.includes(bump.txidHex));
    assert.ok(!mempool.includes(original.txidHex));
    assert.equal((await client.getMempoolEntry(bump.txidHex)).fee, 30_000);
    await assert.rejects(client.getMempoolEntry(original.txidHex), (e: unknown) => e instanceof RpcCallError);
    assert.equal(await client.getTxOut(original.txidHex, 0, true), undefined);
    assert.equal((await client.getTxOut(bump.txidHex, 1, true))?.value, 39_970_000);

    // Watch-only wallet: the replacement is known, its output listed, the original dropped.
    await eventually('watch wallet has the bump', async () => !(await throwsCode(client.getTransaction(bump.txidHex), -5)));
    await assert.rejects(client.getTransaction(original.txidHex), rejects(-5, /Invalid or non-wallet transaction id/));
    const watchedUnspent = await client.listUnspent({ minconf: 0, addresses: [watched.address] });
    assert.deepEqual(watchedUnspent.map((u) => [u.txid, u.vout, u.amount]), [[bump.txidHex, 0, 60_000_000]]);
    assert.deepEqual(await client.listUnspent({ minconf: 0, addresses: [owner.address] }), []);

    // Primary wallet: the same.
    const primaryCoins = async () => (await node.walletApi<{ hash: string; index: number; value: number }[]>('GET', '/wallet/primary/coin')).filter((c) => c.hash === bump.txidHex || c.hash === original.txidHex);
    await eventually('primary wallet has the bump', async () => (await primaryCoins()).some((c) => c.hash === bump.txidHex));
    assert.deepEqual((await primaryCoins()).map((c) => [c.hash, c.index, c.value]), [[bump.txidHex, 1, 39_970_000]]);
    await assert.rejects(node.walletApi('GET', `/wallet/primary/tx/${original.txidHex}`), /HTTP 404/);

    // Mined: the bump confirms, the original is nowhere.
    const [block] = await node.mine(1);
    await client.syncWallet();
    assert.deepEqual((await client.getBlock(block!)).tx.slice(1), [bump.txidHex]);
    assert.equal((await client.getRawTransaction(bump.txidHex)).blockhash, block);
    await assert.rejects(client.getRawTransaction(original.txidHex), rejects(-1, /^Transaction not found\.$/) /* bcoin's answer, passed through; bitcoind: -5 No such mempool or blockchain transaction… */);
    assert.equal((await client.getTransaction(bump.txidHex)).confirmations, 1);
    assert.equal((await client.listUnspent({ addresses: [watched.address] }))[0]?.txid, bump.txidHex);
    assert.deepEqual(await client.getRawMempool(), []);
  });

  it('a lower, equal or not-enough-higher fee is rejected ("66: insufficient fee") and the original kept', { timeout: 90_000 }, async (t) => {
    const { node, client } = await startNode(t);
    const owner = p2pkhKey('rbf low fee owner');
    const payee = p2pkhKey('rbf low fee payee').script;
    const coin = await confirmedCoin(node, client, owner, 50_000_000);
    const original = spendWithFee([coin], payee, SIGNALLING, () => 20_000);
    assert.equal(await client.sendRawTransaction(original.toHex()), original.txidHex);
    const other = p2pkhKey('rbf low fee other payee').script; // same size as `payee`, another txid

    const attempts = [
      spendWithFee([coin], other, SIGNALLING, () => 10_000), // lower fee (and fee rate)
      spendWithFee([coin], other, SIGNALLING, () => 20_000), // equal: the fee rate must be higher
      spendWithFee([coin], other, SIGNALLING, (size) => 20_000 + size - 1), // higher rate, < 1 sat/vB more
    ];
    for (const tx of attempts) {
      assert.notEqual(tx.txidHex, original.txidHex);
      await assert.rejects(client.sendRawTransaction(tx.toHex()), rejects(-26, /^66: insufficient fee$/));
      assert.deepEqual(await client.getRawMempool(), [original.txidHex]);
    }
    // Nothing lost: the original is still minable, with its fee.
    assert.equal((await client.getMempoolEntry(original.txidHex)).fee, 20_000);

    // Exactly the incremental relay fee (1 sat/vB of its own size) more: accepted.
    const enough = spendWithFee([coin], other, SIGNALLING, (size) => 20_000 + size);
    assert.equal(await client.sendRawTransaction(enough.toHex()), enough.txidHex);
    assert.deepEqual(await client.getRawMempool(), [enough.txidHex]);
    const [block] = await node.mine(1);
    assert.deepEqual((await client.getBlock(block!)).tx.slice(1), [enough.txidHex]);
  });

  it('a non-signalling original cannot be replaced ("258: txn-mempool-conflict"), nor its non-signalling child', { timeout: 90_000 }, async (t) => {
    const { node, client } = await startNode(t);
    const owner = p2pkhKey('rbf final owner');
    const payee = p2pkhKey('rbf final payee');
    const coin = await confirmedCoin(node, client, owner, 50_000_000);
    const second = await confirmedCoin(node, client, owner, 50_000_000);
    const original = spendWithFee([coin], payee.script, FINAL_MINUS_ONE, () => 10_000);
    assert.equal(await client.sendRawTransaction(original.toHex()), original.txidHex);
    const bump = spendWithFee([coin], owner.script, SIGNALLING, () => 1_000_000);
    await assert.rejects(client.sendRawTransaction(bump.toHex()), rejects(-26, /^258: txn-mempool-conflict$/));
    assert.deepEqual(await client.getRawMempool(), [original.txidHex]);

    // Signalling is not inherited (as in bitcoind): the non-signalling child of a signalling parent stays.
    const parent = spendWithFee([second], payee.script, SIGNALLING, () => 10_000);
    assert.equal(await client.sendRawTransaction(parent.toHex()), parent.txidHex);
    const parentCoin: Coin = { txid: parent.txidHex, vout: 0, value: Number(parent.outputs[0]!.value), key: payee };
    const child = spendWithFee([parentCoin], owner.script, FINAL_MINUS_ONE, () => 10_000);
    assert.equal(await client.sendRawTransaction(child.toHex()), child.txidHex);
    const childBump = spendWithFee([parentCoin], payee.script, SIGNALLING, () => 1_000_000);
    await assert.rejects(client.sendRawTransaction(childBump.toHex()), rejects(-26, /^258: txn-mempool-conflict$/));
    assert.deepEqual((await client.getRawMempool()).sort(), [original.txidHex, parent.txidHex, child.txidHex].sort());
  });

  it('a replacement evicts the original\'s descendants and must pay for them too', { timeout: 90_000 }, async (t) => {
    const { node, client } = await startNode(t);
    const owner = p2pkhKey('rbf parent owner');
    const middle = p2pkhKey('rbf child owner');
    const sink = p2pkhKey('rbf sink').script;
    const coin = await confirmedCoin(node, client, owner, 50_000_000);
    const parent = spendWithFee([coin], middle.script, SIGNALLING, () => 10_000);
    assert.equal(await client.sendRawTransaction(parent.toHex()), parent.txidHex);
    const parentCoin: Coin = { txid: parent.txidHex, vout: 0, value: Number(parent.outputs[0]!.value), key: middle };
    const child = spendWithFee([parentCoin], sink, SIGNALLING, () => 10_000);
    assert.equal(await client.sendRawTransaction(child.toHex()), child.txidHex);

    // A higher fee rate than the parent, but less than parent + child together: rejected, both kept.
    const cheap = spendWithFee([coin], sink, SIGNALLING, () => 15_000);
    await assert.rejects(client.sendRawTransaction(cheap.toHex()), rejects(-26, /^66: insufficient fee$/));
    assert.deepEqual((await client.getRawMempool()).sort(), [parent.txidHex, child.txidHex].sort());

    // Spending the original's output while replacing it: bitcoind's "bad-txns-spends-conflicting-tx".
    const selfish = signSpend([coin, parentCoin], [{ script: sink, value: coin.value + parentCoin.value - 1_000_000 }], SIGNALLING);
    await assert.rejects(client.sendRawTransaction(selfish.toHex()), rejects(-26, /^16: bad-txns-spends-conflicting-tx$/));

    const replacement = spendWithFee([coin], sink, SIGNALLING, (size) => 20_000 + size);
    assert.equal(await client.sendRawTransaction(replacement.toHex()), replacement.txidHex);
    assert.deepEqual(await client.getRawMempool(), [replacement.txidHex]);
    assert.equal(await client.getTxOut(parent.txidHex, 0, true), undefined);
    const [block] = await node.mine(1);
    assert.deepEqual((await client.getBlock(block!)).tx.slice(1), [replacement.txidHex]);
    await assert.rejects(client.getRawTransaction(child.txidHex), rejects(-1, /^Transaction not found\.$/) /* bcoin's answer, passed through; bitcoind: -5 No such mempool or blockchain transaction… */);
  });

  it('more than 100 transactions to evict: "64: too many potential replacements"; 100 are fine', { timeout: 120_000 }, async (t) => {
    const { node, client } = await startNode(t);
    const owner = p2pkhKey('rbf fan owner');
    const leaf = p2pkhKey('rbf fan leaf');
    const sink = p2pkhKey('rbf fan sink').script;
    const coin = await confirmedCoin(node, client, owner, 100_000_000);
    const coin2 = await confirmedCoin(node, client, owner, 100_000_000);
    // One signalling parent with 100 outputs, each spent by a child: 101 transactions to evict.
    // (bitcoind's descendant limit of 25 would refuse the 25th child; bcoin has no such limit.)
    const each = 990_000;
    const fan = signSpend([coin], Array.from({ length: 100 }, () => ({ script: leaf.script, value: each })), SIGNALLING);
    assert.equal(await client.sendRawTransaction(fan.toHex()), fan.txidHex);
    const children: BitcoinTransaction[] = [];
    for (let vout = 0; vout < 100; vout++) {
      const child = spendWithFee([{ txid: fan.txidHex, vout, value: each, key: leaf }], sink, FINAL_MINUS_ONE, () => 1_000);
      assert.equal(await client.sendRawTransaction(child.toHex()), child.txidHex);
      children.push(child);
    }
    assert.equal((await client.getRawMempool()).length, 101);
    const rich = spendWithFee([coin], sink, SIGNALLING, () => 1_200_000);
    await assert.rejects(client.sendRawTransaction(rich.toHex()), rejects(-26, /^64: too many potential replacements$/));
    assert.equal((await client.getRawMempool()).length, 101);

    // The boundary: a fan with 99 children is exactly 100 transactions to evict: accepted.
    const each2 = 1_000_000; // the same 1 000 000 sat fee as the first fan
    const fan2 = signSpend([coin2], Array.from({ length: 99 }, () => ({ script: leaf.script, value: each2 })), SIGNALLING);
    assert.equal(await client.sendRawTransaction(fan2.toHex()), fan2.txidHex);
    for (let vout = 0; vout < 99; vout++) {
      const child = spendWithFee([{ txid: fan2.txidHex, vout, value: each2, key: leaf }], sink, FINAL_MINUS_ONE, () => 1_000);
      assert.equal(await client.sendRawTransaction(child.toHex()), child.txidHex);
    }
    const rich2 = spendWithFee([coin2], sink, SIGNALLING, () => 1_200_000);
    assert.equal(await client.sendRawTransaction(rich2.toHex()), rich2.txidHex);
    const left = await client.getRawMempool();
    assert.ok(left.includes(rich2.txidHex));
    assert.ok(!left.includes(fan2.txidHex));
    assert.equal(left.length, 101 + 1); // the first fan and its children, and the replacement
    assert.ok(children.every((c) => left.includes(c.txidHex)));
  });
});
