/** Address and key prefixes of a Bitcoin network (mainstay spec §0.2). */
export interface BitcoinNetwork {
  readonly name: 'main' | 'testnet' | 'regtest' | 'bcoin-regtest';
  /** P2PKH address version byte. */
  readonly pubkeyHash: number;
  /** P2SH address version byte. */
  readonly scriptHash: number;
  /** WIF private key version byte. */
  readonly wif: number;
  /** Bech32 human-readable part of segwit addresses. */
  readonly bech32: string;
}

export const BITCOIN_MAINNET: BitcoinNetwork = Object.freeze({ name: 'main', pubkeyHash: 0x00, scriptHash: 0x05, wif: 0x80, bech32: 'bc' });
export const BITCOIN_TESTNET: BitcoinNetwork = Object.freeze({ name: 'testnet', pubkeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef, bech32: 'tb' });
/** Bitcoin Core's regtest. */
export const BITCOIN_REGTEST: BitcoinNetwork = Object.freeze({ name: 'regtest', pubkeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef, bech32: 'bcrt' });
/** bcoin's regtest, which differs from Bitcoin Core's (used only with the bcoin test node). */
export const BCOIN_REGTEST: BitcoinNetwork = Object.freeze({ name: 'bcoin-regtest', pubkeyHash: 0x3c, scriptHash: 0x26, wif: 0x5a, bech32: 'rb' });

/**
 * The network for a Mainstay `main.chain` value: `regtest`, `testnet`; anything else is mainnet
 * (as the original). `bcoin-regtest` selects bcoin's regtest prefixes.
 */
export function bitcoinNetworkFromChain(chain: string): BitcoinNetwork {
  switch (chain) {
    case 'regtest':
      return BITCOIN_REGTEST;
    case 'testnet':
      return BITCOIN_TESTNET;
    case 'bcoin-regtest':
      return BCOIN_REGTEST;
    default:
      return BITCOIN_MAINNET;
  }
}
