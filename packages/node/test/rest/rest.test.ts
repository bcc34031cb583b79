// End-to-end: `bin/oceand -rest` serves Core 0.14's REST interface on the RPC port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { Block, fromHex, toHex } from '@ocean-ts/core';
import { GENESIS, call, freePort, http, kill, rpc, spendGenesisCoin, startDaemon, waitUntilUp, type Daemon } from '../support/daemon.js';

const FORMATS_404 = 'output format not found (available: .bin, .hex)\r\n';

test('oceand -rest: every endpoint, formats and Core 0.14 errors', async (t) => {
  const datadir = mkdtempSync(join(tmpdir(), 'oceand-rest-'));
  const port = await freePort();
  const daemons: Daemon[] = [];
  t.after(() => {
    for (const d of daemons) kill(d);
    rmSync(datadir, { recursive: true, force: true });
  });
  const d = startDaemon(port, ['-regtest', `-datadir=${datadir}`, '-rest', '-initialfreecoins=2100000000000000']);
  daemons.push(d);
  await waitUntilUp(d);
  const get = (path: string) => http(port, 'GET', path);

  await t.test('JSON-RPC still works on the shared port (auth enforced)', async () => {
    assert.equal(await call(port, 'getblockcount'), 0);
    const noAuth = await http(port, 'POST', '/', '{"method":"getblockcount","params":[],"id":1}');
    assert.equal(noAuth.status, 401);
    const unknownPath = await get('/foo');
    assert.equal(unknownPath.status, 404);
    const unknownRest = await get('/rest/foo.json');
    assert.equal(unknownRest.status, 404);
    assert.equal(unknownRest.body.length, 0);
  });

  await t.test('/rest/chaininfo.json', async () => {
    const r = await get('/rest/chaininfo.json');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    const info = JSON.parse(r.body.toString()) as Record<string, unknown>;
    assert.equal(info.chain, 'elementsregtest');
    assert.equal(info.blocks, 0);
    assert.equal(info.bestblockhash, GENESIS);
    assert.deepEqual(info, await call(port, 'getblockchaininfo'));
    const bad = await get('/rest/chaininfo.bin');
    assert.equal(bad.status, 404);
    assert.equal(bad.body.toString(), 'output format not found (available: json)\r\n');
    assert.equal(bad.headers['content-type'], 'text/plain');
  });

  const hashes = (await call(port, 'generate', [2])) as string[];

  await t.test('/rest/block/<hash>.{bin,hex,json} and /rest/block/notxdetails/', async () => {
    const hex = (await call(port, 'getblock', [hashes[0], 0])) as string;
    const h = await get(`/rest/block/${hashes[0]}.hex`);
    assert.equal(h.status, 200);
    assert.equal(h.headers['content-type'], 'text/plain');
    assert.equal(h.body.toString(), `${hex}\n`);
    const b = await get(`/rest/block/${hashes[0]}.bin`);
    assert.equal(b.headers['content-type'], 'application/octet-stream');
    assert.equal(toHex(b.body), hex);
    const j = await get(`/rest/block/${hashes[0]}.json`);
    assert.equal(j.headers['content-type'], 'application/json');
    const block = JSON.parse(j.body.toString()) as { hash: string; height: number; tx: { txid: string }[] };
    assert.equal(block.hash, hashes[0]);
    assert.equal(block.height, 1);
    assert.equal(typeof block.tx[0]!.txid, 'string');
    const n = JSON.parse((await get(`/rest/block/notxdetails/${hashes[0]}.json`)).body.toString()) as Record<string, unknown>;
    assert.deepEqual(n, await call(port, 'getblock', [hashes[0]]));
  });

  await t.test('/rest/block errors: invalid hash 400, unknown 404, missing format 404', async () => {
    const inv = await get('/rest/block/abcd.json');
    assert.equal(inv.status, 400);
    assert.equal(inv.body.toString(), 'Invalid hash: abcd\r\n');
    const unknownExt = await get(`/rest/block/${hashes[0]}.xml`);
    assert.equal(unknownExt.status, 400);
    assert.equal(unknownExt.body.toString(), `Invalid hash: ${hashes[0]}.xml\r\n`);
    const missing = '00'.repeat(32);
    const nf = await get(`/rest/block/${missing}.json`);
    assert.equal(nf.status, 404);
    assert.equal(nf.body.toString(), `${missing} not found\r\n`);
    const noExt = await get(`/rest/block/${hashes[0]}`);
    assert.equal(noExt.status, 404);
    assert.equal(noExt.body.toString(), FORMATS_404);
  });

  await t.test('/rest/headers/<count>/<hash>', async () => {
    const j = JSON.parse((await get(`/rest/headers/5/${GENESIS}.json`)).body.toString()) as { hash: string }[];
    assert.deepEqual(j.map((x) => x.hash), [GENESIS, ...hashes]);
    const one = JSON.parse((await get(`/rest/headers/1/${hashes[0]}.json`)).body.toString()) as Record<string, unknown>[];
    assert.deepEqual(one, [await call(port, 'getblockheader', [hashes[0]])]);
    const hx = (await get(`/rest/headers/2/${hashes[0]}.hex`)).body.toString();
    const h1 = (await call(port, 'getblockheader', [hashes[0], false])) as string;
    const h2 = (await call(port, 'getblockheader', [hashes[1], false])) as string;
    assert.equal(hx, `${h1}${h2}\n`);
    const bin = await get(`/rest/headers/2/${hashes[0]}.bin`);
    assert.equal(toHex(bin.body), h1 + h2);
    const unknown = JSON.parse((await get(`/rest/headers/1/${'11'.repeat(32)}.json`)).body.toString()) as unknown[];
    assert.deepEqual(unknown, []);
    const r0 = await get(`/rest/headers/0/${GENESIS}.json`);
    assert.equal(r0.status, 400);
    assert.equal(r0.body.toString(), 'Header count out of range: 0\r\n');
    const r2001 = await get(`/rest/headers/2001/${GENESIS}.json`);
    assert.equal(r2001.body.toString(), 'Header count out of range: 2001\r\n');
    const noCount = await get(`/rest/headers/${GENESIS}.json`);
    assert.equal(noCount.status, 400);
    assert.equal(noCount.body.toString(), 'No header count specified. Use /rest/headers/<count>/<hash>.<ext>.\r\n');
    const inv = await get('/rest/headers/1/zz.json');
    assert.equal(inv.body.toString(), 'Invalid hash: zz\r\n');
    assert.equal((await get(`/rest/headers/1/${GENESIS}`)).body.toString(), FORMATS_404);
  });

  const genesis = Block.decode(fromHex((await call(port, 'getblock', [GENESIS, 0])) as string));
  const tx = spendGenesisCoin(genesis, 0, 10_000n);
  const spentCoin = tx.inputs[0]!.prevout;
  const spentRef = `${Buffer.from(spentCoin.txid).reverse().toString('hex')}-${spentCoin.index}`;
  assert.equal(await call(port, 'sendrawtransaction', [toHex(tx.toBytes())]), tx.txidHex);

  await t.test('/rest/tx/<txid> from the mempool; errors', async () => {
    const h = await get(`/rest/tx/${tx.txidHex}.hex`);
    assert.equal(h.status, 200);
    assert.equal(h.body.toString(), `${toHex(tx.toBytes())}\n`);
    assert.equal(toHex((await get(`/rest/tx/${tx.txidHex}.bin`)).body), toHex(tx.toBytes()));
    const j = JSON.parse((await get(`/rest/tx/${tx.txidHex}.json`)).body.toString()) as Record<string, unknown>;
    assert.equal(j.txid, tx.txidHex);
    assert.equal(j.blockhash, undefined);
    const nf = await get(`/rest/tx/${'22'.repeat(32)}.json`);
    assert.equal(nf.status, 404);
    assert.equal(nf.body.toString(), `${'22'.repeat(32)} not found\r\n`);
    const inv = await get('/rest/tx/xyz.hex');
    assert.equal(inv.status, 400);
    assert.equal(inv.body.toString(), 'Invalid hash: xyz\r\n');
    const noExt = await get(`/rest/tx/${tx.txidHex}`);
    assert.equal(noExt.status, 404);
    assert.equal(noExt.body.toString(), 'output format not found (available: .bin, .hex, .json)\r\n');
  });

  await t.test('/rest/mempool/info.json and /rest/mempool/contents.json', async () => {
    const info = JSON.parse((await get('/rest/mempool/info.json')).body.toString()) as Record<string, unknown>;
    assert.equal(info.size, 1);
    assert.deepEqual(info, await call(port, 'getmempoolinfo'));
    const contents = JSON.parse((await get('/rest/mempool/contents.json')).body.toString()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(contents), [tx.txidHex]);
    assert.deepEqual(contents, await call(port, 'getrawmempool', [true]));
    const bad = await get('/rest/mempool/info.hex');
    assert.equal(bad.status, 404);
    assert.equal(bad.body.toString(), 'output format not found (available: json)\r\n');
    assert.equal((await get('/rest/mempool/contents.bin')).status, 404);
  });

  await t.test('/rest/getutxos: chain, checkmempool, bin/hex/json, POST body, errors', async () => {
    const newRef = `${tx.txidHex}-0`;
    const chainOnly = JSON.parse((await get(`/rest/getutxos/${newRef}/${spentRef}.json`)).body.toString()) as Record<string, unknown>;
    assert.equal(chainOnly.chainHeight, 2);
    assert.equal(chainOnly.chaintipHash, hashes[1]);
    assert.equal(chainOnly.bitmap, '00', 'new output not in chain; genesis coin spent in the mempool');
    assert.deepEqual(chainOnly.utxos, []);
    const withPool = JSON.parse((await get(`/rest/getutxos/checkmempool/${newRef}/${spentRef}.json`)).body.toString()) as { bitmap: string; utxos: Record<string, unknown>[] };
    assert.equal(withPool.bitmap, '10');
    assert.equal(withPool.utxos.length, 1);
    assert.equal(withPool.utxos[0]!.height, 2147483647);
    assert.equal(withPool.utxos[0]!.txvers, 2);
    assert.equal((withPool.utxos[0]!.scriptPubKey as { hex: string }).hex, '51');
    // Another genesis coin: unspent in the chain at height 0.
    const other = spendGenesisCoin(genesis, 1, 1n).inputs[0]!.prevout;
    const otherRef = `${Buffer.from(other.txid).reverse().toString('hex')}-${other.index}`;
    const hit = JSON.parse((await get(`/rest/getutxos/${otherRef}.json`)).body.toString()) as { bitmap: string; utxos: Record<string, unknown>[] };
    assert.equal(hit.bitmap, '1');
    assert.equal(hit.utxos[0]!.height, 0);
    // Binary: int32 height | tip hash | bitmap vector | coins vector.
    const bin = (await get(`/rest/getutxos/checkmempool/${newRef}/${spentRef}.bin`)).body;
    assert.equal(bin.readInt32LE(0), 2);
    assert.equal(Buffer.from(bin.subarray(4, 36)).reverse().toString('hex'), hashes[1]);
    assert.equal(bin[36], 1);
    assert.equal(bin[37], 0b01);
    assert.equal(bin[38], 1);
    assert.equal(bin.readUInt32LE(39), 2);
    assert.equal(bin.readUInt32LE(43), 0x7fffffff);
    const hex = (await get(`/rest/getutxos/checkmempool/${newRef}/${spentRef}.hex`)).body.toString();
    assert.equal(hex, `${bin.toString('hex')}\n`);
    // POSTed binary request: checkmempool byte, outpoint vector.
    const body = Buffer.concat([Buffer.from([1, 1]), Buffer.from(tx.txid), Buffer.from([0, 0, 0, 0])]);
    const posted = await http(port, 'POST', '/rest/getutxos.bin', body);
    assert.equal(posted.status, 200);
    assert.equal(posted.body.toString('hex'), Buffer.concat([bin.subarray(0, 36), Buffer.from([1, 1]), bin.subarray(38)]).toString('hex'));
    const postedHex = await http(port, 'POST', '/rest/getutxos.hex', body.toString('hex'));
    assert.equal(postedHex.status, 200);
    const combo = await http(port, 'POST', `/rest/getutxos/${newRef}.bin`, body);
    assert.equal(combo.status, 400);
    assert.equal(combo.body.toString(), 'Combination of URI scheme inputs and raw post data is not allowed\r\n');
    const empty = await get('/rest/getutxos.json');
    assert.equal(empty.status, 400);
    assert.equal(empty.body.toString(), 'Error: empty request\r\n');
    assert.equal((await get('/rest/getutxos/checkmempool.json')).body.toString(), 'Error: empty request\r\n');
    const parse = await get('/rest/getutxos/zz-0.json');
    assert.equal(parse.status, 400);
    assert.equal(parse.body.toString(), 'Parse error\r\n');
    assert.equal((await get(`/rest/getutxos/${tx.txidHex}-x.json`)).body.toString(), 'Parse error\r\n');
    assert.equal((await http(port, 'POST', '/rest/getutxos.bin', Buffer.from([1, 5]))).body.toString(), 'Parse error\r\n');
    const many = Array.from({ length: 16 }, (_, i) => `${tx.txidHex}-${i}`).join('/');
    const tooMany = await get(`/rest/getutxos/${many}.json`);
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.toString(), 'Error: max outpoints exceeded (max: 15, tried: 16)\r\n');
    const noFormat = await get(`/rest/getutxos/${newRef}`);
    assert.equal(noFormat.status, 404);
    assert.equal(noFormat.body.toString(), 'output format not found (available: .bin, .hex, .json)\r\n');
  });

  await t.test('a confirmed transaction is found without -txindex (unspent-output lookup)', async () => {
    const [h3] = (await call(port, 'generate', [1])) as string[];
    const j = JSON.parse((await get(`/rest/tx/${tx.txidHex}.json`)).body.toString()) as Record<string, unknown>;
    assert.equal(j.blockhash, h3);
    assert.equal(j.confirmations, 1);
    const u = JSON.parse((await get(`/rest/getutxos/${tx.txidHex}-0.json`)).body.toString()) as { bitmap: string; utxos: { height: number }[] };
    assert.equal(u.bitmap, '1');
    assert.equal(u.utxos[0]!.height, 3);
  });

  await t.test('REST and RPC connections in parallel; a request line split across packets is routed', async () => {
    const results = await Promise.all([get('/rest/chaininfo.json'), call(port, 'getblockcount'), get(`/rest/block/${hashes[0]}.hex`), call(port, 'getbestblockhash')]);
    assert.equal(results[0].status, 200);
    assert.equal(results[1], 3);
    assert.equal(results[2].status, 200);
    const reply = await new Promise<string>((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      let out = '';
      s.on('data', (c: Buffer) => (out += c.toString()));
      s.on('end', () => resolve(out));
      s.on('error', reject);
      s.write('GET /re');
      setTimeout(() => s.write('st/chaininfo.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 50);
    });
    assert.match(reply, /^HTTP\/1\.1 200 /);
    assert.match(reply, /"chain":"elementsregtest"/);
  });

  await t.test('one keep-alive connection mixes REST and JSON-RPC requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const send = (method: string, path: string, body: string, auth: boolean) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const headers: Record<string, string> = auth ? { Authorization: `Basic ${Buffer.from('u:p').toString('base64')}` } : {};
        const q = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
          sockets.add(res.socket);
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        q.on('error', reject);
        q.end(body);
      });
    try {
      const rpcBody = '{"method":"getblockcount","params":[],"id":1}';
      assert.equal((await send('POST', '/', rpcBody, true)).body, '{"result":3,"error":null,"id":1}\n');
      const info = await send('GET', '/rest/chaininfo.json', '', false);
      assert.equal(info.status, 200);
      assert.equal((JSON.parse(info.body) as { blocks: number }).blocks, 3);
      assert.equal((await send('POST', '/', rpcBody, true)).status, 200);
      assert.equal((await send('GET', `/rest/block/${hashes[0]}.hex`, '', false)).status, 200);
      assert.equal(sockets.size, 1);
    } finally {
      agent.destroy();
    }
  });

  await t.test('REST needs no credentials and ignores wrong ones; unknown HTTP methods are 405', async () => {
    const wrong = await http(port, 'GET', '/rest/chaininfo.json', undefined, { Authorization: `Basic ${Buffer.from('u:wrong').toString('base64')}` });
    assert.equal(wrong.status, 200);
    const del = await http(port, 'DELETE', '/rest/chaininfo.json');
    assert.equal(del.status, 405);
    assert.equal(del.body.length, 0);
    const head = await http(port, 'HEAD', '/rest/chaininfo.json');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
  });

  await t.test('stop over JSON-RPC on the shared port → exit 0', async () => {
    assert.equal(await call(port, 'stop'), 'Ocean server stopping');
    assert.equal(await d.exited, 0);
  });
});

test('oceand without -rest: /rest/ is 404', async (t) => {
  const datadir = mkdtempSync(join(tmpdir(), 'oceand-rest-'));
  const port = await freePort();
  const d = startDaemon(port, ['-regtest', `-datadir=${datadir}`]);
  t.after(() => {
    kill(d);
    rmSync(datadir, { recursive: true, force: true });
  });
  await waitUntilUp(d);
  const r = await http(port, 'GET', '/rest/chaininfo.json');
  assert.equal(r.status, 404);
  assert.equal(r.body.length, 0);
  assert.equal((await rpc(port, 'stop')).result, 'Ocean server stopping');
  assert.equal(await d.exited, 0);
});
