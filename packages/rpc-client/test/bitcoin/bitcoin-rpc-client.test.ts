import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonObject, parseJson, writeJson } from '@ocean-ts/core';
import {
  BitcoinResultError,
  BitcoinRpcClient,
  RpcCallError,
  parseBitcoinRpcUrl,
  type HttpReply,
  type RpcTransport,
} from '../../src/index.js';
import { reply, withServer } from '../support/http-server.js';

interface Seen {
  readonly method: string;
  readonly params: string;
  readonly auth: string | undefined;
}

/** A fake node: `results[method]` is the raw JSON text of the result, or an error object. */
function fakeNode(results: Record<string, string | { code: number; message: string }>): { transport: RpcTransport; seen: Seen[] } {
  const seen: Seen[] = [];
  const transport: RpcTransport = {
    async post(body: string, headers: Readonly<Record<string, string>>): Promise<HttpReply> {
      const req = parseJson(body) as JsonObject;
      const method = req.get('method') as string;
      seen.push({ method, params: writeJson(req.get('params')!), auth: headers['Authorization'] });
      const id = writeJson(req.get('id')!);
      const r = results[method];
      if (r === undefined) return { status: 404, contentType: 'application/json', body: `{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":${id}}` };
      if (typeof r !== 'string') return { status: 500, contentType: 'application/json', body: `{"result":null,"error":${JSON.stringify(r)},"id":${id}}` };
      return { status: 200, contentType: 'application/json', body: `{"result":${r},"error":null,"id":${id}}` };
    },
  };
  return { transport, seen };
}

const TXID = 'b891111d35ffc72709140b7bd2a82fde20deca53831f42a96704dede42c793d2';
const BLOCK = '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206';
const PREV = '047352f0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

const client = (results: Parameters<typeof fakeNode>[0]) => {
  const f = fakeNode(results);
  return { c: BitcoinRpcClient.fromUrl({ url: 'http://u:p@127.0.0.1:18443', transport: f.transport }), seen: f.seen };
};

test('listunspent: bitcoind parameters, exact satoshis from the number text', async () => {
  const { c, seen } = client({
    listunspent: `[{"txid":"${TXID.toUpperCase()}","vout":0,"address":"2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB","label":"","scriptPubKey":"a91429d13058087ddf2d48de404376fdcb5c4abff4bc87","amount":0.29,"confirmations":3,"spendable":false,"solvable":false,"safe":true},
                   {"txid":"${PREV}","vout":1,"address":"mhUEBanz8ytATniaVvVNyERkHP9Vc9rpHj","account":"old","scriptPubKey":"76a914","amount":0.01040868,"confirmations":0,"spendable":true}]`,
  });
  const all = await c.listUnspent();
  const filtered = await c.listUnspent({ minconf: 0, addresses: ['2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB'] });
  assert.deepEqual(seen.map((s) => [s.method, s.params]), [
    ['listunspent', '[1,9999999]'],
    ['listunspent', '[0,9999999,["2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB"]]'],
  ]);
  assert.equal(seen[0]!.auth, 'Basic ' + Buffer.from('u:p').toString('base64'));
  assert.equal(filtered.length, 2);
  assert.equal(all[0]!.txid, TXID); // lowercased
  assert.equal(all[0]!.amount, 29_000_000);
  assert.equal(all[0]!.label, '');
  assert.equal(all[1]!.amount, 1_040_868);
  assert.equal(all[1]!.label, 'old'); // pre-0.17 `account`
  assert.equal(all[1]!.solvable, false);
});

test('getmempoolentry: old `fee`/`modifiedfee` and new `fees.base`/`fees.modified`, `size` or `vsize`', async () => {
  const old = client({ getmempoolentry: '{"size":194,"fee":0.00001940,"modifiedfee":0.00002,"time":1700000000,"height":100,"depends":[]}' });
  const now = client({
    getmempoolentry: `{"vsize":110,"weight":440,"time":1700000001,"height":101,"fees":{"base":0.0000011,"modified":0.0000011,"ancestor":0.0000011,"descendant":0.0000011},"depends":["${PREV}"]}`,
  });
  const a = await old.c.getMempoolEntry(TXID);
  const b = await now.c.getMempoolEntry(TXID);
  assert.deepEqual(a, { vsize: 194, time: 1700000000, height: 100, fee: 1940, modifiedFee: 2000, depends: [] });
  assert.deepEqual(b, { vsize: 110, time: 1700000001, height: 101, fee: 110, modifiedFee: 110, depends: [PREV] });
  assert.equal(old.seen[0]!.params, `["${TXID}"]`);
});

