// A real bcoin regtest node (BcoinRegtest) driven through rpc-client's bitcoind-compatible
// BcoinQuirks client: every typed BitcoinClient method, the watch-only wallet, a hand-signed P2PKH
// spend, and the rejections bcoin's own sendrawtransaction would hide.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  Writer,
  base58CheckEncode,
  concatBytes,
  fromDisplayHex,
  fromHex,
  hash160,
  loadNativeSecp256k1,
  sha256,
  sha256d,
  toDisplayHex,
  toHex,
} from '@ocean-ts/core';
import { BcoinQuirks, RpcCallError } from '@ocean-ts/rpc-client';
import { BcoinRegtest } from '../src/index.js';

const secp = loadNativeSecp256k1();

/** A P2PKH key with its Bitcoin Core regtest address. */
function p2pkhKey(seed: string) {
  const priv = sha256(new TextEncoder().encode(seed));
  const pub = secp.publicKeyCreate(priv, true);
  const h = hash160(pub);
  return { priv, pub, script: concatBytes(fromHex('76a914'), h, fromHex('88ac')), address: base58CheckEncode(concatBytes(Uint8Array.of(0x6f), h)) };
}

interface Input {
  readonly txid: string;
  readonly vout: number;
  readonly sequence: number;
}

/** A legacy (non-witness) transaction: one output, version 2, locktime 0; `scriptSigs[i]` per input. */
function serialize(inputs: readonly Input[], scriptSigs: readonly Uint8Array[], outScript: Uint8Array, value: number): Uint8Array {
  const w = new Writer().u32le(2).compactSize(inputs.length);
  inputs.forEach((i, n) => w.bytes(fromDisplayHex(i.txid)).u32le(i.vout).varBytes(scriptSigs[n]!).u32le(i.sequence));
  return w.compactSize(1).u64le(BigInt(value)).varBytes(outScript).u32le(0).finish();
}

/** Spend P2PKH outputs of `key` (SIGHASH_ALL legacy sighash, RFC6979 low-S). */
function signP2pkh(key: ReturnType<typeof p2pkhKey>, inputs: readonly Input[], outScript: Uint8Array, value: number): { hex: string; txid: string } {
  const empty = inputs.map(() => new Uint8Array(0));
  const sigs = inputs.map((_, n) => {
    const preimage = serialize(inputs, empty.map((e, k) => (k === n ? key.script : e)), outScript, value);
    const digest = sha256d(concatBytes(preimage, fromHex('01000000')));
    const der = secp.signatureExport(secp.sign(digest, key.priv).signature);
    return new Writer().varBytes(concatBytes(der, Uint8Array.of(1))).varBytes(key.pub).finish();
  });
  const raw = serialize(inputs, sigs, outScript, value);
  return { hex: toHex(raw), txid: toDisplayHex(sha256d(raw)) };
}

const rejects = (code: number, message: RegExp) => (e: unknown) => e instanceof RpcCallError && e.code === code && message.test(e.message);

