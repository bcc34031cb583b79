// End-to-end against the real `bin/oceand`: raw transactions signed with signrawtransaction and
// private keys are accepted by sendrawtransaction — an OP_TRUE genesis coin paid to a P2PKH and a
// 2-of-3 P2SH address, spends of both (the multisig in two rounds with different keys), then the
// raw issuance RPCs (issue from the genesis ISSUANCE coins, reissue with the token, burn), the
// message RPCs and setmocktime moving the node clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Block, COIN, base58CheckEncode, valueFromAmount, concatBytes, fromHex, hash160, loadNativeSecp256k1, toHex } from '@ocean-ts/core';
import { call, daemonSandbox, rpc } from '../support/daemon.js';

const secp = loadNativeSecp256k1();
const privKey = (n: number): Uint8Array => {
  const k = new Uint8Array(32).fill(0x3c);
  k[31] = n;
  return k;
};
const pubKey = (n: number): Uint8Array => secp.publicKeyCreate(privKey(n), true);
const p2pkhScript = (n: number): string => `76a914${toHex(hash160(pubKey(n)))}88ac`;
// Key 9 receives the genesis ISSUANCE coins.
const ISSUANCE_KEY = 9;

interface Prefixes {
  PUBKEY_ADDRESS: number;
  SCRIPT_ADDRESS: number;
  SECRET_KEY: number;
}
interface SignResult {
  hex: string;
  complete: boolean;
  errors?: { txid: string; vout: number; scriptSig: string; sequence: number; error: string }[];
}
interface TxOutJson {
  value: number;
  asset: string;
  scriptPubKey: { hex: string; addresses?: string[] };
}

