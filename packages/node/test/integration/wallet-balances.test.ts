// End-to-end against the real `bin/oceand`: the wallet ledger follows the chain and mempool. A
// fresh node owns the 100 genesis OP_TRUE coins; a payment from outside the wallet (a raw
// transaction signed with core in the test) is unconfirmed, then confirmed; the transaction views;
// a restart keeps balances; invalidateblock moves the payment back to the mempool; importprivkey
// with rescan finds an old payment the wallet never saw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Block,
  ChainParams,
  ConfidentialValue,
  MemorySigningProvider,
  OP,
  OptionValues,
  OutPoint,
  Transaction,
  TransactionBuilder,
  TxIn,
  base58CheckEncode,
  concatBytes,
  decodeAddress,
  fromHex,
  hash160,
  loadNativeSecp256k1,
  scriptForDestination,
  signTransaction,
  toHex,
} from '@ocean-ts/core';
import { explicitOutput } from '../../src/mining/coinbase.js';
import { call, daemonSandbox, rpc } from '../support/daemon.js';

const secp = loadNativeSecp256k1();
const COIN = 100_000_000n;
const privKey = (n: number): Uint8Array => new Uint8Array(32).fill(0x50 + n);
const p2pkh = (n: number): Uint8Array => scriptForDestination({ type: 'keyhash', hash: hash160(secp.publicKeyCreate(privKey(n), true)) });

interface Coin {
  outpoint: OutPoint;
  script: Uint8Array;
  asset: Uint8Array;
  value: bigint;
}

/** Spend `coins` to `outs` (explicit, same asset) plus an explicit fee; signs P2PKH inputs of keys 1..9 with core. */
function spendTx(coins: readonly Coin[], outs: readonly { script: Uint8Array; value: bigint }[], fee: bigint): Transaction {
  const b = new TransactionBuilder();
  b.version = 2;
  for (const c of coins) b.addInput(new TxIn(c.outpoint, new Uint8Array(0), 0xffffffff));
  for (const o of outs) b.addOutput(explicitOutput(coins[0]!.asset, o.value, o.script));
  b.addOutput(explicitOutput(coins[0]!.asset, fee, new Uint8Array(0)));
  const provider = new MemorySigningProvider(secp);
  for (let n = 1; n <= 9; n++) provider.addKey(privKey(n), true);
  const r = signTransaction({
    variants: [b.build()],
    spentOutput: (i) => ({ scriptPubKey: coins[i]!.script, amount: ConfidentialValue.fromAmount(coins[i]!.value) }),
    provider,
    secp,
  });
  assert.ok(r.complete, JSON.stringify(r.errors));
  return r.tx;
}

function outCoin(tx: Transaction, n: number): Coin {
  const o = tx.outputs[n]!;
  return { outpoint: new OutPoint(tx.txid, n), script: o.scriptPubKey, asset: o.asset.id, value: o.value.amount };
}

type Obj = Record<string, unknown>;

