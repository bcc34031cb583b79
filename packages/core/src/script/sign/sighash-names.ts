import { SIGHASH_ALL, SIGHASH_ANYONECANPAY, SIGHASH_NONE, SIGHASH_SINGLE } from '../sighash.js';

/**
 * Core 0.14's `mapSigHashValues` (bitcoin-tx's `sign=FLAGS` and `signrawtransaction`'s
 * `sighashtype`): the six accepted names and their hash types.
 */
export const SIGHASH_TYPE_NAMES: ReadonlyMap<string, number> = new Map([
  ['ALL', SIGHASH_ALL],
  ['ALL|ANYONECANPAY', SIGHASH_ALL | SIGHASH_ANYONECANPAY],
  ['NONE', SIGHASH_NONE],
  ['NONE|ANYONECANPAY', SIGHASH_NONE | SIGHASH_ANYONECANPAY],
  ['SINGLE', SIGHASH_SINGLE],
  ['SINGLE|ANYONECANPAY', SIGHASH_SINGLE | SIGHASH_ANYONECANPAY],
]);