test('getblock: integer verbosity 1 and 2; scriptPubKey `address` (new) or `addresses` (old)', async () => {
  const tx = (spk: string) =>
    `{"txid":"${TXID}","hash":"${TXID}","version":2,"size":194,"vsize":194,"weight":776,"locktime":0,
      "vin":[{"txid":"${PREV}","vout":0,"scriptSig":{"asm":"","hex":"00"},"sequence":4294967293}],
      "vout":[{"value":0.01040868,"n":0,"scriptPubKey":${spk}}]}`;
  const header = `"hash":"${BLOCK}","confirmations":2,"height":7,"version":536870912,"merkleroot":"${TXID}","time":1700000000,"mediantime":1699999000,"bits":"207fffff","size":300,"previousblockhash":"${PREV}"`;
  const { c, seen } = client({ getblock: `{${header},"tx":[${tx('{"asm":"x","hex":"a914ab87","type":"scripthash","address":"2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB"}')}]}` });
  const b2 = await c.getBlockWithTransactions(BLOCK);
  assert.equal(seen[0]!.params, `["${BLOCK}",2]`);
  assert.equal(b2.height, 7);
  assert.equal(b2.nextblockhash, undefined);
  assert.equal(b2.tx[0]!.vin[0]!.txid, PREV);
  assert.equal(b2.tx[0]!.vin[0]!.sequence, 0xfffffffd);
  assert.equal(b2.tx[0]!.vout[0]!.value, 1_040_868);
  assert.equal(b2.tx[0]!.vout[0]!.scriptPubKey.address, '2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB');
  assert.deepEqual(b2.tx[0]!.vout[0]!.scriptPubKey.addresses, ['2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB']);

  const old = client({ getblock: `{${header},"tx":[${tx('{"asm":"x","hex":"a914ab87","type":"scripthash","reqSigs":1,"addresses":["2N53Hkuyz8gSM2swdAvt7yqzxH8vVCKxgvK"]}')}]}` });
  assert.equal((await old.c.getBlockWithTransactions(BLOCK)).tx[0]!.vout[0]!.scriptPubKey.address, '2N53Hkuyz8gSM2swdAvt7yqzxH8vVCKxgvK');

  const v1 = client({ getblock: `{${header},"tx":["${TXID}"]}` });
  assert.deepEqual((await v1.c.getBlock(BLOCK)).tx, [TXID]);
  assert.equal(v1.seen[0]!.params, `["${BLOCK}",1]`);
});

test('gettransaction: watch-only flag sent; unconfirmed has no blockhash; signed amounts', async () => {
  const { c, seen } = client({
    gettransaction: `{"amount":-0.0001,"fee":-0.0000022,"confirmations":0,"trusted":true,"txid":"${TXID}","walletconflicts":[],"time":1700000000,"timereceived":1700000000,"bip125-replaceable":"yes",
      "details":[{"involvesWatchonly":true,"address":"2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB","category":"send","amount":-0.0001,"label":"","vout":0,"fee":-0.0000022,"abandoned":false}],"hex":"0200"}`,
  });
  const w = await c.getTransaction(TXID);
  assert.equal(seen[0]!.params, `["${TXID}",true]`);
  assert.equal(w.blockhash, undefined);
  assert.equal(w.amount, -10_000);
  assert.equal(w.fee, -220);
  assert.equal(w.details[0]!.involvesWatchonly, true);
  assert.equal(w.details[0]!.fee, -220);
});

test('estimatesmartfee: feerate in sat/kvB; errors and -1 mean no estimate', async () => {
  assert.deepEqual(await client({ estimatesmartfee: '{"feerate":0.00012,"blocks":2}' }).c.estimateSmartFee(2), { feerate: 12_000, blocks: 2, errors: [] });
  assert.deepEqual(await client({ estimatesmartfee: '{"errors":["Insufficient data or no feerate found"],"blocks":0}' }).c.estimateSmartFee(2), {
    feerate: undefined,
    blocks: 0,
    errors: ['Insufficient data or no feerate found'],
  });
  assert.deepEqual(await client({ estimatesmartfee: '{"feerate":-1,"blocks":2}' }).c.estimateSmartFee(2), { feerate: undefined, blocks: 2, errors: [] });
});

