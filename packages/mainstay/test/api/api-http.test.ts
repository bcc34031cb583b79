import { strict as assert } from 'node:assert';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiMessages as M } from '../../src/api/api-messages.js';
import { MemoryMainstayStore } from '../../src/store/memory-store.js';
import { errorMessage, get, http, loadFixtureStore, okPayload, startApi, type RunningApi } from './support/api-fixture.js';

/** Send raw bytes on a fresh connection; resolve with everything the server wrote before closing. */
function raw(api: RunningApi, bytes: string | Buffer, keepOpen = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(api.port, api.host);
    const chunks: Buffer[] = [];
    s.on('data', (c) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.on('error', reject);
    s.write(bytes);
    // half-close only when asked: the server stops answering pipelined requests after the client's FIN
    if (!keepOpen) s.end();
  });
}

describe('REST API HTTP behaviour', () => {
  let api: RunningApi;
  before(async () => {
    api = await startApi(await loadFixtureStore(), { maxBodyBytes: 64 * 1024 });
  });
  after(() => api.close());

  it('unknown routes are JSON 404 errors, wrong methods JSON 405', async () => {
    for (const path of ['/', '/api', '/api/v2/latestattestation', '/api/v1/nope', '/api/v1/commitment/proof/x', '/api/v1//latestattestation', '/api/v1x']) {
      assert.equal(errorMessage(await http(api, 'GET', path), 404), M.routeNotFound, path);
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const r = await http(api, method, '/api/v1/latestattestation', '');
      assert.equal(errorMessage(r, 405), M.methodNotAllowed, method);
      assert.equal(r.headers['allow'], 'GET');
    }
    const head = await http(api, 'HEAD', '/api/v1/latestattestation');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
  });

  it('the extension routes answer a clear error envelope (out of scope, spec §3.7)', async () => {
    for (const [method, path] of [
      ['POST', '/commitment/add'],
      ['GET', '/token/init?value=10'],
      ['GET', '/token/verify?token_id=x'],
      ['POST', '/spendtoken'],
      ['GET', '/slotexpiry?slot_id=1'],
      ['GET', '/feerate'],
    ] as const) {
      assert.equal(errorMessage(await http(api, method, `/api/v1${path}`, method === 'POST' ? '{}' : undefined)), M.extensionUnsupported, path);
    }
  });

  it('a body over the limit is an error envelope, never a crash (declared and chunked)', async () => {
    const big = Buffer.alloc(100 * 1024, 0x61);
    const r1 = await http(api, 'POST', '/api/v1/commitment/send', big, { 'Content-Type': 'application/json' });
    assert.equal(errorMessage(r1), M.bodyTooLarge);
    assert.equal(r1.headers['connection'], 'close');
    const chunked = await raw(
      api,
      `POST /api/v1/commitment/send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${big.length.toString(16)}\r\n${big.toString()}\r\n0\r\n\r\n`,
    );
    assert.match(chunked, /^HTTP\/1\.1 200 OK/);
    assert.ok(chunked.includes(JSON.stringify(M.bodyTooLarge)));
    // exactly at the limit is read (and then rejected for its content)
    const atLimit = Buffer.alloc(64 * 1024, 0x20);
    assert.equal(errorMessage(await http(api, 'POST', '/api/v1/commitment/send', atLimit)), M.payloadNotBase64);
    assert.equal(okPayload(await get(api, '/')), 'Mainstay-API-v1');
  });

  it('malformed HTTP gets a 400 from the parser and the server keeps serving', async () => {
    assert.match(await raw(api, 'GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400/);
    assert.match(await raw(api, Buffer.from([0, 1, 2, 255, 13, 10, 13, 10])), /^HTTP\/1\.1 400/);
    const ok = await raw(api, 'GET /api/v1/latestattestation HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(ok, /^HTTP\/1\.1 200 OK/);
    assert.equal(okPayload(await get(api, '/')), 'Mainstay-API-v1');
  });

  it('keep-alive: several requests on one connection', async () => {
    const reply = await raw(
      api,
      'GET /api/v1 HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/latestattestation HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      true,
    );
    assert.deepEqual(reply.match(/HTTP\/1\.1 \d{3}/g), ['HTTP/1.1 200', 'HTTP/1.1 404', 'HTTP/1.1 200']);
  });
});

describe('REST API: any exception is `an error occurred in the API`, logged, HTTP 200', () => {
  it('for every route when the store fails', async () => {
    const store = new MemoryMainstayStore();
    await store.close(); // every method now throws
    const api = await startApi(store);
    try {
      const h = '0'.repeat(64);
      const paths = [
        '/latestattestation',
        '/latestcommitment?position=0',
        `/commitment?position=0&merkle_root=${h}`,
        '/commitment/latestproof?position=0',
        `/commitment/verify?position=0&commitment=${h}`,
        `/commitment/proof?position=0&merkle_root=${h}`,
        `/attestation/proof?position=0&txid=${h}`,
        `/commitment/commitment?commitment=${h}`,
        `/merkleroot?merkle_root=${h}`,
        '/position?position=0',
        `/attestation?txid=${h}`,
        `/blockhash?hash=${h}`,
      ];
      for (const p of paths) assert.equal(errorMessage(await get(api, p)), M.internalError, p);
      const send = await http(api, 'POST', '/api/v1/commitment/send', JSON.stringify({ commitment: h, position: 0, token: 't' }));
      assert.equal(errorMessage(send), M.internalError);
      assert.equal(api.logger.messages('error').length, paths.length + 1);
      // parameter errors come before any store access
      assert.equal(errorMessage(await get(api, '/latestcommitment')), M.missingPosition);
    } finally {
      await api.close();
    }
  });
});
