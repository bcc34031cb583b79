// kill -9 of the real `bin/oceand` while its wallet sends (sendtoaddress / sendmany / getnewaddress
// in flight), then a restart on the same data directory. After every kill: every send the node
// acknowledged is in the wallet; no key is lost (getnewaddress never hands out an address seen
// before — handed out, or paid to by a wallet transaction, change included); no output is spent by
// two wallet transactions; and, once a block confirmed what the restart offered to the mempool
// again, getbalance equals the sum of listunspent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestNode } from '../support/test-node.js';

const TRIALS = 10;
const COIN = 100_000_000n;
type Obj = Record<string, unknown>;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sats = (v: unknown): bigint => {
  const text = String(v);
  const neg = text.startsWith('-');
  const [w, f = ''] = (neg ? text.slice(1) : text).split('.');
  const abs = BigInt(w!) * COIN + BigInt(f.padEnd(8, '0'));
  return neg ? -abs : abs;
};

interface DecodedTx {
  txid: string;
  vin: { txid?: string; vout?: number }[];
  vout: { scriptPubKey: { addresses?: string[] } }[];
}

/** Every wallet transaction, decoded (listtransactions gives the txids; gettransaction the hex). */
async function walletTxs(node: TestNode): Promise<DecodedTx[]> {
  const list = await node.call<Obj[]>('listtransactions', ['*', 100000, 0, true]);
  const ids = [...new Set(list.map((e) => e.txid as string))];
  const out: DecodedTx[] = [];
  for (const id of ids) {
    const g = await node.call<Obj>('gettransaction', [id, true]);
    out.push(await node.call<DecodedTx>('decoderawtransaction', [g.hex]));
  }
  return out;
}

test(`kill -9 during wallet sends: ${TRIALS} trials, no key lost, no double spend, balances consistent`, async () => {
  const seed = Date.now() % 1_000_000_007;
  const random = prng(seed);
  const node = await TestNode.create({ args: ['-regtest', '-initialfreecoins=2100000000000000', '-keypool=3'] });
  const seen = new Set<string>(); // every address getnewaddress returned, any run
  const acknowledged = new Set<string>(); // every txid a send returned
  let killedMidSend = 0;
  try {
    for (let trial = 1; trial <= TRIALS; trial++) {
      const where = `trial ${trial} (seed ${seed})`;
      await node.start();
      const outside = await node.call<string>('getnewaddress');
      seen.add(outside);
      let stop = false;
      let inFlight = 0;
      const worker = async (k: number): Promise<void> => {
        while (!stop) {
          inFlight++;
          try {
            const r = random();
            if (r < 0.2) {
              const a = await node.call<string>('getnewaddress');
              assert.ok(!seen.has(a), `${where}: getnewaddress repeated ${a}`);
              seen.add(a);
            } else if (r < 0.35) {
              const a = await node.call<string>('getnewaddress');
              seen.add(a);
              acknowledged.add(await node.call<string>('sendmany', ['', { [a]: 0.5 + k, [outside]: 0.25 }]));
            } else {
              acknowledged.add(await node.call<string>('sendtoaddress', [outside, Number((1 + random() * 100).toFixed(8)), '', '', random() < 0.3]));
            }
          } finally {
            inFlight--;
          }
        }
      };
      const workers = [worker(0), worker(1)].map((p) => p.catch((e: unknown) => (stop ? undefined : Promise.reject(e))));
      await sleep(50 + random() * 700);
      stop = true;
      if (inFlight > 0) killedMidSend++;
      await node.kill();
      await Promise.all(workers);

      // restart on the same directory
      await node.start();
      const txs = await walletTxs(node);
      const inWallet = new Set(txs.map((t) => t.txid));
      for (const id of acknowledged) assert.ok(inWallet.has(id), `${where}: acknowledged send ${id} is in the wallet`);
      // no output spent by two wallet transactions
      const spentBy = new Map<string, string>();
      const paid = new Set<string>();
      for (const t of txs) {
        for (const i of t.vin) {
          if (i.txid === undefined) continue;
          const k = `${i.txid}:${i.vout}`;
          const other = spentBy.get(k);
          assert.ok(other === undefined || other === t.txid, `${where}: ${k} spent by ${other} and ${t.txid}`);
          spentBy.set(k, t.txid);
        }
        for (const o of t.vout) for (const a of o.scriptPubKey.addresses ?? []) paid.add(a);
      }
      // no key lost: new addresses are new
      for (let i = 0; i < 5; i++) {
        const a = await node.call<string>('getnewaddress');
        assert.ok(!seen.has(a), `${where}: getnewaddress after restart repeated a handed-out address ${a}`);
        assert.ok(!paid.has(a), `${where}: getnewaddress after restart returned an address a wallet transaction pays (change key lost) ${a}`);
        seen.add(a);
      }
      // what the restart offered to the mempool gets mined; then the balance is the unspent outputs
      await node.call('generate', [1]);
      const unconfirmed = (await node.call<Obj[]>('listtransactions', ['*', 100000, 0, true])).filter((e) => (e.confirmations as number) === 0 && e.category === 'send');
      assert.deepEqual(unconfirmed.map((e) => e.txid), [], `${where}: every wallet send was mined after the restart`);
      const balance = sats(await node.call('getbalance', ['', 1, false, 'CBT']));
      const unspent = await node.call<Obj[]>('listunspent', [1, 9999999, [], true, 'CBT']);
      const sum = unspent.reduce((s, u) => s + sats(u.amount), 0n);
      assert.equal(balance, sum, `${where}: getbalance == sum(listunspent)`);
      await node.stop();
    }
    assert.ok(killedMidSend > 0 || TRIALS < 3, `at least one kill hit a send in flight (seed ${seed})`);
  } finally {
    await node.cleanup();
  }
});