test('simple methods: parameters and results', async () => {
  const { c, seen } = client({
    getblockcount: '101',
    getblockhash: `"${BLOCK}"`,
    getbestblockhash: `"${BLOCK}"`,
    getrawtransaction: '"0200000000"',
    sendrawtransaction: `"${TXID}"`,
    getrawmempool: `["${TXID}"]`,
    importaddress: 'null',
    getnewaddress: '"bcrt1qzkm8f3lu6kljfs875mddl9rs72ses5v49vplrl"',
    sendtoaddress: `"${TXID}"`,
    generatetoaddress: `["${BLOCK}"]`,
    testmempoolaccept: `[{"txid":"${TXID}","allowed":false,"reject-reason":"txn-mempool-conflict"}]`,
    gettxout: 'null',
  });
  assert.equal(await c.getBlockCount(), 101);
  assert.equal(await c.getBlockHash(0), BLOCK);
  assert.equal(await c.getBestBlockHash(), BLOCK);
  assert.equal(await c.getRawTransactionHex(TXID), '0200000000');
  assert.equal(await c.sendRawTransaction('00'), TXID);
  assert.deepEqual(await c.getRawMempool(), [TXID]);
  await c.importAddress('2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB', '', false);
  assert.equal(await c.getNewAddress(), 'bcrt1qzkm8f3lu6kljfs875mddl9rs72ses5v49vplrl');
  assert.equal(await c.sendToAddress('2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB', 12_345), TXID);
  assert.deepEqual(await c.generateToAddress(1, 'x'), [BLOCK]);
  assert.deepEqual(await c.testMempoolAccept(['00']), [{ txid: TXID, allowed: false, rejectReason: 'txn-mempool-conflict', vsize: undefined, fee: undefined }]);
  assert.equal(await c.getTxOut(TXID, 1), undefined);
  assert.deepEqual(
    seen.map((s) => `${s.method} ${s.params}`),
    [
      'getblockcount []',
      'getblockhash [0]',
      'getbestblockhash []',
      `getrawtransaction ["${TXID}",false]`,
      'sendrawtransaction ["00"]',
      'getrawmempool [false]',
      'importaddress ["2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB","",false]',
      'getnewaddress []',
      'sendtoaddress ["2MxBi6eodnuoVCw8McGrf1nuoVhastqoBXB",0.00012345]',
      'generatetoaddress [1,"x"]',
      'testmempoolaccept [["00"]]',
      `gettxout ["${TXID}",1,true]`,
    ],
  );
});

test('errors: the node\'s code and message pass through; a malformed result names the member', async () => {
  const { c } = client({
    getrawtransaction: { code: -5, message: 'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.' },
    listunspent: `[{"txid":"${TXID}","vout":0,"scriptPubKey":"00","amount":0.000000001,"confirmations":1,"spendable":true}]`,
    getblockcount: '"x"',
  });
  await assert.rejects(c.getRawTransaction(TXID), (e: unknown) => e instanceof RpcCallError && e.code === -5 && e.message.startsWith('No such mempool'));
  await assert.rejects(c.testMempoolAccept([]), (e: unknown) => e instanceof RpcCallError && e.code === -32601);
  await assert.rejects(c.listUnspent(), (e: unknown) => e instanceof BitcoinResultError && e.path === 'listunspent[0].amount');
  await assert.rejects(c.getBlockCount(), (e: unknown) => e instanceof BitcoinResultError && e.path === 'getblockcount');
});

test('fromUrl / parseBitcoinRpcUrl: bare host:port, credentials, wallet path, cookie file', async () => {
  assert.deepEqual(parseBitcoinRpcUrl('127.0.0.1:18443'), { host: '127.0.0.1', port: 18443, path: '/', credentials: undefined });
  assert.deepEqual(parseBitcoinRpcUrl('http://us%40r:p%3Ass@[::1]:8332/wallet/main'), { host: '::1', port: 8332, path: '/wallet/main', credentials: { user: 'us@r', password: 'p:ss' } });
  assert.throws(() => parseBitcoinRpcUrl('https://h:1'), /only http/);
  assert.throws(() => parseBitcoinRpcUrl('http://h'), /needs a port/);
  assert.throws(() => parseBitcoinRpcUrl('http://h:1/other'), /path/);

  const dir = mkdtempSync(join(tmpdir(), 'btc-cookie-'));
  try {
    writeFileSync(join(dir, '.cookie'), '__cookie__:abc123\n');
    const f = fakeNode({ getblockcount: '5', listunspent: '[]' });
    const c = BitcoinRpcClient.fromUrl({ url: '127.0.0.1:1', cookieFile: join(dir, '.cookie'), wallet: 'ms w', transport: f.transport });
    assert.equal(await c.getBlockCount(), 5);
    assert.equal(f.seen[0]!.auth, 'Basic ' + Buffer.from('__cookie__:abc123').toString('base64'));
    assert.notEqual(c.wallet, c.node);
    assert.throws(() => BitcoinRpcClient.fromUrl({ url: '127.0.0.1:1' }), /no credentials/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('over HTTP: node calls to the URL path, wallet calls to /wallet/<name>', async () => {
  await withServer(
    (req, res) => {
      const id = writeJson((parseJson(req.body) as JsonObject).get('id')!);
      reply(res, 200, `{"result":${req.url === '/' ? '7' : '[]'},"error":null,"id":${id}}`);
    },
    async (s) => {
      const c = BitcoinRpcClient.fromUrl({ url: `http://u:p@127.0.0.1:${s.port}`, wallet: 'ms w' });
      assert.equal(await c.getBlockCount(), 7);
      assert.deepEqual(await c.listUnspent(), []);
      assert.deepEqual(s.seen.map((r) => r.url), ['/', '/wallet/ms%20w']);
      const one = BitcoinRpcClient.fromUrl({ url: `http://u:p@127.0.0.1:${s.port}/wallet/x`, wallet: 'ignored' });
      await assert.rejects(one.getBlockCount(), BitcoinResultError); // '/wallet/x' answers [] here
      assert.equal(s.seen[2]!.url, '/wallet/x');
    },
  );
});