describe('BcoinRegtest + BcoinQuirks', () => {
  it('starts quickly in memory, with a funded primary wallet, and cleans up', { timeout: 60_000 }, async (t) => {
    const started = Date.now();
    const node = await BcoinRegtest.start(t);
    const elapsed = Date.now() - started;
    t.diagnostic(`bcoin up and 101 blocks mined in ${elapsed} ms`);
    assert.ok(elapsed < 10_000);
    const client = BcoinQuirks.connect(node.endpoints);
    const info = await client.getBlockchainInfo();
    assert.equal(info.chain, 'regtest');
    assert.equal(info.blocks, 101);
    const balance = await node.walletApi<{ confirmed: number }>('GET', '/wallet/primary/balance');
    assert.equal(balance.confirmed, 101 * 50 * 1e8);
    assert.match(node.miningAddress, /^R/); // bcoin's own regtest p2pkh prefix
    await node.stop();
    assert.equal(node.running, false);
    assert.equal(existsSync(node.dir), false);
    await assert.rejects(client.getBlockCount(), /couldn't connect/);
  });

  it('every typed method: watch-only import, exact sats, a signed spend, mempool, blocks, rejections', { timeout: 120_000 }, async (t) => {
    const node = await BcoinRegtest.start(t);
    const client = BcoinQuirks.connect(node.endpoints);
    const watched = p2pkhKey('mainstay m2 watched key');
    const payee = p2pkhKey('mainstay m2 payee key');

    // Chain queries.
    assert.equal(await client.getBlockCount(), 101);
    const tip = await client.getBestBlockHash();
    assert.equal(await client.getBlockHash(101), tip);
    const header = await client.getBlockHeader(tip);
    assert.equal(header.height, 101);
    assert.equal(header.confirmations, 1);
    assert.equal(header.nextblockhash, undefined);
    assert.equal(header.previousblockhash, await client.getBlockHash(100));
    assert.deepEqual(await client.estimateSmartFee(2), { feerate: undefined, blocks: 2, errors: [] });

    // Watch a Core-encoded regtest address (bcoin needs a watch-only wallet and its own prefixes).
    await client.importAddress(watched.address, '', false);
    const wallets = await node.walletApi<string[]>('GET', '/wallet');
    assert.ok(wallets.includes('mainstay'));
    assert.equal((await node.walletApi<{ watchOnly: boolean }>('GET', '/wallet/mainstay')).watchOnly, true);
    await client.importAddress(watched.address, '', false); // again: no error, like bitcoind

    // Fund it: listunspent shows exactly the amount, in Core encoding.
    const amount = 123_456_789;
    const fundTxid = await node.fund(watched.address, amount);
    assert.ok((await client.getRawMempool()).includes(fundTxid));
    const unconfirmed = await client.listUnspent({ minconf: 0, addresses: [watched.address] });
    assert.equal(unconfirmed.length, 1);
    const coin = unconfirmed[0]!;
    assert.equal(coin.txid, fundTxid);
    assert.equal(coin.amount, amount);
    assert.equal(coin.address, watched.address);
    assert.equal(coin.scriptPubKey, toHex(watched.script));
    assert.equal(coin.confirmations, 0);
    assert.equal(coin.spendable, false); // watch-only
    assert.deepEqual(await client.listUnspent({ addresses: [watched.address] }), []); // minconf 1

    // The funding transaction's mempool fee equals inputs minus outputs, exactly.
    const fundTx = await client.getRawTransaction(fundTxid);
    let inputs = 0;
    for (const i of fundTx.vin) inputs += (await client.getRawTransaction(i.txid!)).vout[i.vout!]!.value;
    const outputs = fundTx.vout.reduce((s, o) => s + o.value, 0);
    const fundEntry = await client.getMempoolEntry(fundTxid);
    assert.equal(fundEntry.fee, inputs - outputs);
    assert.ok(fundEntry.fee > 0);
    assert.equal(fundEntry.modifiedFee, fundEntry.fee);
    assert.equal(fundEntry.vsize, fundTx.size);
    assert.equal(fundTx.vout[coin.vout]!.scriptPubKey.address, watched.address);
    assert.equal(fundTx.vout[coin.vout]!.scriptPubKey.type, 'pubkeyhash');
    assert.equal(fundTx.blockhash, undefined);

    // Mine it: gettransaction on the watch-only wallet shows the block.
    const [fundBlock] = await node.mine(1);
    await client.syncWallet(); // bcoin's wallets follow the chain asynchronously
    const wtx = await client.getTransaction(fundTxid);
    assert.equal(wtx.blockhash, fundBlock);
    assert.equal(wtx.blockheight, 102);
    assert.equal(wtx.confirmations, 1);
    assert.equal(wtx.amount, amount);
    assert.ok(wtx.details.some((d) => d.address === watched.address && d.amount === amount && d.category === 'receive' && d.involvesWatchonly));
    const confirmed = await client.listUnspent({ addresses: [watched.address] });
    assert.equal(confirmed[0]!.confirmations, 1);

    // Spend it with a hand-signed legacy P2PKH transaction (BIP125-signalling, as Mainstay's vin0).
    const input = { txid: fundTxid, vout: coin.vout, sequence: 0xfffffffd };
    const spend = signP2pkh(watched, [input], payee.script, amount - 10_000);
    await assert.rejects(client.testMempoolAccept([spend.hex]), rejects(-32601, /not found/i)); // absent in bcoin 1.0.2

    // A bad signature: bcoin's verification reason, in bitcoind's "<code>: <reason>" form.
    const other = p2pkhKey('not the owner');
    const forged = signP2pkh({ ...other, script: watched.script, pub: watched.pub }, [input], payee.script, amount - 30_000);
    await assert.rejects(client.sendRawTransaction(forged.hex), rejects(-26, /^64: mandatory-script-verify-flag/) /* bcoin: nonstandard; bitcoind: 16 …-failed */);
    await assert.rejects(client.sendRawTransaction('00'), rejects(-22, /^TX decode failed$/));
    assert.equal(await client.sendRawTransaction(spend.hex), spend.txid);
    assert.ok((await client.getRawMempool()).includes(spend.txid));
    const entry = await client.getMempoolEntry(spend.txid);
    assert.equal(entry.fee, 10_000);
    assert.equal(entry.vsize, spend.hex.length / 2);
    assert.equal(await client.sendRawTransaction(spend.hex), spend.txid); // already in the mempool: bitcoind answers the txid

    // A double spend paying less than the original (so BIP125 cannot replace it): bcoin's RPC says
    // "ok" (returns the txid) and drops it; the adapter reports it.
    const double = signP2pkh(watched, [input], payee.script, amount - 5_000);
    assert.equal(await client.inner.sendRawTransaction(double.hex), double.txid); // the quirk itself
    assert.ok(!(await client.getRawMempool()).includes(double.txid));
    await assert.rejects(client.sendRawTransaction(double.hex), rejects(-26, /^66: insufficient fee$/));

    // Mine the spend; find it by walking blocks the way the confirmation tool does.
    const [spendBlock] = await node.mine(1);
    await client.syncWallet();
    assert.deepEqual((await client.getBlock(spendBlock!)).tx.slice(1), [spend.txid]);
    let found: string | undefined;
    for (let h = (await client.getBlockHeader(fundBlock!)).height + 1; h <= (await client.getBlockCount()) && found === undefined; h++) {
      const block = await client.getBlockWithTransactions(await client.getBlockHash(h));
      found = block.tx.find((tx) => tx.vin[0]?.txid === fundTxid && tx.vin[0]?.vout === coin.vout)?.txid;
      if (found !== undefined) {
        const tx = block.tx.find((x) => x.txid === found)!;
        assert.equal(tx.version, 2);
        assert.equal(tx.vin[0]!.sequence, 0xfffffffd);
        assert.equal(tx.vout[0]!.value, amount - 10_000);
        assert.equal(tx.vout[0]!.scriptPubKey.address, payee.address);
        assert.equal(block.hash, spendBlock);
      }
    }
    assert.equal(found, spend.txid);
    const blockHex = await client.getBlockHex(spendBlock!);
    assert.ok(blockHex.includes(spend.hex));
    const raw = await client.getRawTransaction(spend.txid);
    assert.equal(raw.blockhash, spendBlock);
    assert.equal(raw.confirmations, 1);
    assert.equal(await client.getRawTransactionHex(spend.txid), spend.hex);
    const spent = await client.getTransaction(spend.txid); // spends a watched coin (bcoin's RPC fails here)
    assert.equal(spent.blockhash, spendBlock);
    assert.equal(spent.fee, -10_000);
    assert.equal(spent.amount, -(amount - 10_000));
    assert.deepEqual(spent.details.map((d) => [d.category, d.address, d.amount]), [['send', payee.address, -(amount - 10_000)]]);
    await assert.rejects(client.getTransaction(double.txid), rejects(-5, /^Invalid or non-wallet transaction id$/));
    assert.deepEqual(await client.listUnspent({ minconf: 0, addresses: [watched.address] }), []);
    assert.equal((await client.getTxOut(spend.txid, 0))!.value, amount - 10_000);
    assert.equal(await client.getTxOut(fundTxid, coin.vout), undefined);

    // After confirmation: bitcoind's -27 and -25.
    await assert.rejects(client.sendRawTransaction(spend.hex), rejects(-27, /^transaction already in block chain$/));
    await assert.rejects(client.sendRawTransaction(double.hex), rejects(-25, /^Missing inputs$/));
    await assert.rejects(client.getRawTransaction('00'.repeat(32)), (e: unknown) => e instanceof RpcCallError);

    // Spending wallet helpers; generatetoaddress with a Core-encoded address.
    const fresh = await client.getNewAddress();
    assert.match(fresh, /^[mn]/);
    const sent = await client.sendToAddress(fresh, 50_000);
    assert.ok((await client.getRawMempool()).includes(sent));
    const paid = (await client.getRawTransaction(sent)).vout.find((o) => o.scriptPubKey.address === fresh);
    assert.equal(paid?.value, 50_000);
    const [mined] = await client.generateToAddress(1, watched.address);
    assert.equal(await client.getBestBlockHash(), mined);
    const coinbase = (await client.getBlockWithTransactions(mined!)).tx[0]!;
    assert.equal(coinbase.vin[0]!.txid, undefined);
    assert.ok(coinbase.vin[0]!.coinbase !== undefined);
    assert.equal(coinbase.vout[0]!.scriptPubKey.address, watched.address);
  });
});
