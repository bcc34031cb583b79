// The spawn path every test shares (OceandProcess, waitForRpc, httpRequest): arguments and
// environment reach the process, stderr is captured (whole or its tail), exit codes and signals are
// reported, a node is found answering (or the wait fails fast when it exits), SIGTERM stops it
// cleanly, kill -9 and a restart on the same data directory keep its chain.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NodeRpc, OceandProcess, RpcFailure, freePort, httpRequest, waitForRpc } from '../src/index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('httpRequest', () => {
  it('sends method, path, body and the given headers on a fresh connection; returns status, headers and body; times out', async (t) => {
    const seen: Seen[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
        if (req.url === '/slow') return; // never answers
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'X-Echo': req.method ?? '' });
        res.end(`got ${Buffer.concat(chunks).length}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const port = (server.address() as { port: number }).port;

    const r = await httpRequest(port, 'POST', '/x?y=1', 'hello', { 'X-Test': 'a' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-echo'], 'POST');
    assert.equal(r.body.toString(), 'got 5');
    assert.deepEqual([seen[0]!.method, seen[0]!.url, seen[0]!.body], ['POST', '/x?y=1', 'hello']);
    assert.equal(seen[0]!.headers['x-test'], 'a');
    assert.equal(seen[0]!.headers['connection'], 'close');
    assert.equal(seen[0]!.headers['content-length'], '5');

    const sized = await httpRequest(port, 'PUT', '/missing', Uint8Array.of(1, 2, 3), { 'Transfer-Encoding': 'chunked' });
    assert.equal(sized.status, 404);
    assert.equal(sized.body.toString(), 'got 3');
    assert.equal(seen[1]!.headers['transfer-encoding'], 'chunked', 'a header the caller sets is used as given');
    assert.equal(seen[1]!.headers['content-length'], undefined);

    await assert.rejects(httpRequest(port, 'GET', '/slow', undefined, {}, { timeoutMs: 200 }), /GET \/slow: no reply within 200 ms/);
  });
});

describe('OceandProcess', () => {
  it('reports the exit code and the whole stderr of a refused start; keeps only the tail when asked', async () => {
    const p = new OceandProcess(['-bogus']);
    assert.equal(await p.exited, 1);
    assert.equal(p.stderr, 'Argument -bogus not recognised.\n');
    assert.equal(p.running, false);
    assert.equal(p.pid, undefined);

    const pieces: string[] = [];
    const tail = new OceandProcess(['-bogus'], { stderrTailChars: 12, onStderr: (s) => pieces.push(s) });
    assert.equal(await tail.exited, 1);
    assert.equal(tail.stderr, 'recognised.\n');
    assert.equal(pieces.join(''), 'Argument -bogus not recognised.\n');
  });

  it('passes Node options and environment variables (and removes those set to undefined)', async () => {
    process.env['HARNESS_PROBE_GONE'] = 'still here';
    try {
      const probe = 'data:text/javascript,process.stderr.write(`probe=${process.env.HARNESS_PROBE} gone=${process.env.HARNESS_PROBE_GONE}\\n`)';
      const p = new OceandProcess(['-bogus'], { execArgv: ['--import', probe], env: { HARNESS_PROBE: 'x1', HARNESS_PROBE_GONE: undefined } });
      assert.equal(await p.exited, 1);
      assert.equal(p.stderr, 'probe=x1 gone=undefined\nArgument -bogus not recognised.\n');
      const inherited = new OceandProcess(['-bogus'], { execArgv: ['--import', probe] });
      assert.equal(await inherited.exited, 1);
      assert.match(inherited.stderr, /^probe=undefined gone=still here\n/);
    } finally {
      delete process.env['HARNESS_PROBE_GONE'];
    }
  });

  it('waits for RPC, stops on SIGTERM with 0, survives kill -9 and a restart on the same data directory, fails fast on a second node on it', { timeout: 120_000 }, async (t) => {
    const datadir = mkdtempSync(join(tmpdir(), 'harness-proc-'));
    const started: OceandProcess[] = [];
    t.after(async () => {
      await Promise.all(started.map((p) => p.kill()));
      rmSync(datadir, { recursive: true, force: true });
    });
    const port = await freePort();
    const args = ['-regtest', '-listen=0', `-datadir=${datadir}`, `-rpcport=${port}`, '-rpcuser=a', '-rpcpassword=b'];
    const rpc = new NodeRpc(port, 'a', 'b');
    const start = async (): Promise<OceandProcess> => {
      const p = new OceandProcess(args);
      started.push(p);
      await waitForRpc(p, rpc, { timeoutMs: 30_000 });
      return p;
    };

    const first = await start();
    assert.ok(first.running);
    assert.equal(typeof first.pid, 'number');
    await rpc.call('generate', [2]);
    // a second node on the same directory exits at once; the wait says so with its stderr
    const second = new OceandProcess(['-regtest', '-listen=0', `-datadir=${datadir}`, `-rpcport=${await freePort()}`, '-rpcuser=a', '-rpcpassword=b']);
    started.push(second);
    await assert.rejects(waitForRpc(second, new NodeRpc(1, 'a', 'b'), { timeoutMs: 30_000, name: 'second' }), /^Error: second: oceand exited \(1\) while starting: .*Cannot obtain a lock on data directory/m);
    assert.equal(await first.kill('SIGTERM'), 0, first.stderr);

    const again = await start();
    assert.equal(await rpc.call('getblockcount'), 2, 'the chain survived the restart');
    await rpc.call('generate', [1]);
    assert.equal(await again.kill(), null, 'kill -9: no exit code');
    assert.equal(again.proc.signalCode, 'SIGKILL');
    assert.equal(await again.kill(), null, 'killing a dead process only waits');

    await start();
    assert.equal(await rpc.call('getblockcount'), 3, 'the acknowledged block survived kill -9');
    // wrong credentials never answer: the wait times out (with the stderr tail) instead of passing
    await assert.rejects(waitForRpc(started.at(-1)!, new NodeRpc(port, 'a', 'wrong'), { timeoutMs: 500, name: 'n' }), /^Error: n: oceand did not answer RPC within 500 ms/);
    // a non-warm-up RPC error is not retried
    await assert.rejects(rpc.call('nosuchmethod'), (e: unknown) => e instanceof RpcFailure && e.code === -32601);
  });
});