test('oceand wallet ledger: genesis coins, outside payment, restart, invalidateblock, importprivkey rescan', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-wallet-balances-');
  const port = sandbox.port;
  const args = ['-regtest', '-initialfreecoins=2100000000000000'];
  let daemon = await sandbox.start(args);
  const c = async (method: string, params: unknown[] = []) => call(port, method, params);
  // What the wallet owns in CBT, satoshis: available + immature (blocks pay their fees to a wallet key).
  const sats = (v: unknown): bigint => BigInt(Math.round((v as number) * 1e8));
  const owned = async (): Promise<bigint> => {
    const w = (await c('getwalletinfo', ['CBT'])) as Obj;
    return sats(w.balance) + sats(w.immature_balance);
  };

  // A.6: the fresh wallet owns the 100 genesis OP_TRUE coins
  const unspent = (await c('listunspent')) as Obj[];
  assert.equal(unspent.length, 100);
  assert.equal(((await c('getwalletinfo')) as Obj).balance !== undefined, true);
  assert.deepEqual(((await c('getwalletinfo')) as Obj).balance, { CBT: 21000000 });
  assert.equal(await c('getbalance', ['', 1, false, 'CBT']), 21000000);

  const info = (await c('getsidechaininfo')) as { addr_prefixes: { SECRET_KEY: number } };
  const genesis = Block.decode(fromHex((await c('getblock', [await c('getblockhash', [0]), false])) as string));
  const genesisCoin = (i: number): Coin => {
    const coins: Coin[] = [];
    for (const tx of genesis.transactions) {
      tx.outputs.forEach((o, n) => {
        if (o.value.isExplicit && o.scriptPubKey.length === 1 && o.scriptPubKey[0] === OP.OP_TRUE) coins.push(outCoin(tx, n));
      });
    }
    return coins[i]!;
  };

  // tx1: a genesis coin (ours: OP_TRUE) to outside keys 1 and 2, change back to OP_TRUE
  const g0 = genesisCoin(0);
  const tx1 = spendTx([g0], [{ script: p2pkh(1), value: 1000n * COIN }, { script: p2pkh(2), value: 500n * COIN }, { script: Uint8Array.of(OP.OP_TRUE), value: g0.value - 1500n * COIN - 100_000n }], 100_000n);
  await c('sendrawtransaction', [toHex(tx1.toBytes())]);
  await c('generate', [1]);
  const t1 = 21_000_000n * COIN - 1500n * COIN; // the fee came back in the coinbase
  assert.equal(await owned(), t1);
  assert.equal(sats(await c('getbalance', ['', 1, false, 'CBT'])), t1 - 100_000n, 'the coinbase with the fee is immature');

  // tx3: key 2's coin to key 3 — a payment the wallet never sees (nothing in it is the wallet's)
  const tx3 = spendTx([outCoin(tx1, 1)], [{ script: p2pkh(3), value: 500n * COIN - 100_000n }], 100_000n);
  await c('sendrawtransaction', [toHex(tx3.toBytes())]);
  await c('generate', [1]);
  const t2 = t1 + 100_000n;
  assert.equal(await owned(), t2);
  assert.deepEqual(await rpc(port, 'gettransaction', [tx3.txidHex]).then((r) => r.error), { code: -5, message: 'Invalid or non-wallet transaction id' });

  // tx2: from outside (key 1) to a new wallet address
  const address = (await c('getnewaddress')) as string;
  const addr = decodeAddress(address, ChainParams.fromOptionValues(OptionValues.fromSources(['-chain=elementsregtest'], [])).base58);
  const tx2 = spendTx([outCoin(tx1, 0)], [{ script: scriptForDestination({ type: addr.type, hash: addr.hash }), value: 1000n * COIN - 100_000n }], 100_000n);
  const txid2 = (await c('sendrawtransaction', [toHex(tx2.toBytes())])) as string;
  assert.equal(txid2, tx2.txidHex);
  assert.deepEqual(await c('getunconfirmedbalance'), { CBT: 999.999 });
  assert.equal(await owned(), t2);
  let g = (await c('gettransaction', [txid2])) as Obj;
  assert.deepEqual(g.amount, { CBT: 999.999 });
  assert.equal(g.confirmations, 0);
  assert.equal(g.trusted, false);
  assert.equal('fee' in g, false);
  const list = (await c('listtransactions')) as Obj[];
  const receive = list.find((e) => e.txid === txid2)!;
  assert.equal(receive.category, 'receive');
  assert.equal(receive.address, address);
  assert.equal(receive.amount, 999.999);
  assert.equal(receive.vout, 0);

  const [h3] = (await c('generate', [1])) as string[];
  assert.deepEqual(await c('getunconfirmedbalance'), {});
  const t3 = t2 + 1000n * COIN; // 999.999 received + the block's fee
  assert.equal(await owned(), t3);
  g = (await c('gettransaction', [txid2])) as Obj;
  assert.equal(g.confirmations, 1);
  assert.equal(g.blockhash, h3);
  assert.deepEqual(await c('getreceivedbyaddress', [address]), { CBT: 999.999 });

  // restart: the ledger comes back from the wallet file
  await c('stop');
  assert.equal(await daemon.exited, 0);
  daemon = await sandbox.start(args);
  assert.equal(await owned(), t3);
  assert.deepEqual(await c('getunconfirmedbalance'), {});
  assert.equal(((await c('gettransaction', [txid2])) as Obj).confirmations, 1);
  assert.equal(((await c('listunspent')) as Obj[]).filter((u) => u.txid === txid2).length, 1);

  // invalidateblock: the payment goes back to the mempool and the unconfirmed balance
  await c('invalidateblock', [h3]);
  assert.ok(((await c('getrawmempool')) as string[]).includes(txid2));
  g = (await c('gettransaction', [txid2])) as Obj;
  assert.equal(g.confirmations, 0);
  assert.equal('blockhash' in g, false);
  assert.deepEqual(await c('getunconfirmedbalance'), { CBT: 999.999 });
  assert.equal(await owned(), t2);
  await c('reconsiderblock', [h3]);
  assert.equal(((await c('gettransaction', [txid2])) as Obj).confirmations, 1);
  assert.equal(await owned(), t3);
  assert.deepEqual(await c('getunconfirmedbalance'), {});

  // importprivkey with rescan: the old payment to key 3 is found
  const wif = base58CheckEncode(concatBytes(Uint8Array.of(info.addr_prefixes.SECRET_KEY), privKey(3), Uint8Array.of(1)));
  await c('importprivkey', [wif, 'old', true]);
  g = (await c('gettransaction', [tx3.txidHex])) as Obj;
  assert.deepEqual(g.amount, { CBT: 499.999 });
  assert.equal(g.confirmations, 2, 'mined at height 2, tip 3');
  assert.equal(await owned(), t3 + 500n * COIN - 100_000n);

  // -rescan rebuilds the same view from genesis
  const before = { list: await c('listtransactions', ['*', 100]), unspent: await c('listunspent') };
  await c('stop');
  assert.equal(await daemon.exited, 0);
  daemon = await sandbox.start([...args, '-rescan']);
  assert.equal(await owned(), t3 + 500n * COIN - 100_000n);
  assert.deepEqual(await c('listunspent'), before.unspent);
  assert.equal(((await c('listtransactions', ['*', 100])) as Obj[]).length, (before.list as Obj[]).length);
  await c('stop');
  assert.equal(await daemon.exited, 0);
});
