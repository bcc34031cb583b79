import { BITCOIN_MAINNET, BITCOIN_REGTEST, BITCOIN_TESTNET, type BitcoinNetwork } from '@ocean-ts/core';
import { FlagError } from './go-flags.js';

/**
 * The Bitcoin network of a tool's `-chain` flag: `regtest`, `testnet`, `mainnet` (or `main`).
 * Unlike conf.json's `main.chain` (anything else = mainnet), a tool rejects other values: a typo
 * would otherwise print mainnet addresses.
 */
export function toolNetwork(chain: string): BitcoinNetwork {
  switch (chain) {
    case 'regtest':
      return BITCOIN_REGTEST;
    case 'testnet':
      return BITCOIN_TESTNET;
    case 'mainnet':
    case 'main':
      return BITCOIN_MAINNET;
    default:
      throw new FlagError(`invalid value "${chain}" for flag -chain: expected regtest, testnet or mainnet`);
  }
}
