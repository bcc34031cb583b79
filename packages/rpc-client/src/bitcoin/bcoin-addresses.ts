import { base58CheckDecode, base58CheckEncode, concatBytes } from '@ocean-ts/core';
import { bech32Hrp, bech32WithHrp } from './bech32-hrp.js';

interface Prefixes {
  readonly pubkeyhash: number;
  readonly scripthash: number;
  readonly bech32: string;
}

/** Bitcoin Core's regtest prefixes (what Mainstay computes) and bcoin 1.0.2's own regtest ones. */
const CORE_REGTEST: Prefixes = { pubkeyhash: 0x6f, scripthash: 0xc4, bech32: 'bcrt' };
const BCOIN_REGTEST: Prefixes = { pubkeyhash: 0x3c, scripthash: 0x26, bech32: 'rb' };

/**
 * Translates addresses between Bitcoin Core's regtest encoding and bcoin's (p2pkh 0x6f ↔ 0x3c,
 * p2sh 0xc4 ↔ 0x26, bech32 `bcrt` ↔ `rb`). On mainnet and testnet both agree, so the map is the
 * identity. Anything that is not a valid address of the source encoding passes through unchanged
 * (the node then reports it as invalid, as bitcoind would).
 */
export class BcoinAddressMap {
  constructor(readonly regtest: boolean) {}

  /** A caller's (Bitcoin Core) address in bcoin's encoding. */
  toBcoin(address: string): string {
    return this.regtest ? translate(address, CORE_REGTEST, BCOIN_REGTEST) : address;
  }

  /** An address bcoin printed, in Bitcoin Core's encoding. */
  fromBcoin(address: string): string {
    return this.regtest ? translate(address, BCOIN_REGTEST, CORE_REGTEST) : address;
  }
}

function translate(address: string, from: Prefixes, to: Prefixes): string {
  if (bech32Hrp(address) === from.bech32) return bech32WithHrp(address, to.bech32) ?? address;
  let payload: Uint8Array;
  try {
    payload = base58CheckDecode(address);
  } catch {
    return address;
  }
  if (payload.length !== 21) return address;
  const version = payload[0] === from.pubkeyhash ? to.pubkeyhash : payload[0] === from.scripthash ? to.scripthash : undefined;
  if (version === undefined) return address;
  return base58CheckEncode(concatBytes(Uint8Array.of(version), payload.subarray(1)));
}