test('oceand: signrawtransaction, raw issuance RPCs, message signing and setmocktime end to end', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-rawsign-');
  const port = sandbox.port;
  await sandbox.start(['-regtest', '-initialfreecoins=2100000000000000', '-policycoins=50000000000000', `-issuancecoinsdestination=${p2pkhScript(ISSUANCE_KEY)}`]);

  const info = (await call(port, 'getsidechaininfo')) as { addr_prefixes: Prefixes };
  const pre = info.addr_prefixes;
  const address = (version: number, hash: Uint8Array) => base58CheckEncode(concatBytes(Uint8Array.of(version), hash));
  const p2pkh = (n: number) => address(pre.PUBKEY_ADDRESS, hash160(pubKey(n)));
  const wif = (n: number) => base58CheckEncode(concatBytes(Uint8Array.of(pre.SECRET_KEY), privKey(n), Uint8Array.of(1)));
  const send = async (hex: string) => (await call(port, 'sendrawtransaction', [hex])) as string;
  const mine = async (n = 1) => (await call(port, 'generate', [n])) as string[];
  const txout = async (txid: string, n: number) => (await call(port, 'gettxout', [txid, n])) as TxOutJson | null;

  const ms = (await call(port, 'createmultisig', [2, [toHex(pubKey(1)), toHex(pubKey(2)), toHex(pubKey(3))]])) as { address: string; redeemScript: string };
  let fundTxid = '';
  let fundValues: (number | string)[] = [];
  let changeSats = 0n;
  let p2shScript = '';

  await t.test('generate 101 blocks', async () => {
    assert.equal((await mine(101)).length, 101);
    assert.equal(await call(port, 'getblockcount'), 101);
  });

  await t.test('an OP_TRUE genesis coin is paid to a P2PKH and a 2-of-3 P2SH address (signing needs no key)', async () => {
    const genesis = Block.decode(fromHex((await call(port, 'getblock', [await call(port, 'getblockhash', [0]), 0])) as string));
    const tx = genesis.transactions.find((x) => x.outputs.some((o) => o.scriptPubKey.length === 1 && o.scriptPubKey[0] === 0x51))!;
    const vout = tx.outputs.findIndex((o) => o.scriptPubKey.length === 1 && o.scriptPubKey[0] === 0x51);
    const coin = tx.outputs[vout]!;
    const asset = coin.asset.idHex;
    changeSats = coin.value.amount - 150n * COIN - 100_000n;
    fundValues = [100, 50, valueFromAmount(changeSats)];
    const raw = (await call(port, 'createrawtxoutputs', [
      [{ txid: tx.txidHex, vout }],
      [
        { address: p2pkh(1), amount: fundValues[0], asset },
        { address: ms.address, amount: fundValues[1], asset },
        { address: p2pkh(4), amount: fundValues[2], asset },
        { address: 'fee', amount: 0.001, asset },
      ],
    ])) as string;
    const signed = (await call(port, 'signrawtransaction', [raw])) as SignResult;
    assert.equal(signed.complete, true);
    assert.equal(signed.hex, raw);
    fundTxid = await send(signed.hex);
    await mine();
    p2shScript = (await txout(fundTxid, 1))!.scriptPubKey.hex;
    assert.equal((await txout(fundTxid, 0))!.scriptPubKey.hex, p2pkhScript(1));
  });

  await t.test('the P2PKH output is spent with a private key (coin from the UTXO set)', async () => {
    const raw = (await call(port, 'createrawtransaction', [[{ txid: fundTxid, vout: 0 }], { [p2pkh(5)]: 99.999, fee: 0.001 }])) as string;
    const unsignedTry = (await call(port, 'signrawtransaction', [raw, [], [wif(2)]])) as SignResult;
    assert.equal(unsignedTry.complete, false);
    assert.equal(unsignedTry.errors?.[0]?.txid, fundTxid);
    const signed = (await call(port, 'signrawtransaction', [raw, null, [wif(1)]])) as SignResult;
    assert.equal(signed.complete, true);
    assert.equal(signed.errors, undefined);
    const txid = await send(signed.hex);
    assert.ok(((await call(port, 'getrawmempool')) as string[]).includes(txid));
  });

  await t.test('the 2-of-3 P2SH output is signed in two rounds with different keys', async () => {
    const raw = (await call(port, 'createrawtransaction', [[{ txid: fundTxid, vout: 1 }], { [p2pkh(6)]: 49.999, fee: 0.001 }])) as string;
    const prevtxs = [{ txid: fundTxid, vout: 1, scriptPubKey: p2shScript, redeemScript: ms.redeemScript, amount: 50 }];
    const round1 = (await call(port, 'signrawtransaction', [raw, prevtxs, [wif(3)]])) as SignResult;
    assert.equal(round1.complete, false);
    assert.equal(round1.errors?.length, 1);
    const early = await rpc(port, 'sendrawtransaction', [round1.hex]);
    assert.equal(early.error?.code, -26);
    const round2 = (await call(port, 'signrawtransaction', [round1.hex, prevtxs, [wif(1)]])) as SignResult;
    assert.equal(round2.complete, true);
    const txid = await send(round2.hex);
    await mine();
    assert.equal((await txout(txid, 0))!.scriptPubKey.hex, p2pkhScript(6));
  });

  let issued: { txid: string; entropy: string; asset: string; token: string } | undefined;
  await t.test('createrawissuance spends a genesis ISSUANCE coin; signed and mined', async () => {
    const genesis = Block.decode(fromHex((await call(port, 'getblock', [await call(port, 'getblockhash', [0]), 0])) as string));
    const tx = genesis.transactions.find((x) => x.outputs.some((o) => toHex(o.scriptPubKey) === p2pkhScript(ISSUANCE_KEY)))!;
    const vout = tx.outputs.findIndex((o) => toHex(o.scriptPubKey) === p2pkhScript(ISSUANCE_KEY));
    const coin = (await txout(tx.txidHex, vout))!;
    const r = (await call(port, 'createrawissuance', [p2pkh(7), '1234.5', p2pkh(8), '1', p2pkh(ISSUANCE_KEY), String(coin.value), '1', tx.txidHex, String(vout)])) as {
      rawtx: string;
      vin: number;
      entropy: string;
      asset: string;
      token: string;
    };
    assert.equal(r.vin, 0);
    const decoded = (await call(port, 'decoderawtransaction', [r.rawtx])) as { vin: { issuance: { asset: string; token: string; assetEntropy: string } }[] };
    assert.equal(decoded.vin[0]!.issuance.asset, r.asset);
    assert.equal(decoded.vin[0]!.issuance.token, r.token);
    assert.equal(decoded.vin[0]!.issuance.assetEntropy, r.entropy);
    const signed = (await call(port, 'signrawtransaction', [r.rawtx, null, [wif(ISSUANCE_KEY)]])) as SignResult;
    assert.equal(signed.complete, true);
    const txid = await send(signed.hex);
    await mine();
    const out0 = (await txout(txid, 0))!;
    assert.equal(out0.asset, r.asset);
    assert.equal(out0.value, 1234.5);
    assert.equal((await txout(txid, 1))!.asset, r.token);
    assert.equal((await txout(txid, 2))!.asset, coin.asset);
    issued = { txid, entropy: r.entropy, asset: r.asset, token: r.token };
  });

  let reissueTxid = '';
  await t.test('createrawreissuance spends the token; signed and mined', async () => {
    assert.ok(issued);
    const r = (await call(port, 'createrawreissuance', [p2pkh(7), '10', p2pkh(8), '1', issued.txid, '1', issued.entropy])) as { hex: string; asset: string; token: string };
    assert.equal(r.asset, issued.asset);
    assert.equal(r.token, issued.token);
    const signed = (await call(port, 'signrawtransaction', [r.hex, null, [wif(8)]])) as SignResult;
    assert.equal(signed.complete, true);
    reissueTxid = await send(signed.hex);
    await mine();
    assert.equal((await txout(reissueTxid, 0))!.value, 10);
    assert.equal((await txout(reissueTxid, 1))!.asset, issued.token);
  });

  await t.test('createrawburn burns the reissued amount to OP_RETURN', async () => {
    assert.ok(issued);
    const r = (await call(port, 'createrawburn', [reissueTxid, '0', issued.asset, '10'])) as { hex: string };
    const signed = (await call(port, 'signrawtransaction', [r.hex, null, [wif(7)]])) as SignResult;
    assert.equal(signed.complete, true);
    const txid = await send(signed.hex);
    const tx = (await call(port, 'getrawtransaction', [txid, true])) as { vout: TxOutJson[] };
    assert.equal(tx.vout.length, 1);
    assert.equal(tx.vout[0]!.scriptPubKey.hex, '6a');
    assert.equal(tx.vout[0]!.asset, issued.asset);
    assert.equal(tx.vout[0]!.value, 10);
    await mine();
    assert.deepEqual(await call(port, 'getrawmempool'), []);
    assert.equal(await txout(reissueTxid, 0), null);
  });

  await t.test('signmessagewithprivkey / verifymessage', async () => {
    const sig = (await call(port, 'signmessagewithprivkey', [wif(1), 'hello ocean'])) as string;
    assert.equal(await call(port, 'verifymessage', [p2pkh(1), sig, 'hello ocean']), true);
    assert.equal(await call(port, 'verifymessage', [p2pkh(2), sig, 'hello ocean']), false);
    const bad = await rpc(port, 'verifymessage', [ms.address, sig, 'hello ocean']);
    assert.deepEqual(bad.error, { code: -3, message: 'Address does not refer to key' });
  });

  await t.test('setmocktime moves the clock the mempool and block assembly use', async () => {
    const tip = (await call(port, 'getblockheader', [await call(port, 'getbestblockhash')])) as { time: number };
    const mock = tip.time + 600;
    assert.equal(await call(port, 'setmocktime', [mock]), null);
    const raw = (await call(port, 'createrawtransaction', [[{ txid: fundTxid, vout: 2 }], { [p2pkh(4)]: valueFromAmount(changeSats - 100_000n), fee: 0.001 }])) as string;
    const signed = (await call(port, 'signrawtransaction', [raw, null, [wif(4)]])) as SignResult;
    const txid = await send(signed.hex);
    const pool = (await call(port, 'getrawmempool', [true])) as Record<string, { time: number }>;
    assert.equal(pool[txid]!.time, mock);
    const [hash] = await mine();
    assert.equal(((await call(port, 'getblockheader', [hash])) as { time: number }).time, mock);
    assert.equal(await call(port, 'setmocktime', [0]), null);
    assert.deepEqual(await call(port, 'echo', ['x', 2]), ['x', 2]);
    assert.deepEqual(await call(port, 'getmemoryinfo'), { locked: { used: 0, free: 0, total: 0, locked: 0, chunks_used: 0, chunks_free: 0 } });
  });

});
