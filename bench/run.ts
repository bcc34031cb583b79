// `npm run bench`: every benchmark, printing ops/s and ratios within this one run (the machine is
// shared and noisy, so only ratios within a run are meaningful).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchTransactions } from './tx.bench.js';
import { benchVerify } from './verify.bench.js';
import { benchScript } from './script.bench.js';
import { benchStorage } from './storage.bench.js';

const shared = process.env['OCEAN_SHARED'] ?? join(fileURLToPath(new URL('.', import.meta.url)), '../../shared');

console.log('# transactions: decode + txid');
benchTransactions(shared);
console.log('\n# input verification and sighash (ratios vs raw native ECDSA verify)');
benchVerify(shared);
console.log('\n# script interpreter and sighash caching');
benchScript(shared);
console.log('\n# node storage (1M random 36-byte keys, 40-byte values)');
await benchStorage();
