import { ChainParamsError } from './errors.js';
import { interpretBool } from './option-parsing.js';
import { OptionValues, type OptionValuesInput } from './option-values.js';

/** Chain used when neither `-regtest` nor `-chain` is given (the help text wrongly says ocean_main). */
export const DEFAULT_CHAIN = 'ocean_test';
/** Chain selected by `-regtest`. */
export const REGTEST_CHAIN = 'elementsregtest';
export const MAIN_CHAIN = 'ocean_main';
export const GOLD_CHAIN = 'gold_main';

/** Parameter class of a chain name: `ocean_main`, `gold_main`, or custom for every other name. */
export type ChainParamsClass = 'main' | 'gold' | 'custom';

export function chainParamsClass(name: string): ChainParamsClass {
  if (name === MAIN_CHAIN) return 'main';
  if (name === GOLD_CHAIN) return 'gold';
  return 'custom';
}

/**
 * `ChainNameFromCommandLine`: `-testnet` (true) is an error, `-regtest` (true) wins and selects
 * `elementsregtest`, else `-chain` (default `ocean_test`).
 */
export function selectChainName(input: OptionValuesInput): string {
  const values = OptionValues.from(input);
  const testnet = values.get('testnet');
  if (testnet !== undefined && interpretBool(testnet)) {
    throw new ChainParamsError(`Invalid option -testnet: try -chain=${REGTEST_CHAIN} instead.`, 'testnet');
  }
  const regtest = values.get('regtest');
  if (regtest !== undefined && interpretBool(regtest)) return REGTEST_CHAIN;
  const chain = values.get('chain');
  if (chain === undefined) return DEFAULT_CHAIN;
  if (chain === '' || /[\\/]/.test(chain) || chain === '.' || chain === '..') {
    throw new ChainParamsError(`Invalid -chain '${chain}': a chain name is a non-empty directory name`, 'chain');
  }
  return chain;
}
