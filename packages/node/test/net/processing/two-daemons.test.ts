/**
 * The processor wired into real daemons: two `bin/oceand` processes on loopback, the second
 * connecting to the first with -connect, sync a mined chain and relay a transaction back.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { call, daemonSandbox, freePort } from '../../support/daemon.js';

async function until(what: string, cond: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('message processor in oceand', () => {
  it('a second daemon syncs 120 blocks over P2P, logs UpdateTip progress, and relays a transaction back', { timeout: 180_000 }, async (t) => {
    const sa = await daemonSandbox(t, 'n3-a-');
    const sb = await daemonSandbox(t, 'n3-b-');
    const pA = await freePort();
    const pB = await freePort();
    const common = ['-chain=elementsregtest', '-initialfreecoins=2100000000000000', '-discover=0', '-listen=1', '-bind=127.0.0.1', '-debug=net'];
    const a = await sa.start([...common, `-port=${pA}`]);
    await call(a.port, 'generate', [120]);
    const b = await sb.start([...common, `-port=${pB}`, `-connect=127.0.0.1:${pA}`]);
    await until('b synced', async () => (await call(b.port, 'getblockcount')) === 120);
    assert.equal(await call(b.port, 'getbestblockhash'), await call(a.port, 'getbestblockhash'));
    const log = readFileSync(join(sb.datadir, 'elementsregtest', 'debug.log'), 'utf8');
    assert.match(log, /UpdateTip: new best=[0-9a-f]{64} height=120 .*progress=1\.000000/);
    // a transaction sent on b reaches a's mempool
    const addr = (await call(a.port, 'getnewaddress')) as string;
    const txid = (await call(b.port, 'sendtoaddress', [addr, 1])) as string;
    await until('tx relayed', async () => ((await call(a.port, 'getrawmempool')) as string[]).includes(txid));
    // and a block mined on a reaches b
    await call(a.port, 'generate', [1]);
    await until('block relayed', async () => (await call(b.port, 'getblockcount')) === 121);
    assert.deepEqual(await call(b.port, 'getrawmempool'), []);
  });
});
