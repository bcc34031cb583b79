// `npm run bench`: every benchmark, printing ops/s and ratios within this one run (the machine is
// shared and noisy, so only ratios within a run are meaningful). `npm run bench -- node storage`
// (or BENCH=node,storage) runs only the sections whose name contains one of the words.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchTransactions } from './tx.bench.js';
import { benchVerify } from './verify.bench.js';
import { benchScript } from './script.bench.js';
import { benchStorage } from './storage.bench.js';
import { benchNodeRpc } from './node-rpc.bench.js';

const shared = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../shared');
const only = [...process.argv.slice(2), ...(process.env['BENCH'] ?? '').split(',')].filter((w) => w !== '');
let printed = 0;

/** Runs one section unless a filter is given that none of its name matches. */
async function section(name: string, title: string, run: () => unknown): Promise<void> {
  if (only.length > 0 && !only.some((w) => name.includes(w))) return;
  console.log(`${printed++ ? '\n' : ''}# ${title}`);
  await run();
}

await section('tx', 'transactions: decode + txid', () => benchTransactions(shared));
await section('verify', 'input verification and sighash (ratios vs raw native ECDSA verify)', () => benchVerify(shared));
await section('script', 'script interpreter and sighash caching', () => benchScript(shared));
await section('storage', 'node storage (1M random 36-byte keys, 40-byte values)', () => benchStorage());
await section('node', 'node over JSON-RPC: real bin/oceand -regtest (sendrawtransaction, submitblock, getblockcount)', () => benchNodeRpc());
await section('wallet', 'wallet over JSON-RPC: real bin/oceand -regtest (getbalance / listunspent with 100k outputs, sendtoaddress with 10k)', async () => (await import('./wallet.bench.js')).benchWallet());
await section('p2p', 'P2P block sync: real bin/oceand processes, 200 blocks × 1,000 P2PKH spends synced over P2P vs submitblock into a fresh node', async () => (await import('./p2p-sync.bench.js')).benchP2pSync());
await section('pool', 'block verification: script verifier pool (2 worker threads) vs inline, 1,000 P2PKH spends', async () => (await import('./script-pool.bench.js')).benchScriptPool());
await section('mainstay', 'Mainstay: commitment tree + proofs + attestation write (100k slots), commitment/send throughput, proof endpoint latency', async () => (await import('./mainstay.bench.js')).benchMainstay());
