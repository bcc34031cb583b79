// P2P block sync through real processes: node A holds a chain of BLOCKS blocks × TXS pre-signed
// P2PKH 1-in-2-out spends (built as `p2pkh-fixture.ts` builds them, fed to A with submitblock);
// node B, started empty, connects to A and syncs it over P2P (headers first, then blocks); node C,
// also fresh, is given the same blocks with submitblock over RPC — the non-P2P floor. Prints
// blocks/s and tx/s of both and the same-run ratio P2P / submitblock.
// `BENCH_P2P_BLOCKS` / `BENCH_P2P_TXS` scale it (default 200 × 1,000).
import { Block, fromHex, loadNativeSecp256k1, toHex, type Transaction } from '@ocean-ts/core';
import { OceanNetwork, waitFor, type HarnessNode } from '../packages/test-harness/src/index.js';
import { assembleBlock, benchKeys, fanOut, genesisOpTrueCoins, signedSpend } from './p2pkh-fixture.js';

const BLOCKS = Number(process.env['BENCH_P2P_BLOCKS'] ?? 200);
const TXS = Number(process.env['BENCH_P2P_TXS'] ?? 1000);
/** Outputs per fan-out transaction, and fan-out transactions per funding block. */
const FAN_OUT = 400;
const FANS_PER_BLOCK = 25;

function line(name: string, value: string, note = ''): void {
  console.log(`${name.padEnd(52)} ${value.padStart(14)}${note ? `  ${note}` : ''}`);
}

/** submitblock of every block in order; seconds. */
async function submitAll(node: HarnessNode, hexes: readonly string[]): Promise<number> {
  const t0 = performance.now();
  for (const hex of hexes) {
    const r = await node.call('submitblock', [hex]);
    if (r !== null) throw new Error(`bench: submitblock on ${node.name}: ${JSON.stringify(r)}`);
  }
  return (performance.now() - t0) / 1000;
}

export async function benchP2pSync(): Promise<void> {
  const cleanups: (() => unknown)[] = [];
  try {
    const net = await OceanNetwork.start(
      { after: (fn) => cleanups.push(fn) },
      {
        nodes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
        topology: 'none',
        // consistency checks off, as in the node bench (regtest turns them on by default)
        commonArgs: ['-regtest', '-initialfreecoins=2100000000000000', '-printtoconsole=0', '-checkmempool=0', '-checkblockindex=0'],
        prefix: 'ocean-bench-p2p-',
      },
    );
    const [a, b, c] = net.nodes as [HarnessNode, HarnessNode, HarnessNode];

    // --- the workload: funding blocks (fan-outs to P2PKH keys), then BLOCKS blocks of TXS spends
    const secp = loadNativeSecp256k1();
    const genesis = Block.decode(fromHex(await a.call<string>('getblock', [await a.call<string>('getblockhash', [0]), false])));
    const source = genesisOpTrueCoins(genesis).sort((x, y) => (x.out.value.amount < y.out.value.amount ? 1 : -1))[0]!;
    const asset = source.out.asset.id;
    const keys = benchKeys(secp, 16);
    const buildStart = performance.now();
    const funding = fanOut(source, keys, BLOCKS * TXS, FAN_OUT, 100_000_000n);
    const now = Math.floor(Date.now() / 1000);
    const chain: Block[] = [];
    let prev = genesis;
    for (let i = 0; i < funding.txs.length; i += FANS_PER_BLOCK) {
      prev = assembleBlock(prev, funding.txs.slice(i, i + FANS_PER_BLOCK), asset, now);
      chain.push(prev);
    }
    const fundingBlocks = chain.length;
    const spends: Transaction[] = funding.coins.map((coin, i) => signedSpend(secp, coin, keys[(i + 1) % keys.length]!));
    for (let i = 0; i < spends.length; i += TXS) {
      prev = assembleBlock(prev, spends.slice(i, i + TXS), asset, now);
      chain.push(prev);
    }
    const hexes = chain.map((blk) => toHex(blk.toBytes()));
    const txCount = chain.reduce((n, blk) => n + blk.transactions.length - 1, 0);
    const bytes = hexes.reduce((n, h) => n + h.length / 2, 0);
    const tip = chain[chain.length - 1]!.header.hashHex;
    console.log(
      `(${fundingBlocks} funding blocks + ${BLOCKS} blocks × ${TXS} P2PKH spends: ${chain.length} blocks, ${txCount} transactions, ${(bytes / 1e6).toFixed(1)} MB; built and signed in ${((performance.now() - buildStart) / 1000).toFixed(1)} s)`,
    );

    // --- A gets the chain by submitblock (its figure: a fresh node, like C's)
    const secsA = await submitAll(a, hexes);
    if ((await a.call('getbestblockhash')) !== tip) throw new Error('bench: A is not at the tip');

    // --- B syncs from A over P2P
    const p2pStart = performance.now();
    await net.connect(b, a);
    await waitFor(async () => (await b.call<string>('getbestblockhash')) === tip, { timeoutMs: 30 * 60_000, intervalMs: 50, what: 'B at the tip' });
    const secsP2p = (performance.now() - p2pStart) / 1000;
    await net.disconnect(b, a);

    // --- C, fresh, gets the same blocks by submitblock
    const secsC = await submitAll(c, hexes);
    if ((await c.call('getbestblockhash')) !== tip) throw new Error('bench: C is not at the tip');
    const utxo = await Promise.all([a, b, c].map(async (n) => (await n.call<{ hash_serialized: string }>('gettxoutsetinfo')).hash_serialized));
    if (!utxo.every((h) => h === utxo[0])) throw new Error(`bench: UTXO sets differ: ${utxo.join(' ')}`);

    const rates = (secs: number) => ({ blocks: chain.length / secs, txs: txCount / secs });
    const p2p = rates(secsP2p);
    const floor = rates(secsC);
    const first = rates(secsA);
    line('P2P sync B ← A (connect to tip)', `${p2p.blocks.toFixed(2)} blocks/s`, `${secsP2p.toFixed(1)} s, ratio vs submitblock on C: ${(p2p.blocks / floor.blocks).toFixed(3)}`);
    line('  transactions', `${Math.round(p2p.txs)} tx/s`);
    line('submitblock into fresh node C (RPC floor)', `${floor.blocks.toFixed(2)} blocks/s`, `${secsC.toFixed(1)} s`);
    line('  transactions', `${Math.round(floor.txs)} tx/s`);
    line('submitblock into fresh node A (source, first run)', `${first.blocks.toFixed(2)} blocks/s`, `${secsA.toFixed(1)} s`);
  } finally {
    for (const fn of cleanups) await fn();
  }
}

// `node --import tsx bench/p2p-sync.bench.ts` runs this bench alone.
if (import.meta.url === `file://${process.argv[1]}`) await benchP2pSync();
